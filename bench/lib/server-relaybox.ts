// Relaybox itself: `node bin/relaybox.js serve --config <tmp yml>` with every listener on a free
// loopback port (so a running Relaybox or MediaMTX on the default ports does not interfere).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freeTcpPort, freeUdpPort, freeUdpPortPair, LOOPBACK } from './free-port';
import { logTail, spawnServer, STREAM_PATH, waitForPort, type ServerStart, type StartContext } from './server-under-test';

/** Runs scripts/ensure-build.mjs (builds out/ when sources are newer); error text on failure. */
export function ensureRelayboxBuild(root: string): string | undefined {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { cwd: root, stdio: 'inherit', timeout: 600_000 });
  if (r.error) return `ensure-build failed: ${r.error.message}`;
  return r.status === 0 ? undefined : `the build failed (exit ${r.status}); run npm run build`;
}

function version(root: string): string {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'relaybox.js'), '--version'], { encoding: 'utf8', timeout: 20_000 });
  return (r.stdout ?? '').trim().split('\n')[0] || '?';
}

/** `extraConfig`: more lines of the MediaMTX-format config (e.g. `hlsVariant: mpegts`). */
export async function startRelaybox(ctx: StartContext, extraConfig: readonly string[] = []): Promise<ServerStart> {
  const cli = join(ctx.root, 'bin', 'relaybox.js');
  if (!existsSync(join(ctx.root, 'out', 'main', 'cli.js'))) return { ok: false, skipped: 'not built (npm run build)' };
  const rtmpPort = await freeTcpPort();
  const rtspPort = await freeTcpPort();
  const hlsPort = await freeTcpPort();
  const rtp = await freeUdpPortPair();
  const at = (port: number) => `${LOOPBACK}:${port}`;
  const yml = join(ctx.dir, 'relaybox.yml');
  // MediaMTX-format config: every listener runs as it would for a user but on a free port (the
  // fan-out bench reads RTMP, bench:relay RTSP, bench:hls HTTP). logLevel warn: per-connection
  // info lines are not what is measured.
  writeFileSync(
    yml,
    [
      'logLevel: warn',
      'logDestinations: [stdout]',
      `rtmpAddress: ${at(rtmpPort)}`,
      `rtspAddress: ${at(rtspPort)}`,
      `rtpAddress: ${at(rtp)}`,
      `rtcpAddress: ${at(rtp + 1)}`,
      `hlsAddress: ${at(hlsPort)}`,
      `webrtcAddress: ${at(await freeTcpPort())}`,
      `webrtcLocalUDPAddress: ${at(await freeUdpPort())}`,
      `apiAddress: ${at(await freeTcpPort())}`,
      'metrics: no',
      ...extraConfig,
      'paths:',
      '  all_others: {}',
      '',
    ].join('\n'),
  );
  // RELAYBOX_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the server under load.
  const nodeArgs = [...shebangNodeFlags(cli), ...(process.env.RELAYBOX_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const { child, logFile } = spawnServer(ctx, 'relaybox', process.execPath, [...nodeArgs, cli, 'serve', '--config', yml], ctx.dir);
  const notReady = await waitForPort(child, rtmpPort, 20_000);
  if (notReady) {
    await ctx.children.stop(child);
    return { ok: false, skipped: `relaybox ${notReady}: ${logTail(logFile)}` };
  }
  return {
    ok: true,
    server: {
      name: 'relaybox',
      label: `relaybox ${version(ctx.root)}`,
      pid: child.proc.pid!,
      url: `rtmp://${LOOPBACK}:${rtmpPort}/${STREAM_PATH}`,
      rtspUrl: `rtsp://${LOOPBACK}:${rtspPort}/${STREAM_PATH}`,
      httpBase: `http://${LOOPBACK}:${hlsPort}`,
      child,
      logFile,
    },
  };
}

/** The node flags of bin/relaybox.js's `#!/usr/bin/env -S node …` line: measure it as users launch it. */
function shebangNodeFlags(cli: string): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0];
  const m = /^#!.*\bnode\b(.*)$/.exec(first);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}
