// What the benchmark needs from each RTMP server it compares, and the shared start-up plumbing:
// log files in the run's temp dir, optional CPU pinning, waiting for the port.
import { connect } from 'node:net';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcesses, TrackedChild } from './child-processes';
import { LOOPBACK } from './free-port';

export type ServerName = 'relaybox' | 'nginx' | 'nms';
export const SERVER_NAMES: readonly ServerName[] = ['relaybox', 'nginx', 'nms'];

export interface RunningServer {
  name: ServerName;
  /** e.g. "nginx 1.22.1 + nginx-rtmp 1.2.2". */
  label: string;
  /** The process whose tree is measured. */
  pid: number;
  /** Where the publisher publishes and readers play, e.g. rtmp://127.0.0.1:PORT/live/bench. */
  url: string;
  /** The same stream over RTSP (rtsp://127.0.0.1:PORT/live/bench), when the server serves it. */
  rtspUrl?: string;
  /** The HTTP listener serving HLS (http://127.0.0.1:PORT), when the server has one. */
  httpBase?: string;
  child: TrackedChild;
  logFile: string;
}

export type ServerStart = { ok: true; server: RunningServer } | { ok: false; skipped: string };

export interface StartContext {
  children: ChildProcesses;
  /** Private temp dir for this server (config, logs, data). */
  dir: string;
  /** Repository root. */
  root: string;
  /** Cache dir for downloads and the clip (.bench-cache/). */
  cacheDir: string;
  /** CPU to pin the server to (taskset -c), or undefined. */
  pinCpu: number | undefined;
  log: (line: string) => void;
}

/** The stream path every server is asked for: app "live", stream "bench". */
export const STREAM_PATH = 'live/bench';

/** Spawns `command` with stdout/stderr into `<dir>/<name>.log`, under taskset when pinning. */
export function spawnServer(ctx: StartContext, name: ServerName, command: string, args: string[], cwd: string): { child: TrackedChild; logFile: string } {
  const logFile = join(ctx.dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const [cmd, argv] = ctx.pinCpu === undefined ? [command, args] : ['taskset', ['-c', String(ctx.pinCpu), command, ...args]];
  const child = ctx.children.spawn(name, cmd, argv, { cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { child, logFile };
}

export function logTail(file: string, chars = 600): string {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text.length > chars ? `…${text.slice(-chars)}` : text;
  } catch {
    return '';
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: LOOPBACK, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Waits until something accepts TCP on the port; undefined when ready, else why not. */
export async function waitForPort(child: TrackedChild, port: number, timeoutMs: number): Promise<string | undefined> {
  let exited: number | string | undefined;
  void child.exited.then((c) => (exited = c));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) return `exited (${exited}) before listening`;
    if (await canConnect(port)) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `not listening on ${LOOPBACK}:${port} after ${timeoutMs} ms`;
}
