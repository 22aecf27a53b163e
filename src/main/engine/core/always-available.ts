// `alwaysAvailable` (MediaMTX ≥ 1.15): a path-level stream that outlives publishers. While the path
// has no publisher, an offline slate loops into it; when a publisher arrives, its units are spliced
// into the same stream, so readers stay connected across publisher restarts. Timestamps stay
// monotonic (each source is shifted to start just after what was last written), every source
// starts at a keyframe, and keyframes carry their source's parameter sets in-band, so decoders of
// readers set up with the slate's SPS/PPS switch to the live stream's (and back) at each splice.
import type { Logger } from '../log/logger';
import type { AccessUnit, Track } from '../protocols/media/types';
import { parseAudioSpecificConfig } from '../protocols/aac/audio-specific-config';
import { H264NalType, h264NalType } from '../protocols/h264/nal-units';
import { H265NalType, h265NalType } from '../protocols/h265/nal-units';
import { Stream, type StreamOptions } from './stream';

/** One loop of the offline clip: units in decode order, starting at a keyframe. */
export interface OfflineSlate {
  tracks: readonly Track[];
  units: readonly AccessUnit[];
  /** Loop length in seconds (last unit's time − first unit's time + one frame). */
  durationS: number;
}

/** Gap left between the last unit of one source and the first of the next (seconds). */
const SPLICE_GAP_S = 0.04;
/** How often the slate writes the units that are due. */
const SLATE_TICK_MS = 20;

/** Same AAC stream parameters (FFmpeg's own configs differ in a trailing SBR sync extension). */
function sameAacConfig(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (!a || !b) return a === b;
  try {
    const x = parseAudioSpecificConfig(a);
    const y = parseAudioSpecificConfig(b);
    return x.objectType === y.objectType && x.sampleRate === y.sampleRate && x.channels === y.channels && x.sbr === y.sbr && x.ps === y.ps;
  } catch {
    return a.equals(b);
  }
}

/** Whether units of a source track can go into a path track unchanged (codec, clock, config). */
function compatible(src: Track, dst: Track): boolean {
  if (src.kind !== dst.kind || src.codec !== dst.codec || src.clockRate !== dst.clockRate) return false;
  if (src.kind === 'audio' && dst.kind === 'audio') return src.channels === dst.channels && (src.codec !== 'AAC' || sameAacConfig(src.config, dst.config));
  return true;
}

/** Parameter sets of a video track, to put in front of keyframes that lack them. */
function parameterSets(track: Track): Buffer[] {
  if (track.kind !== 'video') return [];
  const sets = track.codec === 'H265' ? [track.vps, track.sps, track.pps] : track.codec === 'H264' ? [track.sps, track.pps] : [];
  return sets.filter((b): b is Buffer => b !== undefined && b.length > 0);
}

function hasSps(track: Track, nalus: readonly Buffer[]): boolean {
  if (track.codec === 'H264') return nalus.some((n) => n.length > 0 && h264NalType(n) === H264NalType.Sps);
  if (track.codec === 'H265') return nalus.some((n) => n.length > 0 && h265NalType(n) === H265NalType.Sps);
  return true;
}

/** One source feeding the path stream: the slate (one per loop) or a publisher. */
class Splice {
  /** Source time → path time, per path track, in the track's clock; set by the first unit. */
  private offsets: number[] | null = null;
  private waitingForKey: boolean;

  constructor(
    private readonly owner: AlwaysAvailableStream,
    /** Path track index for each source track (undefined: dropped). */
    private readonly map: readonly (number | undefined)[],
    private readonly sourceTracks: readonly Track[],
    /** Path time (s) of the first unit; default: just after what was last written. */
    private readonly anchorS?: number,
  ) {
    this.waitingForKey = owner.stream.videoTrack >= 0;
  }

  write(au: AccessUnit): void {
    const dst = this.map[au.track];
    if (dst === undefined) return;
    const stream = this.owner.stream;
    const track = stream.tracks[dst];
    if (this.waitingForKey) {
      if (dst !== stream.videoTrack || !au.key) return;
      this.waitingForKey = false;
    }
    if (!this.offsets) {
      const startS = this.anchorS ?? this.owner.nextStartS();
      const atS = au.dts / track.clockRate;
      this.offsets = stream.tracks.map((t) => Math.round((startS - atS) * t.clockRate));
    }
    const off = this.offsets[dst];
    const dts = au.dts + off;
    if (!this.owner.advance(dst, dts)) return;
    let nalus = au.nalus;
    if (nalus && au.key && !hasSps(track, nalus)) nalus = [...parameterSets(this.sourceTracks[au.track]), ...nalus];
    stream.writeUnit({ ...au, track: dst, dts, pts: au.pts + off, nalus });
  }
}

