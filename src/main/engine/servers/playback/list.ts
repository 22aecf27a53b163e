// /list: a path's recordings as spans of contiguous segments (MediaMTX concatenates a segment
// with the previous one when the tracks are the same and it starts where the previous ended).
import { Fmp4SegmentFile } from './segment-fmp4';
import type { SpanSegment } from './span';

/** Gap between one segment's end and the next one's start still counted as contiguous. */
const CONCATENATION_TOLERANCE_MS = 1000;

export interface RecordingSpanInfo {
  startMs: number;
  durationS: number;
}

/** Spans overlapping [startMs, endMs], clipped to it. Unreadable segments are skipped. */
export async function listRecordingSpans(segs: readonly SpanSegment[], startMs = -Infinity, endMs = Infinity): Promise<RecordingSpanInfo[]> {
  const spans: { startMs: number; endMs: number; init: Buffer }[] = [];
  for (const seg of segs) {
    let file: Fmp4SegmentFile;
    try {
      file = await Fmp4SegmentFile.open(seg.file);
    } catch {
      continue; // e.g. a segment that was just created and has no moov yet
    }
    try {
      const s = seg.start.getTime();
      const e = s + (await file.duration()) * 1000;
      const prev = spans[spans.length - 1];
      if (prev && prev.init.equals(file.init) && s <= prev.endMs + CONCATENATION_TOLERANCE_MS) prev.endMs = Math.max(prev.endMs, e);
      else spans.push({ startMs: s, endMs: e, init: file.init });
    } finally {
      await file.close();
    }
  }
  return spans
    .filter((s) => s.endMs > startMs && s.startMs < endMs)
    .map((s) => {
      const a = Math.max(s.startMs, startMs);
      const b = Math.min(s.endMs, endMs);
      return { startMs: a, durationS: Math.round(b - a) / 1000 };
    });
}
