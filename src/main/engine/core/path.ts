// One path: at most one publisher, many readers (DESIGN §6, mediamtx internal/core/path.go).
// Everything here is synchronous; the path manager does the waiting (auth delays, on-demand).
import type { PathInfo, SourceStatus } from '../../../shared/api';
import type { PathConf } from '../../../shared/config';
import type { Logger } from '../log/logger';
import type { Track } from '../protocols/media/types';
import type { OutputFormat, ReaderSink } from './format';
import { AlwaysAvailableStream, type OfflineSlate } from './always-available';
import { mediamtxCodecName } from './path-info';
import {
  sessionTypeOf,
  type AddPublisherResult,
  type AddReaderResult,
  type PathAccessRequest,
  type PathPublisher,
  type PathReader,
  type SessionControl,
} from './path-requests';
import type { StreamReader } from './reader';
import { Stream, type StreamOptions } from './stream';

/** What a path needs from its manager. */
export interface PathHost {
  readonly log: Logger;
  now(): number;
  streamOptions(): Omit<StreamOptions, 'tracks'>;
  pathReady(path: Path): void;
  pathNotReady(path: Path): void;
  /** Publisher or readers changed (for the API's paths event). */
  pathChanged(path: Path): void;
  /** No publisher, no readers, nobody waiting: the manager may forget the path. */
  pathIdle(path: Path): void;
  /** The pulled source of this path, if it has one (sources manager). */
  sourceReport(path: Path): SourceReport | undefined;
}

/** What a pulled source tells the API about itself (engine/sources). */
export interface SourceReport {
  status: SourceStatus;
  /** Bytes received from the remote (wire bytes; payload bytes if the driver does not count). */
  bytesReceived: number;
}

function closeSession(session: SessionControl, reason: string, log: Logger): void {
  try {
    session.close(reason);
  } catch (err) {
    log.warn(`closing a session threw: ${String(err)}`);
  }
}

class PublisherHandle implements PathPublisher {
  readonly type: string;
  readonly id: string;
  /** The publisher's query string (MTX_QUERY of ready hooks); may hold credentials: never log it. */
  readonly query: string;
  closed = false;

  constructor(
    private readonly path: Path,
    req: PathAccessRequest,
    readonly session: SessionControl,
  ) {
    this.type = sessionTypeOf(req);
    this.id = req.id;
    this.query = req.query;
  }

  get pathName(): string {
    return this.path.name;
  }

  get stream(): Stream | null {
    if (this.path.publisher !== this) return null;
    return this.path.alwaysAvailable ? this.path.liveInput : this.path.stream;
  }

  setTracks(tracks: readonly Track[]): Stream {
    return this.path.publisherSetTracks(this, tracks);
  }

  close(reason = 'publisher ended'): void {
    this.path.removePublisher(this, reason, false);
  }
}

class ReaderHandle implements PathReader {
  readonly type: string;
  readonly id: string;
  readonly protocol: PathAccessRequest['protocol'];
  /** The reader's query string (MTX_QUERY of read hooks); may hold credentials: never log it. */
  readonly query: string;
  closed = false;
  readonly subscriptions: StreamReader<unknown>[] = [];

  constructor(
    private readonly path: Path,
    readonly stream: Stream,
    req: PathAccessRequest,
    readonly session: SessionControl,
  ) {
    this.type = sessionTypeOf(req);
    this.id = req.id;
    this.protocol = req.protocol;
    this.query = req.query;
  }

  get pathName(): string {
    return this.path.name;
  }

  get bytesSent(): number {
    let n = 0;
    for (const s of this.subscriptions) n += s.bytesSent;
    return n;
  }

  subscribe<T>(opts: { format: OutputFormat<T>; sink: ReaderSink<T>; awaitKeyframe?: boolean }): StreamReader<T> {
    if (this.closed) throw new Error(`reader ${this.id} of path "${this.path.name}" is closed: cannot subscribe`);
    const sub = this.stream.addReader({
      ...opts,
      onError: (err) => this.path.removeReader(this, `write failed: ${String(err)}`, true),
    });
    this.subscriptions.push(sub as StreamReader<unknown>);
    return sub;
  }

