// Records one path: an internal reader of the path's stream, the segmenter, and the files. File
// operations run one after another on a promise chain, so the publisher never waits for the disk;
// parts are appended without fsync (the OS writes them out; a process crash loses only the part
// being collected, and each written part is a complete moof+mdat / run of TS packets).
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { PathConf } from '../../../shared/config';
import { parseDuration, parseSize } from '../../../shared/config';
import type { OutputFormat, PathManager, StreamReader } from '../core';
import { accessUnitByteLength } from '../core';
import type { PathReader } from '../core/path-requests';
import type { Logger } from '../log/logger';
import type { AccessUnit } from '../protocols/media/types';
import { runHookCommand } from '../pipelines/hooks';
import { formatRecordPath, type RecordFormat } from './record-path';
import { RecordSegmenter, type RecordEvent } from './segmenter';

/** The recorder takes access units as they are (one identity "encoding" per stream). */
const RECORD_FORMAT: OutputFormat<AccessUnit> = {
  key: 'record/access-units',
  createEncoder: () => ({ encode: (au) => au, byteLength: accessUnitByteLength }),
};

/** Errors that mean "this folder cannot take files": recording stops until the user acts. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/** Parts waiting for the disk beyond this stop the recording (a slow or stalled disk). */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/** The record* settings a recorder runs with; a change restarts it. */
export function recordSettingsKey(conf: PathConf): string {
  return JSON.stringify([conf.recordPath, conf.recordFormat, conf.recordPartDuration, conf.recordSegmentDuration, conf.recordMaxPartSize,
    conf.runOnRecordSegmentCreate, conf.runOnRecordSegmentComplete]);
}

export interface PathRecorderOptions {
  pathName: string;
  conf: PathConf;
  paths: Pick<PathManager, 'addReader'>;
  log: Logger;
  id: string;
  /** Called once when the recorder stopped (stream ended, stop(), or a write error). */
  onClosed(rec: PathRecorder, error: boolean): void;
  now?: () => number;
}

interface OpenFile {
  file: string;
  handle: FileHandle | null;
  startMs: number;
}

export class PathRecorder {
  readonly pathName: string;
  readonly settingsKey: string;
  private readonly opts: PathRecorderOptions;
  private readonly format: RecordFormat;
  private reader: PathReader | null = null;
  private sub: StreamReader<AccessUnit> | null = null;
  private segmenter: RecordSegmenter | null = null;
  private current: OpenFile | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private failed = false;
  /** A failure is queued behind pending writes: take no more units. */
  private failedPending = false;
  /** Bytes of parts waiting for the disk. */
  private queuedBytes = 0;

  constructor(opts: PathRecorderOptions) {
    this.opts = opts;
    this.pathName = opts.pathName;
    this.settingsKey = recordSettingsKey(opts.conf);
    this.format = opts.conf.recordFormat === 'mpegts' ? 'mpegts' : 'fmp4';
  }

  /** True once stop() ran (files may still be closing: see drained()). */
  get stopped(): boolean {
    return this.closed;
  }

  /** The file being written now (the cleaner leaves it alone). */
  get currentFile(): string | null {
    return this.current?.file ?? null;
  }

  /** Joins the path as a reader. False (and onClosed) when the path has no stream to record. */
  async start(): Promise<boolean> {
    const { conf, log } = this.opts;
    const r = await this.opts.paths.addReader({
      path: this.pathName, query: '', ip: '127.0.0.1', protocol: 'internal', type: 'recorder', id: this.opts.id,
      session: { close: (why) => this.stop(why) },
    });
    if (!r.ok) {
      log.debug(`path "${this.pathName}": not recording (${r.message})`);
      this.finishClose(false);
      return false;
    }
    if (this.closed) { r.reader.close(); return false; }
    this.reader = r.reader;
    try {
      this.segmenter = new RecordSegmenter({
        format: this.format,
        tracks: r.stream.tracks,
        segmentDurationS: parseDuration(conf.recordSegmentDuration) / 1000,
        partDurationS: parseDuration(conf.recordPartDuration) / 1000,
        maxPartSize: parseSize(conf.recordMaxPartSize),
      });
    } catch (err) {
      log.error(`path "${this.pathName}": cannot record: ${(err as Error).message}`);
      this.stop('unsupported tracks', true);
      return false;
    }
    this.sub = r.reader.subscribe({
      format: RECORD_FORMAT,
      sink: {
        write: (au) => { this.onUnit(au); return true; },
        end: (why) => this.stop(why),
      },
    });
    log.info(`recording path "${this.pathName}" (${this.format}, ${this.segmenter.tracks.map((t) => t.codec).join(', ')}) to ${conf.recordPath}`);
    return true;
  }

