// "Is my server working?": SMPTE-like bars (testsrc2) with a 440 Hz tone and, when the build has
// drawtext (libfreetype), a wall clock so a viewer can read the end-to-end delay off the picture.
import { encodeAndPublishArgs, type OutputOptions } from './output';

export interface TestPatternOptions extends OutputOptions {
  /** From capabilities.drawtext. */
  drawtext: boolean;
  /** A TTF for drawtext when the build has no fontconfig (e.g. some Windows builds). */
  fontFile?: string;
  toneHz?: number;
}

/** Escapes a value for a filter option inside single quotes (FFmpeg filtergraph quoting rules). */
function filterQuote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, `'\\\\''`).replace(/:/g, '\\:')}'`;
}

export function clockOverlayFilter(fontSize: number, fontFile?: string): string {
  const font = fontFile ? `fontfile=${filterQuote(fontFile)}:` : '';
  // %{localtime\:%X}: drawtext's text expansion; the backslash keeps ":" out of the option parser.
  return `drawtext=${font}text='%{localtime\\:%X}':x=w-tw-16:y=h-th-16:fontsize=${fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8`;
}

export function testPatternArgs(o: TestPatternOptions): string[] {
  const video = `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}`;
  const tone = `sine=frequency=${o.toneHz ?? 440}:sample_rate=48000`;
  const filter = o.drawtext ? `${clockOverlayFilter(Math.max(16, Math.round(o.height / 12)), o.fontFile)},format=yuv420p` : 'format=yuv420p';
  return [
    // -re: lavfi sources run as fast as the CPU allows; a live stream must run at wall-clock speed.
    '-re', '-f', 'lavfi', '-i', video,
    '-re', '-f', 'lavfi', '-i', tone,
    ...encodeAndPublishArgs(o, { input: 0, filter }, 1),
  ];
}