  close(): void {
    this.path.removeReader(this, 'reader closed', false);
  }
}

export class Path {
  publisher: PublisherHandle | null = null;
  stream: Stream | null = null;
  readonly readers = new Set<ReaderHandle>();
  readyTime: number | null = null;
  closed = false;
  /** Readers waiting for an on-demand source; keeps the path from being forgotten. */
  pendingDemand = 0;
  /** >0 while an operation is half done (e.g. an override between old and new publisher). */
  private holds = 0;
  /** alwaysAvailable: the path-level stream that outlives publishers, and the publisher's input. */
  alwaysAvailable: AlwaysAvailableStream | null = null;
  liveInput: Stream | null = null;
  /** When the current publisher went live (alwaysAvailable paths). */
  private onlineTime: number | null = null;

  private readonly log: Logger;
  // Counters of streams that ended, so API counters do not drop when a publisher reconnects.
  private pastBytesReceived = 0;
  private pastBytesSent = 0;
  private readyWaiters: ((ready: boolean) => void)[] = [];

  constructor(
    private readonly host: PathHost,
    readonly name: string,
    readonly confName: string,
    public conf: PathConf,
    readonly matches: string[],
  ) {
    this.log = host.log.child(`path ${name}`);
  }

  addPublisher(req: PathAccessRequest): AddPublisherResult {
    // A path with its own source takes no client publishers; the source itself publishes as an
    // 'internal' session (type e.g. "rtspSource").
    if (this.conf.source && this.conf.source !== 'publisher' && req.protocol !== 'internal') {
      // Do not echo the source URL: it may carry credentials.
      return { ok: false, code: 'forbidden', message: `path "${this.name}" has a configured source; publishing to it is not allowed` };
    }
    if (this.publisher) {
      if (this.conf.overridePublisher === false) {
        return { ok: false, code: 'busy', message: `path "${this.name}" already has a publisher (overridePublisher is off)` };
      }
      const old = this.publisher;
      this.log.info(`${old.type} ${old.id} is replaced by ${sessionTypeOf(req)} ${req.id} (overridePublisher)`);
      this.holds++;
      try {
        this.removePublisher(old, 'replaced by another publisher', true);
      } finally {
        this.holds--;
      }
    }
    const handle = new PublisherHandle(this, req, req.session);
    this.publisher = handle;
    this.log.info(`${handle.type} ${handle.id} is publishing`);
    this.host.pathChanged(this);
    return { ok: true, publisher: handle, confName: this.confName, conf: this.conf, matches: this.matches };
  }

  addReader(req: PathAccessRequest): AddReaderResult {
    const stream = this.stream;
    if (!stream) {
      // sourceOnDemand/runOnDemand are handled by PathManager before this point (onDemand hook).
      return { ok: false, code: 'notReady', message: `no one is publishing to path "${this.name}"` };
    }
    // Internal readers (recorder, HLS muxer of always-remux, forwarders) are the server's own
    // and do not count against maxReaders.
    const max = this.conf.maxReaders ?? 0;
    if (req.protocol !== 'internal' && max > 0 && this.countedReaders() >= max) {
      return { ok: false, code: 'maxReaders', message: `path "${this.name}" already has its maximum of ${max} readers` };
    }
    const handle = new ReaderHandle(this, stream, req, req.session);
    this.readers.add(handle);
    this.log.debug(`${handle.type} ${handle.id} is reading`);
    this.host.pathChanged(this);
    return { ok: true, reader: handle, stream, confName: this.confName, conf: this.conf, matches: this.matches };
  }

