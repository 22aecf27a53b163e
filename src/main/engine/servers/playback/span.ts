// The samples of a time span of a path's fMP4 recordings, re-timed to start at 0: what /get
// serves. It starts at the last video key frame at or before the requested start (so the first
// frame decodes; the file may begin up to one GOP early) and ends before start + duration.
// Segments follow each other while they have the same tracks (identical init segments).
import type { InitTrack } from '../../protocols/fmp4/box-parser';
import type { FragmentSample } from '../../protocols/fmp4/fragment';
import { Fmp4SegmentFile } from './segment-fmp4';

export interface SpanSegment {
  file: string;
  start: Date;
}

export interface SpanTrack {
  trackId: number;
  samples: (FragmentSample & { dts: number })[];
}

/** Segments that may hold part of [startMs, endMs), oldest first (input sorted by start). */
export function segmentsInSpan<T extends SpanSegment>(segs: readonly T[], startMs: number, endMs: number): T[] {
  return segs.filter((s, i) => s.start.getTime() < endMs && (i === segs.length - 1 || segs[i + 1].start.getTime() > startMs));
}

export class RecordingSpan {
  private constructor(
    readonly init: Buffer,
    readonly tracks: InitTrack[],
    /** Wall-clock time (ms) of the output's time 0. */
    readonly outStartMs: number,
    private readonly segs: readonly SpanSegment[],
    private readonly endMs: number,
  ) {}

  /** null when no segment overlaps the span. */
  static async open(segs: readonly SpanSegment[], startMs: number, durationMs: number): Promise<RecordingSpan | null> {
    const endMs = startMs + durationMs;
    const picked = segmentsInSpan(segs, startMs, endMs);
    if (picked.length === 0) return null;
    const first = await Fmp4SegmentFile.open(picked[0].file);
    try {
      const lead = leadTrackId(first.tracks);
      const seg0 = picked[0].start.getTime();
      let outStart = seg0;
      if (startMs > seg0) {
        const ts = first.timescaleOf(lead);
        scan: for await (const frag of first.fragments()) {
          for (const traf of frag.tracks) {
            if (traf.trackId !== lead) continue;
            for (const s of traf.samples) {
              const at = seg0 + (s.dts / ts) * 1000;
              if (at > startMs) break scan;
              if (s.sync) outStart = at;
            }
          }
        }
      }
      return new RecordingSpan(first.init, first.tracks, outStart, picked, endMs);
    } finally {
      await first.close();
    }
  }

  /** The span's samples, one batch per recorded fragment, timestamps from 0. */
  async *batches(): AsyncGenerator<SpanTrack[]> {
    const lead = leadTrackId(this.tracks);
    for (const seg of this.segs) {
      const file = await Fmp4SegmentFile.open(seg.file);
      try {
        if (!file.init.equals(this.init)) return; // the tracks changed: MediaMTX stops here too
        const shift = (seg.start.getTime() - this.outStartMs) / 1000;
        for await (const frag of file.fragments()) {
          const out: SpanTrack[] = [];
          let pastEnd = false;
          for (const traf of frag.tracks) {
            const ts = file.timescaleOf(traf.trackId);
            if (!ts) continue;
            const offset = shift * ts;
            const endTick = ((this.endMs - this.outStartMs) / 1000) * ts;
            const samples: SpanTrack['samples'] = [];
            for (const s of traf.samples) {
              const dts = Math.round(s.dts + offset);
              if (dts < 0) continue;
              if (dts >= endTick) {
                if (traf.trackId === lead) pastEnd = true;
                break;
              }
              samples.push({ dts, duration: s.duration, compositionOffset: s.pts - s.dts, sync: s.sync, data: s.data });
            }
            if (samples.length) out.push({ trackId: traf.trackId, samples });
          }
          if (out.length) yield out;
          if (pastEnd) return;
        }
      } finally {
        await file.close();
      }
    }
  }
}

function leadTrackId(tracks: readonly InitTrack[]): number {
  return (tracks.find((t) => t.handler === 'vide') ?? tracks[0])?.trackId ?? 1;
}
