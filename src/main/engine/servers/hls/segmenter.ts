// Cuts one stream into HLS segments (and LL-HLS parts) held in memory (RFC 8216 §3, and
// draft-pantos-hls-rfc8216bis §4.4.4.9 for parts). No sockets and no timers: the muxer feeds
// access units and reads the state; `onChange` tells it that a part or segment was completed.
//
// Timestamps: every track is shifted so the first video key frame has dts 0 (fMP4 needs
// baseMediaDecodeTime ≥ 0); units before it (and audio before it) are dropped.
import type { AccessUnit, Track } from '../../protocols/media/types';
import { Fmp4Muxer } from '../../protocols/fmp4/muxer';
import { MpegTsMuxer } from '../../protocols/mpegts/muxer';

export type HlsVariant = 'mpegts' | 'fmp4' | 'lowLatency';

export interface HlsPart {
  /** Global part number (never reused across segments): URL `part<id>.mp4`. */
  id: number;
  /** Media sequence number of the segment it belongs to, and its index in that segment. */
  msn: number;
  index: number;
  data: Buffer;
  /** Seconds. */
  duration: number;
  /** Starts with a video key frame (EXT-X-PART INDEPENDENT=YES). */
  independent: boolean;
}

export interface HlsSegment {
  msn: number;
  data: Buffer;
  /** Seconds (EXTINF). */
  duration: number;
  /** Wall clock of the first sample, ms since the epoch (EXT-X-PROGRAM-DATE-TIME). */
  programDateMs: number;
  /** LL-HLS only: the parts the segment was served as, views into `data`. */
  parts: HlsPart[];
}

export interface HlsSegmenterOptions {
  variant: HlsVariant;
  /** The stream's tracks; the segmenter picks what the variant can carry. */
  tracks: readonly Track[];
  segmentDurationS: number;
  partDurationS: number;
  /** Segments listed in the playlist (hlsSegmentCount); one more is kept for late readers. */
  segmentCount: number;
  /** A segment that grows beyond this is cut at the next unit even without a key frame. */
  segmentMaxSize: number;
  /** Wall clock, ms. */
  now(): number;
}

interface CurrentSegment {
  msn: number;
  startS: number;
  programDateMs: number;
  chunks: Buffer[];
  size: number;
  parts: HlsPart[];
  partStartS: number;
}

/** Timestamp jitter tolerated when cutting parts (seconds). */
const PART_JITTER_S = 0.0025;

const TS_VIDEO = new Set(['H264', 'H265']);
const TS_AUDIO = new Set(['AAC', 'Opus']);
const MP4_VIDEO = new Set(['H264', 'H265', 'AV1']);
const MP4_AUDIO = new Set(['AAC', 'Opus']);

/** The first video and the first audio track the variant can carry (indexes into `tracks`). */
export function selectTracks(variant: HlsVariant, tracks: readonly Track[]): number[] {
  const video = variant === 'mpegts' ? TS_VIDEO : MP4_VIDEO;
  const audio = variant === 'mpegts' ? TS_AUDIO : MP4_AUDIO;
  const v = tracks.findIndex((t) => t.kind === 'video' && video.has(t.codec));
  const a = tracks.findIndex((t) => t.kind === 'audio' && audio.has(t.codec));
  return [v, a].filter((i) => i >= 0);
}

export class HlsSegmenter {
  /** The tracks written, in muxer order. */
  readonly tracks: readonly Track[];
  /** fMP4 variants: ftyp + moov (EXT-X-MAP). */
  readonly init: Buffer | null;
  /** Complete segments, oldest first. */
  readonly segments: HlsSegment[] = [];
  /** Largest EXTINF so far, and largest part duration (seconds). */
  maxSegmentDurationS = 0;
  maxPartDurationS = 0;
  onChange: (() => void) | undefined;

  private readonly opts: HlsSegmenterOptions;
  /** stream track index → muxer track index. */
  private readonly trackMap = new Map<number, number>();
  private readonly leadTrack: number;
  private readonly ts: MpegTsMuxer | null;
  private readonly mp4: Fmp4Muxer | null;
  private offsets: number[] | null = null;
  private wallAtZeroMs = 0;
  private current: CurrentSegment | null = null;
  private nextMsn = 0;
  private nextPartId = 0;
  private fragmentSeq = 1;
  private lastLeadDurationS = 0;
  private lastLeadS = 0;

  constructor(opts: HlsSegmenterOptions) {
    this.opts = opts;
    const picked = selectTracks(opts.variant, opts.tracks);
    if (picked.length === 0) throw new Error(`no track HLS ${opts.variant} can carry (${opts.tracks.map((t) => t.codec).join(', ') || 'none'})`);
    picked.forEach((src, i) => this.trackMap.set(src, i));
    this.tracks = picked.map((i) => opts.tracks[i]);
    // Cuts follow the video track (key frames); audio-only streams are cut on audio.
    this.leadTrack = 0;
    if (opts.variant === 'mpegts') {
      this.ts = new MpegTsMuxer(this.tracks);
      this.mp4 = null;
      this.init = null;
    } else {
      this.ts = null;
      this.mp4 = new Fmp4Muxer(this.tracks);
      this.init = this.mp4.initSegment();
    }
  }

  get variant(): HlsVariant {
    return this.opts.variant;
  }

  /** Media sequence number of the segment being written (parts of it may exist). */
  get currentMsn(): number {
    return this.current?.msn ?? this.nextMsn;
  }

  /** Parts of the segment being written (LL-HLS). */
  get currentParts(): readonly HlsPart[] {
    return this.current?.parts ?? [];
  }

