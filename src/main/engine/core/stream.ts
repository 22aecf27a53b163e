// A live stream: one publisher's tracks, fanned out to readers (DESIGN §6, mediamtx
// internal/stream). Created by the path when its publisher announces tracks.
import type { Logger } from '../log/logger';
import type { AccessUnit, Track } from '../protocols/media/types';
import type { OutputFormat, ReaderSink } from './format';
import { FormatGroup } from './format-group';
import { GopCache } from './gop-cache';
import { StreamReader, type ReaderHost } from './reader';

export const DEFAULT_WRITE_QUEUE_SIZE = 512;
export const DEFAULT_GOP_CACHE_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_AUDIO_WINDOW_MS = 1000;

export interface StreamOptions {
  tracks: readonly Track[];
  /** Per-reader queue bound, in units (config writeQueueSize). */
  writeQueueSize?: number;
  /** 0 disables the GOP cache. */
  gopCacheMaxBytes?: number;
  audioWindowMs?: number;
  /** Clock for stall detection (ms); injectable for tests. */
  now?: () => number;
  log?: Logger;
}

export interface AddStreamReaderOptions<T> {
  format: OutputFormat<T>;
  sink: ReaderSink<T>;
  /** Default true: with no cached GOP, start at the next keyframe rather than mid-GOP. */
  awaitKeyframe?: boolean;
  /** The sink threw; the reader is already removed. The path closes the session here. */
  onError?: (err: unknown) => void;
}

/** Payload bytes of a unit (what bytesReceived counts). */
export function accessUnitByteLength(au: AccessUnit): number {
  let n = au.payload ? au.payload.length : 0;
  const nalus = au.nalus;
  if (nalus) for (let i = 0; i < nalus.length; i++) n += nalus[i].length;
  return n;
}

export class Stream implements ReaderHost {
  readonly tracks: readonly Track[];
  /** Index of the first video track (its keyframes start GOPs), or -1. */
  readonly videoTrack: number;
  bytesReceived = 0;
  unitsReceived = 0;
  /** Units naming a track that does not exist (dropped). */
  invalidUnits = 0;
  closed = false;
  closeReason: string | null = null;

  private groups: readonly FormatGroup<unknown>[] = [];
  private readonly gop: GopCache;
  private readonly writeQueueSize: number;
  private readonly clock: () => number;
  private readonly log?: Logger;
  // Totals of readers that left, so path counters never go down while the stream lives.
  private departedBytesSent = 0;
  private departedSkippedUnits = 0;
  private departedSkips = 0;

  constructor(opts: StreamOptions) {
    this.tracks = [...opts.tracks];
    this.videoTrack = this.tracks.findIndex((t) => t.kind === 'video');
    this.writeQueueSize = Math.max(1, opts.writeQueueSize ?? DEFAULT_WRITE_QUEUE_SIZE);
    this.clock = opts.now ?? Date.now;
    this.log = opts.log;
    this.gop = new GopCache({
      tracks: this.tracks,
      videoTrack: this.videoTrack,
      maxBytes: opts.gopCacheMaxBytes ?? DEFAULT_GOP_CACHE_MAX_BYTES,
      audioWindowMs: opts.audioWindowMs ?? DEFAULT_AUDIO_WINDOW_MS,
    });
  }

  now(): number {
    return this.clock();
  }

  /** A reader may start here: a keyframe of the video track, or any unit without video. */
  isResumePoint(au: AccessUnit): boolean {
    return this.videoTrack < 0 || (au.track === this.videoTrack && au.key);
  }

