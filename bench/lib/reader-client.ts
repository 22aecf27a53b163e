// The parent's side of the light-reader process: starts it (under tsx, pinned when asked) and
// turns its IPC messages into awaited replies.
import { join } from 'node:path';
import type { ChildProcesses, TrackedChild } from './child-processes';
import type { CollectedReport, FromReader, OpenedReport, ToReader } from './reader-protocol';

export class ReaderClient {
  private waiting: { kind: FromReader['t']; resolve: (m: FromReader) => void; reject: (e: Error) => void } | undefined;
  private exitReason: string | undefined;

  private constructor(readonly child: TrackedChild) {
    child.proc.on('message', (raw) => {
      const msg = raw as FromReader;
      const w = this.waiting;
      if (!w) return;
      if (msg.t === 'error') {
        this.waiting = undefined;
        w.reject(new Error(`reader process: ${msg.message}`));
      } else if (msg.t === w.kind) {
        this.waiting = undefined;
        w.resolve(msg);
      }
    });
    void child.exited.then((code) => {
      this.exitReason = `reader process exited (${code})`;
      this.waiting?.reject(new Error(this.exitReason));
      this.waiting = undefined;
    });
  }

  /**
   * Starts bench/lib/reader-process.ts with the same Node and loader flags (tsx) as this process.
   * The child gets its own CPU when `pinCpu` is set.
   */
  static async start(children: ChildProcesses, pinCpu: number | undefined): Promise<ReaderClient> {
    const script = join(import.meta.dirname, 'reader-process.ts');
    const nodeArgs = [...process.execArgv, script];
    const [cmd, args] = pinCpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(pinCpu), process.execPath, ...nodeArgs]];
    const child = children.spawn('readers', cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const client = new ReaderClient(child);
    await client.expect('ready', 20_000);
    return client;
  }

  get pid(): number {
    return this.child.proc.pid!;
  }

  post(msg: ToReader): void {
    if (this.exitReason === undefined && this.child.proc.connected) this.child.proc.send(msg);
  }

  private expect(kind: FromReader['t'], timeoutMs: number): Promise<FromReader> {
    if (this.exitReason) return Promise.reject(new Error(this.exitReason));
    if (this.waiting) return Promise.reject(new Error(`reader process: already waiting for ${this.waiting.kind}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`reader process: no '${kind}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        kind,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  async open(url: string, count: number, timeoutMs: number, spreadMs: number): Promise<OpenedReport> {
    const reply = this.expect('opened', spreadMs + timeoutMs + 30_000);
    this.post({ t: 'open', url, count, timeoutMs, spreadMs });
    return (await reply) as OpenedReport;
  }

  mark(): void {
    this.post({ t: 'mark' });
  }

  async collect(): Promise<CollectedReport> {
    const reply = this.expect('collected', 30_000);
    this.post({ t: 'collect' });
    return (await reply) as CollectedReport;
  }
}