  /**
   * alwaysAvailable (issue 8): readers of this path get `slate` while nobody publishes and stay
   * connected across publishers. null turns it off (the path stream ends like a publisher's).
   */
  setOfflineSlate(slate: OfflineSlate | null): void {
    if (this.closed) return;
    if (this.publisher) this.removePublisher(this.publisher, slate ? 'the path became always-available' : 'the path is no longer always-available', true);
    if (this.alwaysAvailable) {
      const aa = this.alwaysAvailable;
      this.alwaysAvailable = null;
      aa.close('offline clip changed');
      this.setNotReady('offline clip changed');
    }
    if (!slate) return;
    this.alwaysAvailable = new AlwaysAvailableStream(slate, { ...this.host.streamOptions(), log: this.log }, this.log, () => this.host.now());
    this.stream = this.alwaysAvailable.stream;
    this.readyTime = this.host.now();
    this.log.info('available: playing the offline clip until a publisher arrives (alwaysAvailable)');
    this.host.pathReady(this);
    this.host.pathChanged(this);
    this.wakeReadyWaiters();
  }

  publisherSetTracks(handle: PublisherHandle, tracks: readonly Track[]): Stream {
    if (this.publisher !== handle || this.closed) {
      const dead = new Stream({ tracks });
      dead.close('publisher was removed from the path');
      return dead;
    }
    if (this.alwaysAvailable) {
      const r = this.alwaysAvailable.attachLive(tracks);
      if (!r.ok) {
        this.log.warn(`${handle.type} ${handle.id} refused: ${r.reason}`);
        this.removePublisher(handle, r.reason, true);
        const dead = new Stream({ tracks });
        dead.close(r.reason);
        return dead;
      }
      this.liveInput = r.input;
      this.onlineTime = this.host.now();
      this.log.info(`online: ${handle.type} ${handle.id} continues the always-available stream`);
      this.host.pathChanged(this);
      return r.input;
    }
    if (this.stream) this.setNotReady('publisher changed its tracks');
    const stream = new Stream({ ...this.host.streamOptions(), tracks, log: this.log });
    this.stream = stream;
    this.readyTime = this.host.now();
    const names = stream.tracks.map(mediamtxCodecName);
    this.log.info(`ready: ${names.length} track${names.length === 1 ? '' : 's'} (${names.join(', ')})`);
    this.host.pathReady(this);
    this.host.pathChanged(this);
    this.wakeReadyWaiters();
    return stream;
  }

