// A benchmark helper process (a light-reader process) seen from the parent: started under the
// same Node and loader flags (tsx) as this process, pinned when asked, and its IPC messages
// turned into awaited replies. One request is awaited at a time.
import type { ChildProcesses, TrackedChild } from './child-processes';

interface Tagged {
  t: string;
}

export class IpcChild<To extends Tagged, From extends Tagged> {
  private waiting: { kind: string; resolve: (m: From) => void; reject: (e: Error) => void } | undefined;
  private exitReason: string | undefined;

  private constructor(readonly child: TrackedChild) {
    child.proc.on('message', (raw) => {
      const msg = raw as From & { message?: string };
      const w = this.waiting;
      if (!w) return;
      if (msg.t === 'error') {
        this.waiting = undefined;
        w.reject(new Error(`${child.label} process: ${msg.message}`));
      } else if (msg.t === w.kind) {
        this.waiting = undefined;
        w.resolve(msg);
      }
    });
    void child.exited.then((code) => {
      this.exitReason = `${child.label} process exited (${code})`;
      this.waiting?.reject(new Error(this.exitReason));
      this.waiting = undefined;
    });
  }

  /** Starts `script` (which sends `{ t: 'ready' }` once listening); on CPU `pinCpu` when set. */
  static async start<To extends Tagged, From extends Tagged>(children: ChildProcesses, label: string, script: string, pinCpu: number | undefined): Promise<IpcChild<To, From>> {
    const nodeArgs = [...process.execArgv, script];
    const [cmd, args] = pinCpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(pinCpu), process.execPath, ...nodeArgs]];
    const child = children.spawn(label, cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const client = new IpcChild<To, From>(child);
    await client.expect('ready', 20_000);
    return client;
  }

  get pid(): number {
    return this.child.proc.pid!;
  }

  post(msg: To): void {
    if (this.exitReason === undefined && this.child.proc.connected) this.child.proc.send(msg);
  }

  /** Posts `msg` and resolves with the first reply of type `kind`. */
  async request<K extends From['t']>(msg: To, kind: K, timeoutMs: number): Promise<Extract<From, { t: K }>> {
    const reply = this.expect(kind, timeoutMs);
    this.post(msg);
    return (await reply) as Extract<From, { t: K }>;
  }

  private expect(kind: string, timeoutMs: number): Promise<From> {
    if (this.exitReason) return Promise.reject(new Error(this.exitReason));
    if (this.waiting) return Promise.reject(new Error(`${this.child.label} process: already waiting for ${this.waiting.kind}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`${this.child.label} process: no '${kind}' within ${timeoutMs} ms`));
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
}
