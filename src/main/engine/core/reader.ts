// One reader of a stream: a bounded queue in front of its sink (DESIGN §6).
//
// Fast path: while the sink accepts (write() returned true), units go straight through and
// nothing is queued. Once the sink reports backpressure, units wait in the queue (at most
// writeQueueSize of them) until the server calls resume(). If the queue would overflow, the
// reader drops everything queued and everything after it until the next video keyframe, where
// video and audio resume together; the drop is counted (skips, skippedUnits). A reader never
// blocks the publisher or other readers. A reader whose sink stays backed up is "stalled"
// (stalledSince); the path closes it after writeTimeout (path.ts closeStalledReaders).
import type { EncodedUnit, ReaderSink } from './format';
import { RingQueue } from './ring-queue';

/** What a reader needs from its stream. */
export interface ReaderHost {
  now(): number;
  readerFailed(reader: StreamReader<unknown>, err: unknown): void;
}

// Reader modes (plain numbers: const enums do not survive isolatedModules across files).
const LIVE = 0;
/** Joined with no cached GOP: wait for the first keyframe (not counted as skipping). */
const AWAIT_KEY = 1;
/** Overflowed: dropping until the next keyframe (counted). */
const SKIPPING = 2;

export interface StreamReaderStats {
  bytesSent: number;
  /** Units dropped because this reader fell behind. */
  skippedUnits: number;
  /** Times this reader overflowed its queue and skipped to the next keyframe. */
  skips: number;
  /** Units waiting in the queue now. */
  queued: number;
}

export class StreamReader<T> {
  bytesSent = 0;
  skippedUnits = 0;
  skips = 0;
  /** When the sink last became backed up without draining since (host clock), else null. */
  stalledSince: number | null = null;
  closed = false;

  private mode: number;
  private backedUp = false;
  private readonly queue = new RingQueue<EncodedUnit<T>>();
  // What a new reader gets before live units: the format header, then the GOP cache as it was
  // at subscription time (the array is never mutated below replayEnd; see stream.ts).
  private header: EncodedUnit<T> | null;
  private replay: readonly (EncodedUnit<T> | null)[] | null;
  private replayPos = 0;
  private readonly replayEnd: number;

  constructor(
    private readonly host: ReaderHost,
    readonly formatKey: string,
    private readonly sink: ReaderSink<T>,
    private readonly capacity: number,
    start: {
      header: EncodedUnit<T> | null;
      cache: readonly (EncodedUnit<T> | null)[];
      /** False: begin with the next unit even if it is not a keyframe. */
      awaitKeyframe: boolean;
    },
    readonly onError?: (err: unknown) => void,
  ) {
    this.header = start.header;
    this.replay = start.cache.length > 0 ? start.cache : null;
    this.replayEnd = start.cache.length;
    this.mode = this.replay === null && start.awaitKeyframe ? AWAIT_KEY : LIVE;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** True while the sink is backed up (items may be waiting in the queue). */
  get isBackedUp(): boolean {
    return this.backedUp;
  }

  stats(): StreamReaderStats {
    return { bytesSent: this.bytesSent, skippedUnits: this.skippedUnits, skips: this.skips, queued: this.queue.length };
  }

  /** Send the header and cached GOP; called once by the stream right after subscribing. */
  start(): void {
    this.flush();
  }

  /** The sink can take more (e.g. the socket emitted 'drain'). */
  resume(): void {
    if (this.closed || !this.backedUp) return;
    this.backedUp = false;
    this.stalledSince = null;
    this.flush();
  }

  /** One live unit, shared with the other readers of this format. Hot path. */
  offer(unit: EncodedUnit<T>): void {
    if (this.closed) return;
    if (this.mode !== LIVE) {
      if (!unit.resumePoint) {
        if (this.mode === SKIPPING) this.skippedUnits++;
        return;
      }
      this.mode = LIVE;
    }
    if (this.backedUp) this.enqueue(unit);
    else this.send(unit);
  }

  /** The stream ended: discard what is queued and tell the sink. */
  end(reason: string): void {
    if (this.closed) return;
    this.detach();
    try {
      this.sink.end?.(reason);
    } catch (err) {
      this.onError?.(err);
    }
  }

  /** Stop delivering (the stream forgets this reader through Stream.removeReader). */
  detach(): void {
    this.closed = true;
    this.queue.clear();
    this.replay = null;
    this.header = null;
    this.backedUp = false;
    this.stalledSince = null;
  }

  private enqueue(unit: EncodedUnit<T>): void {
    if (this.queue.length < this.capacity) {
      this.queue.push(unit);
      return;
    }
    // Overflow. The header (sequence headers, init segment) is kept: without it nothing after
    // the keyframe decodes.
    this.skips++;
    this.skippedUnits += this.queue.length + this.pendingReplay();
    this.queue.clear();
    this.replay = null;
    if (unit.resumePoint) {
      this.queue.push(unit);
    } else {
      this.skippedUnits++;
      this.mode = SKIPPING;
    }
  }

  private pendingReplay(): number {
    if (this.replay === null) return 0;
    let n = 0;
    for (let i = this.replayPos; i < this.replayEnd; i++) if (this.replay[i] !== null) n++;
    return n;
  }

  /** Write one unit; false if the sink is now backed up (or failed). */
  private send(unit: EncodedUnit<T>): boolean {
    let ok: boolean;
    try {
      ok = this.sink.write(unit.item);
    } catch (err) {
      this.detach();
      this.host.readerFailed(this as StreamReader<unknown>, err);
      return false;
    }
    this.bytesSent += unit.size;
    if (!ok) {
      this.backedUp = true;
      if (this.stalledSince === null) this.stalledSince = this.host.now();
    }
    return ok;
  }

  private flush(): void {
    if (this.header !== null) {
      const header = this.header;
      this.header = null;
      if (!this.send(header)) return;
    }
    while (this.replay !== null && this.replayPos < this.replayEnd) {
      const unit = this.replay[this.replayPos++];
      if (unit !== null && !this.send(unit)) return;
    }
    this.replay = null;
    while (this.queue.length > 0 && !this.closed) {
      if (!this.send(this.queue.shift()!)) return;
    }
  }
}
