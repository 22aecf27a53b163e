// recordPath templates (MediaMTX's recordstore path format): `%path` is the stream path, `%Y %m %d
// %H %M %S` the local date and time, `%f` microseconds, `%z` the UTC offset (+hhmm), `%s` Unix
// seconds. The extension follows recordFormat. The same template is read back to find segments
// on disk and their start times, so every placeholder must be parseable.
export type RecordFormat = 'fmp4' | 'mpegts';

export function recordExtension(format: RecordFormat): string {
  return format === 'mpegts' ? '.ts' : '.mp4';
}

const pad = (n: number, w: number) => String(Math.trunc(Math.abs(n))).padStart(w, '0');

function utcOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  return `${off < 0 ? '-' : '+'}${pad(off / 60, 2)}${pad(off % 60, 2)}`;
}

/** The file a segment starting at `start` goes to (with the format's extension). */
export function formatRecordPath(template: string, pathName: string, start: Date, format: RecordFormat): string {
  const out = template.replace(/%(path|Y|m|d|H|M|S|f|z|s)/g, (_m, p: string) => {
    switch (p) {
      case 'path': return pathName;
      case 'Y': return pad(start.getFullYear(), 4);
      case 'm': return pad(start.getMonth() + 1, 2);
      case 'd': return pad(start.getDate(), 2);
      case 'H': return pad(start.getHours(), 2);
      case 'M': return pad(start.getMinutes(), 2);
      case 'S': return pad(start.getSeconds(), 2);
      case 'f': return pad(start.getMilliseconds() * 1000, 6);
      case 'z': return utcOffset(start);
      default: return String(Math.floor(start.getTime() / 1000));
    }
  });
  return out + recordExtension(format);
}

/**
 * The folder under which every segment of `pathName` lies: the template up to the last `/` before
 * its first time placeholder (with %path filled in, or cut there when pathName is undefined).
 */
export function recordBaseDir(template: string, pathName?: string): string {
  const filled = pathName === undefined ? template : template.split('%path').join(pathName);
  const first = filled.search(/%[A-Za-z]/);
  const head = first === -1 ? filled : filled.slice(0, first);
  const slash = head.lastIndexOf('/');
  return slash <= 0 ? (head.startsWith('/') ? '/' : '.') : head.slice(0, slash);
}

interface Field {
  name: string;
  pattern: string;
}

const FIELDS: Record<string, Field> = {
  path: { name: 'path', pattern: '(.+?)' },
  Y: { name: 'Y', pattern: '(\\d{4})' },
  m: { name: 'm', pattern: '(\\d{2})' },
  d: { name: 'd', pattern: '(\\d{2})' },
  H: { name: 'H', pattern: '(\\d{2})' },
  M: { name: 'M', pattern: '(\\d{2})' },
  S: { name: 'S', pattern: '(\\d{2})' },
  f: { name: 'f', pattern: '(\\d{6})' },
  z: { name: 'z', pattern: '([+-]\\d{4})' },
  s: { name: 's', pattern: '(\\d+)' },
};

export interface ParsedRecordPath {
  pathName: string;
  start: Date;
}

/**
 * Reads a file path written by formatRecordPath back: the path name and start time, or null
 * when the file is not a segment of this template. With `pathName`, %path must equal it.
 */
export function parseRecordPath(template: string, format: RecordFormat, file: string, pathName?: string): ParsedRecordPath | null {
  const names: string[] = [];
  let re = '^';
  let last = 0;
  for (const m of template.matchAll(/%(path|Y|m|d|H|M|S|f|z|s)/g)) {
    re += escapeRegExp(template.slice(last, m.index));
    if (m[1] === 'path' && pathName !== undefined) re += escapeRegExp(pathName);
    else {
      re += FIELDS[m[1]].pattern;
      names.push(m[1]);
    }
    last = m.index + m[0].length;
  }
  re += escapeRegExp(template.slice(last)) + escapeRegExp(recordExtension(format)) + '$';
  const match = new RegExp(re).exec(normalize(file));
  if (!match) return null;
  const v: Record<string, string> = {};
  names.forEach((n, i) => (v[n] = match[i + 1]));
  const num = (k: string, def: number) => (v[k] === undefined ? def : Number(v[k]));
  let start: Date;
  if (v.s !== undefined && v.Y === undefined) {
    start = new Date(Number(v.s) * 1000 + Math.floor(num('f', 0) / 1000));
  } else {
    const ms = Math.floor(num('f', 0) / 1000);
    const fields = [num('Y', 1970), num('m', 1) - 1, num('d', 1), num('H', 0), num('M', 0), num('S', 0), ms] as const;
    if (v.z !== undefined) {
      const sign = v.z[0] === '-' ? -1 : 1;
      const offMin = sign * (Number(v.z.slice(1, 3)) * 60 + Number(v.z.slice(3, 5)));
      start = new Date(Date.UTC(...fields) - offMin * 60_000);
    } else start = new Date(...fields);
  }
  if (Number.isNaN(start.getTime())) return null;
  const name = pathName ?? v.path;
  if (name === undefined) return null;
  return { pathName: name, start };
}

/** Templates use `/`; a file found on Windows comes back with `\`. */
function normalize(p: string): string {
  return p.replace(/\\/g, '/');
}

function escapeRegExp(s: string): string {
  return normalize(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