  private wakeReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w(true);
  }

  /**
   * Remove the publisher: the stream ends, its readers' sinks get end(reason), then their
   * sessions are closed, and the path is not ready — all before this returns.
   * `tellSession`: the core decided this (override, reload), so close the publisher's session.
   */
  removePublisher(handle: PublisherHandle, reason: string, tellSession: boolean): void {
    if (this.publisher !== handle) return;
    handle.closed = true;
    this.publisher = null;
    this.log.info(`${handle.type} ${handle.id} stopped publishing: ${reason}`);
    if (tellSession) closeSession(handle.session, reason, this.log);
    if (this.alwaysAvailable) {
      // Readers stay: the offline clip continues the same stream.
      this.liveInput = null;
      this.onlineTime = null;
      this.alwaysAvailable.detachLive();
    } else if (this.stream) this.setNotReady(reason);
    this.host.pathChanged(this);
    this.checkIdle();
  }

  removeReader(handle: ReaderHandle, reason: string, tellSession: boolean): void {
    if (!this.readers.delete(handle)) return;
    handle.closed = true;
    for (const sub of handle.subscriptions) handle.stream.removeReader(sub);
    this.log.debug(`${handle.type} ${handle.id} stopped reading: ${reason}`);
    if (tellSession) closeSession(handle.session, reason, this.log);
    this.host.pathChanged(this);
    this.checkIdle();
  }

  /** Close readers whose sink has been backed up for timeoutMs or more. Returns how many. */
  closeStalledReaders(now: number, timeoutMs: number): number {
    let closed = 0;
    for (const handle of [...this.readers]) {
      const stalled = handle.subscriptions.some((s) => s.stalledSince !== null && now - s.stalledSince >= timeoutMs);
      if (!stalled) continue;
      this.log.warn(`${handle.type} ${handle.id} closed: nothing could be written for ${timeoutMs} ms (writeTimeout)`);
      this.removeReader(handle, 'write timeout', true);
      closed++;
    }
    return closed;
  }

  /** End everything (reload, shutdown). The path is unusable afterwards. */
  close(reason: string): void {
    if (this.closed) return;
    if (this.publisher) this.removePublisher(this.publisher, reason, true);
    for (const r of [...this.readers]) this.removeReader(r, reason, true);
    this.alwaysAvailable?.close(reason);
    this.alwaysAvailable = null;
    this.closed = true;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w(false);
  }

  /** Resolves true when a stream is ready, false after timeoutMs or if the path closes. */
  waitReady(timeoutMs: number): Promise<boolean> {
    if (this.stream) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = (ready: boolean): void => {
        clearTimeout(timer);
        resolve(ready);
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  isIdle(): boolean {
    return this.publisher === null && this.readers.size === 0 && this.pendingDemand === 0 && this.holds === 0 && this.alwaysAvailable === null;
  }

  checkIdle(): void {
    if (this.isIdle() && !this.closed) this.host.pathIdle(this);
  }

  get bytesReceived(): number {
    return this.pastBytesReceived + (this.stream ? this.stream.bytesReceived : 0);
  }

  get bytesSent(): number {
    return this.pastBytesSent + (this.stream ? this.stream.bytesSent : 0);
  }

  /**
   * The query string of this path's publisher or reader `type`/`id` (as info() lists them), for
   * hooks only: kept out of PathInfo because the API and logs must not show credentials in it.
   */
  sessionQuery(type: string, id: string): string | undefined {
    if (this.publisher && this.publisher.type === type && this.publisher.id === id) return this.publisher.query;
    for (const r of this.readers) if (r.type === type && r.id === id) return r.query;
    return undefined;
  }

  info(): PathInfo {
    const ready = this.stream !== null;
    const readyTime = ready && this.readyTime !== null ? new Date(this.readyTime).toISOString() : null;
    const source = this.host.sourceReport(this);
    const bytesReceived = source ? Math.max(source.bytesReceived, this.bytesReceived) : this.bytesReceived;
    const bytesSent = this.bytesSent;
    const readers: { type: string; id: string }[] = [];
    for (const r of this.readers) readers.push({ type: r.type, id: r.id });
    return {
      name: this.name,
      confName: this.confName,
      source: this.publisher ? { type: this.publisher.type, id: this.publisher.id } : null,
      ready,
      readyTime,
      available: ready,
      availableTime: readyTime,
      online: this.alwaysAvailable ? this.liveInput !== null : ready,
      onlineTime: this.alwaysAvailable ? (this.onlineTime !== null ? new Date(this.onlineTime).toISOString() : null) : readyTime,
      tracks: this.stream ? this.stream.tracks.map(mediamtxCodecName) : [],
      bytesReceived,
      bytesSent,
      inboundBytes: bytesReceived,
      outboundBytes: bytesSent,
      readers,
      ...(source ? { sourceStatus: { ...source.status } } : {}),
    };
  }

  private countedReaders(): number {
    let n = 0;
    for (const r of this.readers) if (r.protocol !== 'internal') n++;
    return n;
  }

  /** The stream ends; readers are told (sink.end) and their sessions closed (MediaMTX). */
  private setNotReady(reason: string): void {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    this.readyTime = null;
    stream.close(reason);
    this.pastBytesReceived += stream.bytesReceived;
    this.pastBytesSent += stream.bytesSent;
    for (const r of [...this.readers]) {
      if (r.stream === stream) this.removeReader(r, reason, true);
    }
    this.log.info(`not ready: ${reason}`);
    this.host.pathNotReady(this);
  }
}
