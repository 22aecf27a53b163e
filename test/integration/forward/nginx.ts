// nginx-rtmp as a forward destination: the benchmark's launcher (bench/lib/server-nginx.ts),
// with a restart on the same port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcesses } from '../../../bench/lib/child-processes';
import { startNginx } from '../../../bench/lib/server-nginx';
import type { RunningServer } from '../../../bench/lib/server-under-test';

export interface TestNginx {
  /** rtmp://127.0.0.1:PORT/live: append a stream name. */
  readonly app: string;
  readonly port: number;
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts nginx-rtmp on a free port; returns a reason string when it cannot run here. */
export async function startTestNginx(): Promise<TestNginx | string> {
  const dir = await mkdtemp(join(tmpdir(), 'relaybox-forward-nginx-'));
  const children = new ChildProcesses();
  const ctx = { children, dir, root: process.cwd(), cacheDir: dir, pinCpu: undefined, log: () => undefined };
  let server: RunningServer | undefined;
  const start = async (port?: number): Promise<string | undefined> => {
    const r = await startNginx(ctx, port);
    if (!r.ok) return r.skipped;
    server = r.server;
    return undefined;
  };
  const skipped = await start();
  if (skipped || !server) {
    await rm(dir, { recursive: true, force: true });
    return skipped ?? 'nginx did not start';
  }
  const port = Number(new URL(server.url).port);
  return {
    app: `rtmp://127.0.0.1:${port}/live`,
    port,
    kill: async () => {
      if (server) await children.stop(server.child, 0);
      server = undefined;
    },
    restart: async () => {
      const why = await start(port);
      if (why) throw new Error(`nginx did not restart: ${why}`);
    },
    dispose: async () => {
      await children.stopAll();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
