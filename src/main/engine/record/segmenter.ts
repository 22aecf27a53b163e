// Cuts a stream into recording segments and parts (MediaMTX's recorder: recordSegmentDuration,
// recordPartDuration, recordMaxPartSize). Bytes only, no files and no timers: the path recorder
// feeds access units and writes what comes out.
//
// - A segment is one file. It starts at a video key frame (any unit for audio-only streams) and
//   is cut at the first key frame after recordSegmentDuration.
// - A part is what is appended to the file at once: fMP4 writes the init segment (ftyp+moov) when
//   the file opens and one moof+mdat per part; MPEG-TS writes PAT/PMT at the segment start and
//   the packets of the part's units. A crash loses at most the part being collected.
// - Timestamps restart at 0 in every segment (fMP4 needs baseMediaDecodeTime ≥ 0 and each file
//   then plays on its own); the segment's wall-clock start is kept to place it in time.
import type { AccessUnit, Track } from '../protocols/media/types';
import { accessUnitByteLength } from '../core/stream';
import { Fmp4Muxer } from '../protocols/fmp4/muxer';
import { MpegTsMuxer } from '../protocols/mpegts/muxer';
import { selectTracks } from '../servers/hls/segmenter';
import type { RecordFormat } from './record-path';

export interface RecordSegmenterOptions {
  format: RecordFormat;
  /** The stream's tracks; the segmenter keeps the first video and audio track the format carries. */
  tracks: readonly Track[];
  segmentDurationS: number;
  partDurationS: number;
  /** A part that grows beyond this is written at the next unit. */
  maxPartSize: number;
}

export type RecordEvent =
  /** Open a new file; `header` goes first (fMP4 init segment, or TS tables). */
  | { type: 'segmentStart'; startMs: number; header: Buffer }
  /** Append these bytes to the open file. */
  | { type: 'part'; data: Buffer }
  /** The open file is complete; `durationS` is its media duration. */
  | { type: 'segmentEnd'; durationS: number };

interface Segment {
  /** Per muxer track: the source dts that is 0 in this segment. */
  offsets: number[];
  startMs: number;
  /** Lead track time (s) of the segment's first unit, in stream time. */
  startS: number;
  fmp4: Fmp4Muxer | null;
  ts: MpegTsMuxer | null;
  /** MPEG-TS packets of the part being collected. */
  pending: Buffer[];
  /** Bytes collected for the part (fMP4: sample payload bytes held in the muxer). */
  pendingSize: number;
  partStartS: number;
  /** Largest end time (s, segment-relative) of any unit so far. */
  endS: number;
}

export class RecordSegmenter {
  /** The tracks recorded, in muxer order. */
  readonly tracks: readonly Track[];
  private readonly opts: RecordSegmenterOptions;
  /** stream track index → muxer track index. */
  private readonly trackMap = new Map<number, number>();
  private seg: Segment | null = null;
  private fragmentSeq = 1;
  /** Wall clock (ms) at stream time 0 of the lead track; fixed at the first segment. */
  private wallAtZero: number | null = null;
  private lastLeadFrameS = 0;
  private lastLeadS: number | null = null;

  constructor(opts: RecordSegmenterOptions) {
    this.opts = opts;
    const picked = selectTracks(opts.format === 'mpegts' ? 'mpegts' : 'fmp4', opts.tracks);
    if (picked.length === 0) {
      throw new Error(`no track that ${opts.format} recordings can carry (${opts.tracks.map((t) => t.codec).join(', ') || 'none'})`);
    }
    picked.forEach((src, i) => this.trackMap.set(src, i));
    this.tracks = picked.map((i) => opts.tracks[i]);
  }

  /** One access unit in stream order; `nowMs` is the wall clock when it arrived. */
  push(au: AccessUnit, nowMs: number): RecordEvent[] {
    const idx = this.trackMap.get(au.track);
    if (idx === undefined) return [];
    const track = this.tracks[idx];
    const isLead = idx === 0;
    const t = au.dts / track.clockRate;
    const events: RecordEvent[] = [];
    if (isLead) {
      if (this.lastLeadS !== null && t > this.lastLeadS) this.lastLeadFrameS = t - this.lastLeadS;
      this.lastLeadS = t;
      const startsSegment = au.key || track.kind === 'audio';
      const seg = this.seg;
      if (!seg) {
        if (!startsSegment) return events;
        this.startSegment(t, nowMs, events);
      } else if (startsSegment && t - seg.startS >= this.opts.segmentDurationS - 1e-6) {
        this.endSegment(events);
        this.startSegment(t, nowMs, events);
      }
    }
    const seg = this.seg;
    if (!seg) return events;
    const off = seg.offsets[idx];
    const unit: AccessUnit = { ...au, track: idx, dts: au.dts - off, pts: au.pts - off };
    // Units from before the segment's first key frame (audio interleaving) belong to no file.
    if (unit.dts < 0) return events;
    const relS = unit.dts / track.clockRate;
    if (seg.fmp4) {
      seg.fmp4.addUnit(unit);
      seg.pendingSize += accessUnitByteLength(au);
    } else {
      const bytes = seg.ts!.writeUnit(unit);
      seg.pending.push(bytes);
      seg.pendingSize += bytes.length;
    }
    const frameS = isLead ? this.lastLeadFrameS : (track.kind === 'audio' ? 1024 / track.clockRate : 0);
    seg.endS = Math.max(seg.endS, relS + frameS);
    if (isLead && relS - seg.partStartS >= this.opts.partDurationS - 1e-6) {
      this.flushPart(events, false);
      seg.partStartS = relS;
    } else if (seg.pendingSize >= this.opts.maxPartSize) {
      this.flushPart(events, false);
    }
    return events;
  }

  /** The stream ended or recording stops: write what is held and close the segment. */
  finish(): RecordEvent[] {
    const events: RecordEvent[] = [];
    if (this.seg) this.endSegment(events);
    return events;
  }

  /** Whether a segment file is open. */
  get open(): boolean {
    return this.seg !== null;
  }

  private startSegment(leadS: number, nowMs: number, events: RecordEvent[]): void {
    if (this.wallAtZero === null) this.wallAtZero = nowMs - leadS * 1000;
    const startMs = Math.round(this.wallAtZero + leadS * 1000);
    const offsets = this.tracks.map((tr) => Math.round(leadS * tr.clockRate));
    const mp4 = this.opts.format === 'fmp4';
    const fmp4 = mp4 ? new Fmp4Muxer(this.tracks) : null;
    const ts = mp4 ? null : new MpegTsMuxer(this.tracks);
    const header = fmp4 ? fmp4.initSegment() : ts!.tables();
    this.seg = { offsets, startMs, startS: leadS, fmp4, ts, pending: [], pendingSize: 0, partStartS: 0, endS: 0 };
    events.push({ type: 'segmentStart', startMs, header });
  }

  private flushPart(events: RecordEvent[], final: boolean): void {
    const seg = this.seg!;
    let data: Buffer | null;
    if (seg.fmp4) {
      data = final ? seg.fmp4.flush(this.fragmentSeq) : seg.fmp4.fragment(this.fragmentSeq);
      if (data) this.fragmentSeq++;
    } else {
      data = seg.pending.length ? Buffer.concat(seg.pending) : null;
      seg.pending = [];
    }
    seg.pendingSize = 0;
    if (data) events.push({ type: 'part', data });
  }

  private endSegment(events: RecordEvent[]): void {
    this.flushPart(events, true);
    events.push({ type: 'segmentEnd', durationS: this.seg!.endS });
    this.seg = null;
  }
}