  /** Ends the recording: the open segment is completed. Idempotent. */
  stop(reason: string, error = false): void {
    if (this.closed) return;
    this.closed = true;
    if (this.segmenter && !this.failed) this.apply(this.segmenter.finish());
    this.sub = null;
    this.reader?.close();
    this.reader = null;
    this.opts.log.debug(`path "${this.pathName}": recording stopped (${reason})`);
    this.finishClose(error);
  }

  /** Resolves when every queued file operation is done. */
  drained(): Promise<void> {
    return this.chain;
  }

  private finishClose(error: boolean): void {
    this.closed = true;
    void this.chain.then(() => this.opts.onClosed(this, error || this.failed));
  }

  private onUnit(au: AccessUnit): void {
    if (this.closed || this.failed || this.failedPending || !this.segmenter) return;
    this.apply(this.segmenter.push(au, (this.opts.now ?? Date.now)()));
  }

  private apply(events: RecordEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'segmentStart') this.openSegment(ev.startMs, ev.header);
      else if (ev.type === 'part') this.writePart(ev.data);
      else this.closeSegment(ev.durationS);
    }
  }

  private openSegment(startMs: number, header: Buffer): void {
    const file = formatRecordPath(this.opts.conf.recordPath, this.pathName, new Date(startMs), this.format);
    const seg: OpenFile = { file, handle: null, startMs };
    this.current = seg;
    this.enqueue(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      // 'wx': never append to (or truncate) a file another recorder or a restart left behind.
      seg.handle = await open(file, 'wx');
      await seg.handle.write(header);
      this.opts.log.debug(`path "${this.pathName}": segment ${file} created`);
      this.hook(this.opts.conf.runOnRecordSegmentCreate, { MTX_SEGMENT_PATH: file });
    }, seg);
  }

  private closeSegment(durationS: number): void {
    const seg = this.current;
    this.current = null;
    if (!seg) return;
    this.enqueue(async () => {
      await seg.handle?.close();
      seg.handle = null;
      this.opts.log.debug(`path "${this.pathName}": segment ${seg.file} complete (${durationS.toFixed(3)} s)`);
      this.hook(this.opts.conf.runOnRecordSegmentComplete, {
        MTX_SEGMENT_PATH: seg.file,
        MTX_SEGMENT_DURATION: String(Math.round(durationS * 1e6) / 1e6),
      });
    }, seg);
  }

  private writePart(data: Buffer): void {
    if (this.queuedBytes + data.length > MAX_QUEUED_BYTES) {
      // The disk is slower than the stream: stop rather than grow without bound.
      const seg = this.current;
      this.chain = this.chain.then(() => {
        if (seg) this.writeFailed(Object.assign(new Error(`the disk cannot keep up (${MAX_QUEUED_BYTES >> 20} MiB waiting)`), { code: 'ESLOW' }), seg);
      });
      this.failedPending = true;
      return;
    }
    this.queuedBytes += data.length;
    this.enqueue(async (f) => {
      try {
        await f.handle!.write(data);
      } finally {
        this.queuedBytes -= data.length;
      }
    });
  }

  /** Queues a file operation; the first failure stops the recording (and drops what follows). */
  private enqueue(op: (f: OpenFile) => Promise<void>, seg: OpenFile | null = this.current): void {
    const target = seg;
    this.chain = this.chain.then(async () => {
      if (this.failed || !target) return;
      try {
        await op(target);
      } catch (err) {
        this.writeFailed(err as NodeJS.ErrnoException, target);
      }
    });
  }

  private writeFailed(err: NodeJS.ErrnoException, seg: OpenFile): void {
    if (this.failed) return;
    this.failed = true;
    void seg.handle?.close().catch(() => undefined);
    seg.handle = null;
    // The folder that refused: the parent of what mkdir/open failed on, else the segment's folder.
    const folder = path.resolve(path.dirname(err.path ?? seg.file));
    const code = err.code ?? 'error';
    const why = err.message.replace(/^[A-Z]+: /, '');
    const fix = code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full: free space, shorten recordDeleteAfter, or point recordPath at another disk'
      : code === 'ESLOW'
        ? 'record to a faster disk, or lower the stream\'s bitrate'
        : UNWRITABLE.has(code)
        ? 'make that folder writable for this user (or create it), or point recordPath somewhere writable'
        : 'check the folder and recordPath';
    this.opts.log.error(`path "${this.pathName}": recording stopped: cannot write to folder "${folder}" (${code}: ${why}); ` +
      `${fix}. The live stream continues; recording restarts when the path is published again or the config changes.`);
    this.stop(`write error ${code}`, true);
  }

  private hook(command: string | undefined, vars: Record<string, string>): void {
    if (!command) return;
    runHookCommand({ command, env: { MTX_PATH: this.pathName, ...vars }, log: this.opts.log });
  }
}
