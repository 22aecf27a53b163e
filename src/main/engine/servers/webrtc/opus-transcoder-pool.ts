// One AAC → Opus transcoder per stream, shared by all WebRTC readers of it, started with the first
// reader that needs it and stopped when the last one leaves (issue 6). If FFmpeg cannot be found
// or started, readers get video only and the reason is logged once per stream.
import type { Stream } from '../../core/stream';
import type { Logger } from '../../log/logger';
import { isFfmpegFound, resolveFfmpeg } from '../../pipelines/ffmpeg';
import { AacOpusTranscoder, type TranscoderStatus } from './opus-transcoder';

/** The FFmpeg binary, or why there is none. Resolved once per process (DESIGN §7 order). */
let ffmpegResolution: Promise<{ path: string } | { error: string }> | null = null;

export function ffmpegForTranscoding(): Promise<{ path: string } | { error: string }> {
  // `packaged: true` only maps a path inside app.asar to app.asar.unpacked; elsewhere it changes nothing.
  ffmpegResolution ??= resolveFfmpeg({ packaged: true }).then((r) => (isFfmpegFound(r) ? { path: r.path } : { error: r.error }));
  return ffmpegResolution;
}

export interface OpusLease {
  /** The transcoder's state, for the session's info. */
  status(): TranscoderStatus | { state: 'unavailable'; reason: string };
  release(): void;
}

interface Entry {
  transcoder: AacOpusTranscoder | null;
  users: number;
  failure: string | null;
  starting: Promise<void>;
}

export class OpusTranscoderPool {
  private readonly entries = new Map<Stream, Entry>();
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly log: Logger,
    private readonly findFfmpeg: () => Promise<{ path: string } | { error: string }> = ffmpegForTranscoding,
  ) {}

  /** Running transcoders (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** Opus packets of the stream's AAC track go to `send` until the lease is released. */
  lease(stream: Stream, trackIndex: number, pathName: string, send: (packet: Buffer) => void): OpusLease {
    let entry = this.entries.get(stream);
    if (!entry) entry = this.open(stream, trackIndex, pathName);
    const e = entry;
    e.users++;
    let detach: (() => void) | null = null;
    let released = false;
    void e.starting.then(() => {
      if (!released && e.transcoder) detach = e.transcoder.attach(send);
    });
    return {
      status: () => (e.failure !== null ? { state: 'unavailable', reason: e.failure } : e.transcoder?.status() ?? { state: 'starting', pid: null, reason: null, packets: 0 }),
      release: () => {
        if (released) return;
        released = true;
        detach?.();
        if (--e.users > 0) return;
        if (this.entries.get(stream) === e) this.entries.delete(stream);
        this.closeEntry(e);
      },
    };
  }

  private open(stream: Stream, trackIndex: number, pathName: string): Entry {
    const log = this.log.child('opus');
    const entry: Entry = { transcoder: null, users: 0, failure: null, starting: Promise.resolve() };
    entry.starting = (async () => {
      const ffmpeg = await this.findFfmpeg();
      if ('error' in ffmpeg) throw new Error(ffmpeg.error);
      if (entry.users === 0) return;
      const transcoder = new AacOpusTranscoder({ stream, trackIndex, pathName, ffmpegPath: ffmpeg.path, log });
      entry.transcoder = transcoder;
      await transcoder.start();
    })().catch((err: unknown) => {
      entry.failure = (err as Error).message;
      void entry.transcoder?.close();
      entry.transcoder = null;
      log.warn(`"${pathName}": WebRTC readers get video only: the AAC → Opus transcoder cannot start: ${entry.failure}`);
    });
    this.entries.set(stream, entry);
    return entry;
  }

  private closeEntry(e: Entry): void {
    const done = e.starting.then(() => e.transcoder?.close()).finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  /** Stops every transcoder and resolves once every FFmpeg has exited (the listener closes). */
  async closeAll(): Promise<void> {
    for (const e of this.entries.values()) this.closeEntry(e);
    this.entries.clear();
    await Promise.all([...this.closing]);
  }
}