  /**
   * From the publisher: one access unit. Encodes once per format and fans out. Hot path.
   * The unit and its buffers are handed over: the GOP cache and reader queues keep references,
   * so the publisher must not reuse or modify them afterwards.
   */
  writeUnit(au: AccessUnit): void {
    if (this.closed) return;
    if (this.tracks[au.track] === undefined) {
      this.invalidUnits++;
      return;
    }
    const size = accessUnitByteLength(au);
    this.bytesReceived += size;
    this.unitsReceived++;
    const resumePoint = this.isResumePoint(au);
    const cached = this.gop.push(au, size, resumePoint);
    const dropped = this.gop.droppedFront;
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      if (dropped > 0) group.dropCacheFront(dropped);
      const unit = group.encode(au, resumePoint, au.track === this.videoTrack);
      if (cached) group.cache.push(unit);
      if (unit === null) continue;
      const readers = group.readers;
      for (let r = 0; r < readers.length; r++) readers[r].offer(unit);
    }
  }

  /**
   * Subscribe a reader. It gets the format's header, then the cached GOP (encoded with its
   * format, shared with the other readers of the format), then live units. The first writes
   * to the sink happen before this returns.
   */
  addReader<T>(opts: AddStreamReaderOptions<T>): StreamReader<T> {
    if (this.closed) throw new Error(`stream closed (${this.closeReason}): cannot add a reader`);
    const group = this.groupFor(opts.format);
    const reader = new StreamReader<T>(
      this,
      group.key,
      opts.sink,
      this.writeQueueSize,
      { header: group.header, cache: group.cache, awaitKeyframe: opts.awaitKeyframe ?? true },
      opts.onError,
    );
    group.addReader(reader);
    reader.start();
    return reader;
  }

  /** Unsubscribe; idempotent. */
  removeReader(reader: StreamReader<unknown>): void {
    for (const group of this.groups) {
      if (!group.removeReader(reader)) continue;
      this.departedBytesSent += reader.bytesSent;
      this.departedSkippedUnits += reader.skippedUnits;
      this.departedSkips += reader.skips;
      reader.detach();
      // The last reader of a format takes its encoder and encoded cache with it.
      if (group.readers.length === 0) this.groups = this.groups.filter((g) => g !== group);
      return;
    }
  }

  readerFailed(reader: StreamReader<unknown>, err: unknown): void {
    this.log?.warn(`reader (${reader.formatKey}) dropped: its sink threw: ${String(err)}`);
    this.removeReader(reader);
    reader.onError?.(err);
  }

  /** The publisher is gone: every reader's sink gets end(reason); writes are ignored from now. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    const groups = this.groups;
    for (const group of groups) {
      for (const reader of group.readers) {
        this.departedBytesSent += reader.bytesSent;
        this.departedSkippedUnits += reader.skippedUnits;
        this.departedSkips += reader.skips;
        reader.end(reason);
      }
    }
    this.groups = [];
    this.gop.reset();
  }

  get readerCount(): number {
    let n = 0;
    for (const group of this.groups) n += group.readers.length;
    return n;
  }

  /** Format keys with at least one reader (one encoder each). */
  formatKeys(): string[] {
    return this.groups.map((g) => g.key);
  }

  get bytesSent(): number {
    let n = this.departedBytesSent;
    for (const group of this.groups) for (const r of group.readers) n += r.bytesSent;
    return n;
  }

  get skippedUnits(): number {
    let n = this.departedSkippedUnits;
    for (const group of this.groups) for (const r of group.readers) n += r.skippedUnits;
    return n;
  }

  get skips(): number {
    let n = this.departedSkips;
    for (const group of this.groups) for (const r of group.readers) n += r.skips;
    return n;
  }

  /** Units in the GOP cache now (for tests and diagnostics). */
  get gopCacheUnits(): number {
    return this.gop.entries.length;
  }

  get gopCacheBytes(): number {
    return this.gop.bytes;
  }

  private groupFor<T>(format: OutputFormat<T>): FormatGroup<T> {
    const existing = this.groups.find((g) => g.key === format.key);
    if (existing) return existing as FormatGroup<T>;
    const group = new FormatGroup<T>(format.key, format.createEncoder(this));
    // Encode the cached GOP now, in order, so this format's encoder sees units in stream order
    // and later readers of the format reuse these encodings.
    const entries = this.gop.entries;
    for (let i = 0; i < entries.length; i++) group.cache.push(group.encode(entries[i], this.isResumePoint(entries[i]), entries[i].track === this.videoTrack));
    this.groups = [...this.groups, group as FormatGroup<unknown>];
    return group;
  }
}
