// FFmpeg's `-progress pipe:1` output: blocks of key=value lines, each ended by
// `progress=continue` (or `progress=end` on the last one).

// The stats shape is part of the API contract (src/shared/pipelines.ts).
import type { FfmpegStats } from '../../../shared/pipelines';

export type { FfmpegStats };

function num(v: string | undefined): number {
  if (v === undefined) return 0;
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : 0;
}

/** Turns one block's fields into stats. */
export function statsFromFields(f: ReadonlyMap<string, string>): FfmpegStats {
  // out_time_ms is really microseconds (a long-standing FFmpeg quirk); prefer out_time_us.
  const us = f.get('out_time_us') ?? f.get('out_time_ms');
  return {
    frame: num(f.get('frame')),
    fps: num(f.get('fps')),
    bitrateKbps: num(f.get('bitrate')?.replace(/kbits\/s$/, '')),
    speed: num(f.get('speed')?.replace(/x$/, '')),
    dropFrames: num(f.get('drop_frames')),
    dupFrames: num(f.get('dup_frames')),
    outTimeMs: Math.max(0, num(us) / 1000),
    totalSize: num(f.get('total_size')),
    end: f.get('progress') === 'end',
  };
}

/** Feed it stdout chunks; it calls `onStats` once per complete block. Lines may split across chunks. */
export class ProgressParser {
  private partial = '';
  private fields = new Map<string, string>();

  constructor(private readonly onStats: (s: FfmpegStats) => void) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    // A runaway line without newlines is not progress output; do not buffer it forever.
    if (this.partial.length > 4096) this.partial = '';
    for (const raw of lines) {
      const line = raw.replace(/\r$/, '');
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.fields.set(key, value);
      if (key === 'progress') {
        this.onStats(statsFromFields(this.fields));
        this.fields = new Map();
      }
    }
  }
}