/** What a publisher writes into on an always-available path (its own tracks, spliced). */
class LiveInput extends Stream {
  constructor(
    tracks: readonly Track[],
    private readonly splice: Splice,
  ) {
    super({ tracks, gopCacheMaxBytes: 0 });
  }

  override writeUnit(au: AccessUnit): void {
    if (this.closed) return;
    this.bytesReceived += au.payload?.length ?? au.nalus?.reduce((n, b) => n + b.length, 0) ?? 0;
    this.unitsReceived++;
    this.splice.write(au);
  }
}

export class AlwaysAvailableStream {
  readonly stream: Stream;
  private live: LiveInput | null = null;
  private lastDts: (number | undefined)[];
  /** End of what was written, in seconds of the path timeline. */
  private endS = 0;
  private slateTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly slate: OfflineSlate,
    options: Omit<StreamOptions, 'tracks'>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.stream = new Stream({ ...options, tracks: slate.tracks });
    this.lastDts = slate.tracks.map(() => undefined);
    this.startSlate();
  }

  get isLive(): boolean {
    return this.live !== null;
  }

  /**
   * A publisher announced its tracks: returns the stream it writes into, or an error when none of
   * its tracks fits the path's (codec, clock rate, audio config must match the offline tracks).
   */
  attachLive(tracks: readonly Track[]): { ok: true; input: Stream } | { ok: false; reason: string } {
    const used = new Set<number>();
    const map = tracks.map((t) => {
      const i = this.stream.tracks.findIndex((d, idx) => !used.has(idx) && compatible(t, d));
      if (i < 0) return undefined;
      used.add(i);
      return i;
    });
    const want = this.stream.tracks.map((t) => `${t.codec}${t.kind === 'audio' ? ` ${t.clockRate} Hz ${t.channels} ch` : ''}`).join(', ');
    const videoMapped = this.stream.videoTrack < 0 || map.includes(this.stream.videoTrack);
    if (!videoMapped || map.every((m) => m === undefined)) {
      return { ok: false, reason: `the published tracks do not fit the path's always-available tracks (${want})` };
    }
    tracks.forEach((t, i) => {
      if (map[i] === undefined) this.log.warn(`published ${t.kind} track ${t.codec} does not fit the always-available tracks (${want}): dropped`);
    });
    this.stopSlate();
    this.live?.close('replaced');
    this.live = new LiveInput(tracks, new Splice(this, map, tracks));
    return { ok: true, input: this.live };
  }

  /** The publisher left: back to the slate, on the same stream. */
  detachLive(): void {
    if (!this.live) return;
    this.live.close('publisher left');
    this.live = null;
    if (!this.stream.closed) this.startSlate();
  }

  close(reason: string): void {
    this.stopSlate();
    this.live?.close(reason);
    this.live = null;
    this.stream.close(reason);
  }

  /** Where the next source starts on the path timeline (seconds). */
  nextStartS(): number {
    return this.endS === 0 && this.lastDts.every((d) => d === undefined) ? 0 : this.endS + SPLICE_GAP_S;
  }

  /** Records a unit about to be written; false (drop it) if it would go back in time. */
  advance(track: number, dts: number): boolean {
    const last = this.lastDts[track];
    if (last !== undefined && dts <= last) return false;
    this.lastDts[track] = dts;
    this.endS = Math.max(this.endS, dts / this.stream.tracks[track].clockRate);
    return true;
  }

  private startSlate(): void {
    if (this.slateTimer || this.slate.units.length === 0) return;
    const identity = this.slate.tracks.map((_, i) => i);
    const units = this.slate.units;
    const firstAt = units[0].dts / this.slate.tracks[units[0].track].clockRate;
    // Pacing and output share one timeline: each loop is anchored exactly one loop after the last.
    let loopStartS = this.nextStartS();
    let splice = new Splice(this, identity, this.slate.tracks, loopStartS);
    let index = 0;
    const wall0 = this.now();
    const t0 = loopStartS;
    const tick = (): void => {
      const dueS = t0 + (this.now() - wall0) / 1000;
      // Bounded per tick: a stalled event loop catches up over several ticks, not in one burst.
      for (let n = 0; n < 500; n++) {
        const au = units[index];
        const atS = loopStartS + au.dts / this.slate.tracks[au.track].clockRate - firstAt;
        if (atS > dueS) return;
        splice.write(au);
        if (++index === units.length) {
          index = 0;
          loopStartS += this.slate.durationS;
          splice = new Splice(this, identity, this.slate.tracks, loopStartS);
        }
      }
    };
    tick();
    this.slateTimer = setInterval(tick, SLATE_TICK_MS);
    this.slateTimer.unref?.();
  }

  private stopSlate(): void {
    if (this.slateTimer) clearInterval(this.slateTimer);
    this.slateTimer = null;
  }
}
