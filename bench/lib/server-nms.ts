// node-media-server 4, an on-demand tool: installed with npm into .bench-cache/nms/ the first
// time (never into the project's package.json), then run with a generated config on free
// loopback ports.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freeTcpPort, LOOPBACK } from './free-port';
import { logTail, spawnServer, STREAM_PATH, waitForPort, type ServerStart, type StartContext } from './server-under-test';

export const NMS_SPEC = 'node-media-server@4';

function installedPackageDir(prefix: string): string {
  return join(prefix, 'node_modules', 'node-media-server');
}

/** Installs node-media-server into `<cache>/nms` unless present; returns an error text on failure. */
function ensureInstalled(ctx: StartContext, prefix: string): string | undefined {
  if (existsSync(join(installedPackageDir(prefix), 'package.json'))) return undefined;
  mkdirSync(prefix, { recursive: true });
  ctx.log(`installing ${NMS_SPEC} into ${prefix} (once)…`);
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', NMS_SPEC], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.error) return `npm not runnable: ${r.error.message}`;
  if (r.status !== 0) return `npm install ${NMS_SPEC} failed: ${(r.stderr ?? '').trim().slice(-300)}`;
  return existsSync(join(installedPackageDir(prefix), 'package.json')) ? undefined : 'npm install finished but the package is missing';
}

export async function startNms(ctx: StartContext): Promise<ServerStart> {
  const prefix = join(ctx.cacheDir, 'nms');
  const installError = ensureInstalled(ctx, prefix);
  if (installError) return { ok: false, skipped: installError };
  const pkgDir = installedPackageDir(prefix);
  const version = String(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
  const [rtmpPort, httpPort] = [await freeTcpPort(), await freeTcpPort()];
  const config = join(ctx.dir, 'nms.json');
  // No rtmps/https sections (no TLS listeners), no webadmin, no JWT users (so NMS does not
  // generate and write back an admin password), data and recordings inside the temp dir.
  writeFileSync(
    config,
    JSON.stringify({
      bind: LOOPBACK,
      notify: { url: '' },
      store: { path: join(ctx.dir, 'nms-data') },
      auth: { play: false, publish: false, secret: 'bench' },
      rtmp: { port: rtmpPort },
      http: { port: httpPort },
      webadmin: { enable: false },
      record: { auto: false, path: join(ctx.dir, 'nms-record') },
    }),
  );
  const { child, logFile } = spawnServer(ctx, 'nms', process.execPath, [join(pkgDir, 'bin', 'app.js'), '-c', config], ctx.dir);
  const notReady = await waitForPort(child, rtmpPort, 15_000);
  if (notReady) {
    await ctx.children.stop(child);
    return { ok: false, skipped: `node-media-server ${notReady}: ${logTail(logFile)}` };
  }
  return {
    ok: true,
    server: { name: 'nms', label: `node-media-server ${version}`, pid: child.proc.pid!, url: `rtmp://${LOOPBACK}:${rtmpPort}/${STREAM_PATH}`, child, logFile },
  };
}
