// Appends log lines to a file with size rotation: relaybox.log → relaybox.log.1 → … → .N.
// Lines are queued and written in batches by one async loop, so a slow disk never blocks the
// event loop; the queue is bounded, and lines beyond it are counted and reported as dropped.
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';

export interface RotatingFileSinkOptions {
  path: string;
  /** Rotate before a write would take the file past this size. */
  maxBytes: number;
  /** Rotated files kept (relaybox.log.1 … .N); 0 = truncate instead of keeping any. */
  maxFiles: number;
  /** Called once, on the first failure; the sink then discards lines until it is replaced. */
  onError(error: Error): void;
  /** Queue bound in UTF-16 units; default 8 MiB. */
  maxPendingChars?: number;
}

export class RotatingFileSink {
  readonly path: string;
  private maxBytes: number;
  private maxFiles: number;
  private readonly maxPendingChars: number;
  private readonly onError: (error: Error) => void;

  private pending: string[] = [];
  private pendingChars = 0;
  private dropped = 0;
  private handle: FileHandle | null = null;
  private size = 0;
  private draining: Promise<void> | null = null;
  private failed = false;
  private closing = false;

  constructor(opts: RotatingFileSinkOptions) {
    this.path = opts.path;
    this.maxBytes = checkMaxBytes(opts.maxBytes);
    this.maxFiles = checkMaxFiles(opts.maxFiles);
    this.maxPendingChars = opts.maxPendingChars ?? 8 * 1024 * 1024;
    this.onError = opts.onError;
    // Open at once so a bad path is reported at startup, not at the first log line.
    this.kick();
  }

  get isFailed(): boolean {
    return this.failed;
  }

  setLimits(maxBytes: number, maxFiles: number): void {
    this.maxBytes = checkMaxBytes(maxBytes);
    this.maxFiles = checkMaxFiles(maxFiles);
  }

  /** Queues one line (it should end in "\n"). Never throws, never waits. */
  write(line: string): void {
    if (this.failed || this.closing) return;
    if (this.pendingChars + line.length > this.maxPendingChars) {
      this.dropped++;
      return;
    }
    this.pending.push(line);
    this.pendingChars += line.length;
    this.kick();
  }

  /** Resolves when every line queued so far is written (or the sink has failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Writes what is queued, then closes the file. Later writes are ignored. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => {});
  }

  private kick(): void {
    if (this.draining) return;
    // .finally runs asynchronously, so `draining` is always set before it is cleared.
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    try {
      if (!this.handle) await this.openFile();
      while (this.pending.length > 0 && !this.failed) {
        const lines = this.pending;
        this.pending = [];
        this.pendingChars = 0;
        // Lines are dropped only once the queue is full, so they were all logged after this batch.
        if (this.dropped > 0) {
          lines.push(`(${this.dropped} log lines dropped: the log file could not keep up)\n`);
          this.dropped = 0;
        }
        await this.writeLines(lines);
      }
    } catch (err) {
      await this.fail(err);
    }
  }

  private async writeLines(lines: string[]): Promise<void> {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      // A line longer than maxBytes still goes into a file of its own rather than being lost.
      if (this.size + chunkBytes + bytes.length > this.maxBytes && this.size + chunkBytes > 0) {
        await this.writeChunk(chunk, chunkBytes);
        chunk = [];
        chunkBytes = 0;
        await this.rotate();
      }
      chunk.push(bytes);
      chunkBytes += bytes.length;
    }
    await this.writeChunk(chunk, chunkBytes);
  }

  private async writeChunk(chunk: Buffer[], bytes: number): Promise<void> {
    if (bytes === 0 || !this.handle) return;
    const data = chunk.length === 1 ? chunk[0] : Buffer.concat(chunk, bytes);
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    // Close first: Windows cannot rename a file that is open.
    await this.handle?.close();
    this.handle = null;
    if (this.maxFiles === 0) {
      await unlink(this.path).catch(ignoreMissing);
    } else {
      for (let i = this.maxFiles - 1; i >= 1; i--) {
        await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreMissing);
      }
      await rename(this.path, `${this.path}.1`).catch(ignoreMissing);
    }
    await this.openFile();
  }

  private async openFile(): Promise<void> {
    const handle = await open(this.path, 'a');
    try {
      this.size = (await handle.stat()).size;
    } catch (err) {
      await handle.close().catch(() => {});
      throw err;
    }
    this.handle = handle;
  }

  private async fail(err: unknown): Promise<void> {
    if (this.failed) return;
    this.failed = true;
    this.pending = [];
    this.pendingChars = 0;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => {});
    try {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // The reporter failing must not turn into an unhandled rejection of the write loop.
    }
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}

function checkMaxBytes(n: number): number {
  if (!Number.isFinite(n) || n < 1) throw new RangeError(`maxFileBytes must be at least 1, got ${n}`);
  return n;
}

function checkMaxFiles(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`maxFiles must be a whole number ≥ 0, got ${n}`);
  return n;
}