  /** The id the next part will get (EXT-X-PRELOAD-HINT). */
  get upcomingPartId(): number {
    return this.nextPartId;
  }

  /** Segments listed in the playlist (the newest segmentCount). */
  listedSegments(): HlsSegment[] {
    return this.segments.slice(-this.opts.segmentCount);
  }

  findSegment(msn: number): HlsSegment | undefined {
    return this.segments.find((s) => s.msn === msn);
  }

  findPart(id: number): HlsPart | undefined {
    for (const p of this.currentParts) if (p.id === id) return p;
    for (let i = this.segments.length - 1; i >= 0; i--) {
      for (const p of this.segments[i].parts) if (p.id === id) return p;
    }
    return undefined;
  }

  /** Bytes held in memory. */
  get bufferedBytes(): number {
    let n = this.current?.size ?? 0;
    for (const s of this.segments) n += s.data.length;
    return n;
  }

  push(au: AccessUnit): void {
    const idx = this.trackMap.get(au.track);
    if (idx === undefined) return;
    const track = this.tracks[idx];
    const isLead = idx === this.leadTrack;
    if (!this.offsets) {
      // Start at a key frame of the lead track (HLS §3: a segment must be decodable on its own).
      if (!isLead || !au.key) return;
      const zeroS = au.dts / track.clockRate;
      this.offsets = this.tracks.map((t) => Math.round(zeroS * t.clockRate));
      this.wallAtZeroMs = this.opts.now();
    }
    const off = this.offsets[idx];
    const unit: AccessUnit = { ...au, track: idx, dts: au.dts - off, pts: au.pts - off };
    if (unit.dts < 0) return;
    const t = unit.dts / track.clockRate;

    if (isLead) {
      if (t > this.lastLeadS) this.lastLeadDurationS = t - this.lastLeadS;
      this.lastLeadS = t;
      const cur = this.current;
      const cutSegment = cur !== null && t > cur.startS && ((unit.key && t - cur.startS >= this.opts.segmentDurationS - 1e-6) || cur.size >= this.opts.segmentMaxSize);
      if (cutSegment) {
        this.finishSegment(unit, t);
        return;
      }
      if (!cur) this.startSegment(t);
      if (this.mp4 && this.opts.variant === 'lowLatency') {
        const c = this.current!;
        // Cut before the frame that would make the part longer than the part target. RTMP
        // timestamps are whole milliseconds, so frame intervals jitter by 1 ms: allow for it.
        const wouldExceed = t - c.partStartS + this.lastLeadDurationS > this.opts.partDurationS + PART_JITTER_S;
        if (t > c.partStartS && wouldExceed) {
          const independent = this.mp4.readyStartsWithSync(this.leadTrack);
          this.mp4.addUnit(unit);
          this.emitPart(t, independent);
          return;
        }
      }
    } else if (!this.current) {
      return;
    }
    this.write(unit);
  }

  private write(unit: AccessUnit): void {
    const c = this.current!;
    if (this.ts) {
      const bytes = this.ts.writeUnit(unit);
      c.chunks.push(bytes);
      c.size += bytes.length;
    } else {
      this.mp4!.addUnit(unit);
    }
  }

  private startSegment(t: number): void {
    const c: CurrentSegment = {
      msn: this.nextMsn++,
      startS: t,
      programDateMs: this.wallAtZeroMs + t * 1000,
      chunks: [],
      size: 0,
      parts: [],
      partStartS: t,
    };
    this.current = c;
    if (this.ts) {
      // Each segment starts with PAT/PMT so it can be decoded alone (RFC 8216 §3.2).
      const tables = this.ts.tables();
      c.chunks.push(tables);
      c.size += tables.length;
    }
  }

  /** LL-HLS: the samples before `t` become a part of the current segment. */
  private emitPart(t: number, independent: boolean): void {
    const c = this.current!;
    const data = this.mp4!.fragment(this.fragmentSeq++);
    if (!data) return;
    const part: HlsPart = { id: this.nextPartId++, msn: c.msn, index: c.parts.length, data, duration: t - c.partStartS, independent };
    this.maxPartDurationS = Math.max(this.maxPartDurationS, part.duration);
    c.parts.push(part);
    c.chunks.push(data);
    c.size += data.length;
    c.partStartS = t;
    this.onChange?.();
  }

  /** `unit` (at `t`) opens the next segment; everything before it closes the current one. */
  private finishSegment(unit: AccessUnit, t: number): void {
    const c = this.current!;
    if (this.mp4) {
      const independent = this.mp4.readyStartsWithSync(this.leadTrack);
      this.mp4.addUnit(unit);
      if (this.opts.variant === 'lowLatency') {
        this.emitPart(t, independent);
      } else {
        const frag = this.mp4.fragment(this.fragmentSeq++);
        if (frag) {
          c.chunks.push(frag);
          c.size += frag.length;
        }
      }
    }
    const data = c.chunks.length === 1 ? c.chunks[0] : Buffer.concat(c.chunks);
    // Parts become views into the segment's bytes, so memory holds each byte once.
    let offset = 0;
    for (const p of c.parts) {
      p.data = data.subarray(offset, offset + p.data.length);
      offset += p.data.length;
    }
    const seg: HlsSegment = { msn: c.msn, data, duration: t - c.startS, programDateMs: c.programDateMs, parts: c.parts };
    this.maxSegmentDurationS = Math.max(this.maxSegmentDurationS, seg.duration);
    this.segments.push(seg);
    // One segment more than listed: a reader that just read the playlist may still fetch it.
    while (this.segments.length > this.opts.segmentCount + 1) this.segments.shift();
    this.current = null;
    this.startSegment(t);
    if (this.ts) this.write(unit);
    this.onChange?.();
  }
}
