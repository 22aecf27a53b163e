// Range header (RFC 2326 §12.29, §3.5–3.7). We interpret Normal Play Time (what live servers and
// FFmpeg/GStreamer use); SMPTE and clock ranges are carried as text.
//   Range: npt=0.000-        Range: npt=now-        Range: npt=10-20.5
//   Range: clock=19961108T142300Z-19961108T143520Z;time=19970123T143720Z
import { RtspError } from '../errors';

export type RtspRange =
  | { kind: 'npt'; start: number | 'now'; end?: number; time?: string }
  | { kind: 'smpte' | 'clock'; value: string; time?: string };

function bad(value: string): never {
  throw new RtspError('BAD_HEADER_VALUE', `Range "${value.slice(0, 80)}" is not a valid range`);
}

/** §3.6 npt-time: `now`, seconds with fraction, or h:mm:ss(.fraction). */
function nptTime(text: string, whole: string): number {
  const sec = /^(\d{1,12})(?:\.(\d*))?$/.exec(text);
  if (sec) return Number(`${sec[1]}.${sec[2] || '0'}`);
  const hms = /^(\d{1,9}):([0-5]?\d):([0-5]?\d)(?:\.(\d*))?$/.exec(text);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(`${hms[3]}.${hms[4] || '0'}`);
  bad(whole);
}

export function parseRange(value: string): RtspRange {
  const [spec, ...params] = value.split(';').map((s) => s.trim());
  const timeParam = params.find((p) => /^time=/i.test(p));
  const time = timeParam?.slice(5);
  const eq = spec.indexOf('=');
  if (eq < 0) bad(value);
  const unit = spec.slice(0, eq).trim().toLowerCase();
  const body = spec.slice(eq + 1).trim();
  if (unit === 'npt') {
    const dash = body.indexOf('-');
    if (dash < 0) bad(value);
    const startText = body.slice(0, dash).trim();
    const endText = body.slice(dash + 1).trim();
    // §3.6 allows "-end" only as a range with an omitted start, read as 0.
    const start = startText === 'now' ? 'now' : startText === '' ? 0 : nptTime(startText, value);
    const out: RtspRange = { kind: 'npt', start };
    if (endText !== '') out.end = nptTime(endText, value);
    if (time !== undefined) out.time = time;
    return out;
  }
  if (unit === 'clock' || unit.startsWith('smpte')) {
    if (!body.includes('-')) bad(value);
    const out: RtspRange = { kind: unit === 'clock' ? 'clock' : 'smpte', value: spec };
    if (time !== undefined) out.time = time;
    return out;
  }
  bad(value);
}

export function buildRange(range: RtspRange): string {
  let text: string;
  if (range.kind === 'npt') {
    const start = range.start === 'now' ? 'now' : range.start.toFixed(3);
    text = `npt=${start}-${range.end === undefined ? '' : range.end.toFixed(3)}`;
  } else {
    text = range.value;
  }
  return range.time === undefined ? text : `${text};time=${range.time}`;
}
