// The parent's side of the light-reader process (RTMP and RTSP readers): starts it (under tsx,
// pinned when asked) and turns its IPC messages into awaited replies.
import { join } from 'node:path';
import type { ChildProcesses, TrackedChild } from './child-processes';
import { IpcChild } from './ipc-child';
import type { CollectedReport, FromReader, OpenedReport, ToReader } from './reader-protocol';
import type { RtspLowerTransport } from './rtsp-client-session';

export class ReaderClient {
  private constructor(private readonly ipc: IpcChild<ToReader, FromReader>) {}

  /** Starts bench/lib/reader-process.ts; the child gets its own CPU when `pinCpu` is set. */
  static async start(children: ChildProcesses, pinCpu: number | undefined): Promise<ReaderClient> {
    return new ReaderClient(await IpcChild.start<ToReader, FromReader>(children, 'readers', join(import.meta.dirname, 'reader-process.ts'), pinCpu));
  }

  get child(): TrackedChild {
    return this.ipc.child;
  }

  get pid(): number {
    return this.ipc.pid;
  }

  post(msg: ToReader): void {
    this.ipc.post(msg);
  }

  open(url: string, count: number, timeoutMs: number, spreadMs: number, rtspTransport?: RtspLowerTransport): Promise<OpenedReport> {
    return this.ipc.request({ t: 'open', url, count, timeoutMs, spreadMs, rtspTransport }, 'opened', spreadMs + timeoutMs + 30_000);
  }

  /** Closes every reader the process holds. */
  async closeAll(): Promise<void> {
    await this.ipc.request({ t: 'closeAll' }, 'closed', 30_000);
  }

  mark(): void {
    this.post({ t: 'mark' });
  }

  collect(): Promise<CollectedReport> {
    return this.ipc.request({ t: 'collect' }, 'collected', 30_000);
  }
}
