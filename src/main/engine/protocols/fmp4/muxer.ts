// Fragmented MP4 muxer for HLS (fmp4 / LL-HLS parts) and recordings. Each access unit is turned
// into sample bytes once, on arrival. A sample's duration is the next sample's dts minus its own,
// so the newest sample of each track is held back until its successor arrives (or `flush`).
import type { AccessUnit, Track } from '../media/types';
import { H264NalType, h264NalType, lengthPrefixedSize, writeLengthPrefixed } from '../h264/nal-units';
import { H265NalType, h265NalType } from '../h265/nal-units';
import { Av1ObuType, splitObus } from '../av1/obu';
import { Fmp4Error } from './errors';
import { buildFragment, type FragmentSample, type FragmentTrack } from './fragment';
import { buildInitSegment } from './init-segment';

interface HeldSample {
  dts: number;
  pts: number;
  sync: boolean;
  data: Buffer;
}

interface TrackState {
  track: Track;
  held: HeldSample | undefined;
  ready: FragmentSample[];
  /** dts of ready[0]. */
  readyStart: number;
  readyDuration: number;
  lastDuration: number;
}

/** Durations used by `flush` when a track never had two samples. */
function defaultDuration(track: Track): number {
  if (track.kind === 'video') return 3000; // 30 fps at 90 kHz
  return track.codec === 'Opus' ? 960 : 1024;
}

/** H.264/H.265 samples are length-prefixed NAL units (ISO/IEC 14496-15 §4.3.2); AUDs are dropped (not allowed in MP4 samples). */
function sampleData(au: AccessUnit, track: Track): Buffer {
  if (track.kind === 'video' && (track.codec === 'H264' || track.codec === 'H265')) {
    const isAud = track.codec === 'H264' ? (n: Buffer) => h264NalType(n) === H264NalType.Aud : (n: Buffer) => h265NalType(n) === H265NalType.Aud;
    const nalus = (au.nalus ?? []).filter((n) => n.length > 0 && !isAud(n));
    const out = Buffer.allocUnsafe(lengthPrefixedSize(nalus, 4));
    writeLengthPrefixed(out, 0, nalus, 4);
    return out;
  }
  if (!au.payload) throw new Fmp4Error('INVALID', `${track.codec} access unit without payload`);
  // AV1-ISOBMFF §2.4: samples carry no temporal delimiter OBUs (a TU starts with one in Annex-less
  // low-overhead streams; obu_type is bits 3–6 of the first byte).
  if (track.codec === 'AV1' && au.payload.length > 0 && ((au.payload[0] >> 3) & 0xf) === Av1ObuType.TemporalDelimiter) {
    return Buffer.concat(splitObus(au.payload).filter((o) => o.type !== Av1ObuType.TemporalDelimiter).map((o) => o.data));
  }
  return au.payload;
}

export class Fmp4Muxer {
  private readonly states: TrackState[];

  constructor(readonly tracks: readonly Track[]) {
    if (tracks.length === 0) throw new Fmp4Error('UNSUPPORTED', 'an fMP4 needs at least one track');
    this.states = tracks.map((track) => ({ track, held: undefined, ready: [], readyStart: 0, readyDuration: 0, lastDuration: defaultDuration(track) }));
  }

  /** ftyp + moov; track_ID of track i is i + 1. */
  initSegment(): Buffer {
    return buildInitSegment(this.tracks);
  }

  addUnit(au: AccessUnit): void {
    const s = this.states[au.track];
    if (!s) throw new Fmp4Error('INVALID', `access unit for track ${au.track}; the muxer has ${this.states.length}`);
    const sample: HeldSample = { dts: au.dts, pts: au.pts, sync: s.track.kind === 'audio' || au.key, data: sampleData(au, s.track) };
    if (s.held) {
      // A dts that does not advance would give a zero or negative duration: give it one tick.
      this.release(s, Math.max(1, au.dts - s.held.dts));
    }
    s.held = sample;
  }

  private release(s: TrackState, duration: number): void {
    const h = s.held!;
    if (s.ready.length === 0) s.readyStart = h.dts;
    s.ready.push({ duration, compositionOffset: h.pts - h.dts, sync: h.sync, data: h.data });
    s.readyDuration += duration;
    s.lastDuration = duration;
    s.held = undefined;
  }

  /** Duration (track clock units) of the samples the next `fragment` would emit for a track. */
  readyDuration(trackIndex: number): number {
    return this.states[trackIndex].readyDuration;
  }

  /** Number of samples the next `fragment` would emit for a track. */
  readyCount(trackIndex: number): number {
    return this.states[trackIndex].ready.length;
  }

  /** Whether the next fragment starts with a sync sample on a track (LL-HLS `INDEPENDENT=YES`). */
  readyStartsWithSync(trackIndex: number): boolean {
    return this.states[trackIndex].ready[0]?.sync ?? false;
  }

  /**
   * moof + mdat with every sample whose duration is known (all but the newest per track), or null
   * when there is none. A segmenter cutting at a key frame adds the key frame first, then calls
   * this: the key frame stays held and opens the next fragment.
   */
  fragment(sequenceNumber: number): Buffer | null {
    const trafs: FragmentTrack[] = [];
    this.states.forEach((s, i) => {
      if (s.ready.length === 0) return;
      trafs.push({ trackId: i + 1, baseMediaDecodeTime: s.readyStart, samples: s.ready });
    });
    if (trafs.length === 0) return null;
    const out = buildFragment(sequenceNumber, trafs);
    for (const s of this.states) {
      s.ready = [];
      s.readyDuration = 0;
    }
    return out;
  }

  /** Emits everything, the held samples with their track's previous duration (end of stream). */
  flush(sequenceNumber: number): Buffer | null {
    for (const s of this.states) if (s.held) this.release(s, s.lastDuration);
    return this.fragment(sequenceNumber);
  }
}
