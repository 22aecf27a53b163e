// nginx with libnginx-mod-rtmp (Debian package), run from a generated config in the run's temp
// dir as a foreground process on a free loopback port; the system nginx is never touched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freeTcpPort, LOOPBACK } from './free-port';
import { logTail, spawnServer, STREAM_PATH, waitForPort, type ServerStart, type StartContext } from './server-under-test';

const NGINX = '/usr/sbin/nginx';
const MODULE_CANDIDATES = ['/usr/lib/nginx/modules/ngx_rtmp_module.so', '/usr/share/nginx/modules/ngx_rtmp_module.so'];
const MODULE_CONF = '/usr/share/nginx/modules-available/mod-rtmp.conf';

/** The module's .so: the usual paths, else the load_module line Debian ships in modules-available. */
function findRtmpModule(): string | undefined {
  const direct = MODULE_CANDIDATES.find((p) => existsSync(p));
  if (direct) return direct;
  try {
    const m = /load_module\s+([^;\s]+);/.exec(readFileSync(MODULE_CONF, 'utf8'));
    if (m && existsSync(m[1])) return m[1];
  } catch {
    /* not installed */
  }
  return undefined;
}

function versions(): string {
  const r = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  const nginx = /nginx\/(\S+)/.exec(r.stderr ?? '')?.[1] ?? '?';
  let rtmp = '?';
  try {
    // Debian version "1:1.2.2+dfsg-3" → "1.2.2".
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libnginx-mod-rtmp'], { encoding: 'utf8' });
    rtmp = /^(?:\d+:)?([\d.]+)/.exec(v)?.[1] ?? v;
  } catch {
    /* not a dpkg system */
  }
  return `nginx ${nginx} + nginx-rtmp ${rtmp}`;
}

export async function startNginx(ctx: StartContext): Promise<ServerStart> {
  if (!existsSync(NGINX)) return { ok: false, skipped: `${NGINX} not found (apt install nginx libnginx-mod-rtmp)` };
  const module = findRtmpModule();
  if (!module) return { ok: false, skipped: 'ngx_rtmp_module.so not found (apt install libnginx-mod-rtmp)' };
  const port = await freeTcpPort();
  const conf = join(ctx.dir, 'nginx.conf');
  // One worker, as the other servers are one Node process each. worker_connections and the fd
  // limit are raised so that the reader steps, not nginx's defaults (512), bound the test.
  writeFileSync(
    conf,
    `load_module ${module};
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${join(ctx.dir, 'nginx.pid')};
error_log ${join(ctx.dir, 'nginx-error.log')} warn;
events { worker_connections 8192; }
rtmp {
  server {
    listen ${LOOPBACK}:${port};
    chunk_size 4096;
    application live {
      live on;
      record off;
    }
  }
}
`,
  );
  const { child, logFile } = spawnServer(ctx, 'nginx', NGINX, ['-p', ctx.dir, '-c', conf, '-e', join(ctx.dir, 'nginx-error.log'), '-g', 'daemon off;'], ctx.dir);
  const notReady = await waitForPort(child, port, 10_000);
  if (notReady) {
    await ctx.children.stop(child);
    return { ok: false, skipped: `nginx ${notReady}: ${logTail(logFile)} ${logTail(join(ctx.dir, 'nginx-error.log'))}` };
  }
  return { ok: true, server: { name: 'nginx', label: versions(), pid: child.proc.pid!, url: `rtmp://${LOOPBACK}:${port}/${STREAM_PATH}`, child, logFile } };
}
