// nginx with libnginx-mod-rtmp (Debian package), run from a generated config in the run's temp
// dir as a foreground process on a free loopback port; the system nginx is never touched.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export interface NginxOptions {
  /**
   * nginx-rtmp `hls on` with this fragment length (its default is 5 s): the playlist and
   * fragments are written to `<dir>/hls/` and served by an http block at httpBase/hls/bench.m3u8.
   */
  hlsFragmentS?: number;
}

/** The rtmp application lines and the http block serving nginx-rtmp's HLS files from `<dir>/hls`. */
function hlsBlocks(dir: string, fragmentS: number, httpPort: number): { application: string; http: string } {
  return {
    application: `
      hls on;
      hls_path ${join(dir, 'hls')};
      hls_fragment ${fragmentS}s;
      hls_playlist_length ${Math.max(3, fragmentS * 7)}s;`,
    http: `
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen ${LOOPBACK}:${httpPort};
    location /hls {
      types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
      root ${dir};
      add_header Cache-Control no-cache;
    }
  }
}`,
  };
}

/** Starts nginx-rtmp on `port` (default: a free one; tests restart it on the same port). */
export async function startNginx(ctx: StartContext, port?: number, opts: NginxOptions = {}): Promise<ServerStart> {
  if (!existsSync(NGINX)) return { ok: false, skipped: `${NGINX} not found (apt install nginx libnginx-mod-rtmp)` };
  const module = findRtmpModule();
  if (!module) return { ok: false, skipped: 'ngx_rtmp_module.so not found (apt install libnginx-mod-rtmp)' };
  port ??= await freeTcpPort();
  const httpPort = opts.hlsFragmentS === undefined ? undefined : await freeTcpPort();
  const hls = httpPort === undefined ? undefined : hlsBlocks(ctx.dir, opts.hlsFragmentS!, httpPort);
  if (hls) {
    // nginx started by root runs its worker (which writes and serves the HLS files) as nobody:
    // let it into the private temp dir and the hls directory.
    chmodSync(ctx.dir, 0o755);
    mkdirSync(join(ctx.dir, 'hls'), { mode: 0o777 });
    chmodSync(join(ctx.dir, 'hls'), 0o777);
  }
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
      record off;${hls?.application ?? ''}
    }
  }
}${hls?.http ?? ''}
`,
  );
  const { child, logFile } = spawnServer(ctx, 'nginx', NGINX, ['-p', ctx.dir, '-c', conf, '-e', join(ctx.dir, 'nginx-error.log'), '-g', 'daemon off;'], ctx.dir);
  const notReady = await waitForPort(child, port, 10_000);
  if (notReady) {
    await ctx.children.stop(child);
    return { ok: false, skipped: `nginx ${notReady}: ${logTail(logFile)} ${logTail(join(ctx.dir, 'nginx-error.log'))}` };
  }
  if (httpPort !== undefined) {
    const httpNotReady = await waitForPort(child, httpPort, 10_000);
    if (httpNotReady) {
      await ctx.children.stop(child);
      return { ok: false, skipped: `nginx http ${httpNotReady}: ${logTail(join(ctx.dir, 'nginx-error.log'))}` };
    }
  }
  const httpBase = httpPort === undefined ? undefined : `http://${LOOPBACK}:${httpPort}`;
  return { ok: true, server: { name: 'nginx', label: versions(), pid: child.proc.pid!, url: `rtmp://${LOOPBACK}:${port}/${STREAM_PATH}`, httpBase, child, logFile } };
}
