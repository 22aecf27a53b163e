// One HLS muxer per path, shared by every HTTP client of that path (MediaMTX's hls.muxer): it is
// a single reader of the stream core, and clients only read its in-memory playlists and
// segments. It closes after `closeAfterMs` without requests (hlsMuxerCloseAfter), or when the
// publisher goes away (the next request starts a new one).
import { accessUnitByteLength, type OutputFormat } from '../../core';
import type { PathReader } from '../../core/path-requests';
import type { AccessUnit } from '../../protocols/media/types';
import type { Logger } from '../../log/logger';
import { HlsSegmenter, type HlsSegmenterOptions } from './segmenter';

/** The muxer takes the access units as they are: one identity "encoding" per stream. */
const ACCESS_UNIT_FORMAT: OutputFormat<AccessUnit> = {
  key: 'hls/access-units',
  createEncoder: () => ({ encode: (au) => au, byteLength: accessUnitByteLength }),
};

export interface HlsMuxerOptions extends Omit<HlsSegmenterOptions, 'tracks' | 'now'> {
  /** The session id the core knows the muxer's reader by (/v3/hlsmuxers, kick). */
  id: string;
  pathName: string;
  /** 0 or less: never close for lack of requests (hlsAlwaysRemux). */
  closeAfterMs: number;
  log: Logger;
  onClose(muxer: HlsMuxer): void;
}

interface Waiter {
  ready(): boolean;
  resolve(ok: boolean): void;
  timer: NodeJS.Timeout;
}

export class HlsMuxer {
  readonly id: string;
  readonly pathName: string;
  readonly created = new Date();
  lastRequest = new Date();
  /** Bytes of playlists and segments sent to clients. */
  bytesSent = 0;
  closed = false;
  readonly segmenter: HlsSegmenter;

  private readonly opts: HlsMuxerOptions;
  private readonly reader: PathReader;
  private waiters = new Set<Waiter>();
  private idleTimer: NodeJS.Timeout | undefined;

  /** `reader`: what the core answered to addReader({ protocol: 'hls', id: opts.id, … }). */
  constructor(reader: PathReader, opts: HlsMuxerOptions) {
    this.id = opts.id;
    this.pathName = opts.pathName;
    this.opts = opts;
    this.reader = reader;
    this.segmenter = new HlsSegmenter({ ...opts, tracks: reader.stream.tracks, now: () => Date.now() });
    this.segmenter.onChange = () => this.wake();
    reader.subscribe({
      format: ACCESS_UNIT_FORMAT,
      sink: {
        write: (au) => {
          try {
            this.segmenter.push(au);
          } catch (err) {
            opts.log.warn(`muxer of "${opts.pathName}": ${(err as Error).message}`);
            this.close('muxing error');
          }
          return true;
        },
        end: (reason) => this.close(reason),
      },
    });
    this.touch();
    opts.log.info(`muxer of "${opts.pathName}" created (${opts.variant})`);
  }

  /** A client asked for something: postpone the idle close. */
  touch(): void {
    this.lastRequest = new Date();
    if (this.opts.closeAfterMs <= 0 || this.closed) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close('no requests'), this.opts.closeAfterMs);
    this.idleTimer.unref();
  }

  /** Resolves true once `ready()` holds, false after `timeoutMs` or when the muxer closes. */
  waitUntil(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w: Waiter = {
        ready,
        resolve: (ok) => {
          clearTimeout(w.timer);
          this.waiters.delete(w);
          resolve(ok);
        },
        timer: setTimeout(() => w.resolve(false), timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) if (w.ready()) w.resolve(true);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const w of [...this.waiters]) w.resolve(false);
    this.reader.close();
    this.opts.log.info(`muxer of "${this.opts.pathName}" closed: ${reason}`);
    this.opts.onClose(this);
  }
}
