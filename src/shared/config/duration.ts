// Durations keep MediaMTX's string form ("10s", "200ms", "1h30m", "1d") in the config and the API;
// engines convert them to milliseconds with parseDuration when they need a number.
// Grammar: Go's time.ParseDuration, plus MediaMTX's leading whole-days prefix "<n>d".

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 MICRO SIGN, as Go accepts
  'μs': 1e-3, // U+03BC GREEK SMALL LETTER MU
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const DAY_MS = 86_400_000;
export const DURATION_EXAMPLES = '"10s", "200ms", "1h30m" or "1d"';

/** Go's time.ParseDuration, in milliseconds. Throws Error with a human reason. */
function parseGoDuration(input: string): number {
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`"${input}" is not a duration`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[2];
    if (whole === '' && (frac === undefined || frac === '')) throw new Error(`"${input}" is not a duration`);
    s = s.slice(num![0].length);
    const unitMatch = /^[^\d.]*/.exec(s);
    const unit = unitMatch ? unitMatch[0] : '';
    if (unit === '') throw new Error(`"${input}" has a number without a unit; write e.g. "${whole || '0'}s"`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) throw new Error(`unknown unit "${unit}" in "${input}"; use ns, us, ms, s, m, h (or a leading d for days)`);
    s = s.slice(unit.length);
    total += Number(`${whole || '0'}.${frac ?? '0'}`) * scale;
  }
  return negative ? -total : total;
}

/** Milliseconds for a MediaMTX duration such as "10s", "500ms", "1h30m" or "1d12h". Throws on invalid input. */
export function parseDuration(s: string): number {
  if (typeof s !== 'string') throw new Error('a duration must be text such as "10s"');
  if (s === '') throw new Error('empty duration');
  let rest = s;
  let days = 0;
  let negative = false;
  // MediaMTX: "^(-?[0-9]+)d" is cut off first and added as whole days; a minus there negates all.
  const daysMatch = /^(-?)(\d+)d/.exec(rest);
  if (daysMatch) {
    negative = daysMatch[1] === '-';
    days = Number(daysMatch[2]);
    rest = rest.slice(daysMatch[0].length);
  }
  const ms = (rest === '' ? 0 : parseGoDuration(rest)) + days * DAY_MS;
  return negative ? -ms : ms;
}

/** The reason a duration is invalid, or undefined when it parses. */
export function checkDuration(s: string): string | undefined {
  try {
    parseDuration(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * For runtime code reading an already-validated config: the duration in ms, or `fallbackMs`
 * when the value is missing or unreadable (validation has reported it already).
 */
export function parseDurationOr(value: string | undefined, fallbackMs: number): number {
  if (!value) return fallbackMs;
  try {
    return parseDuration(value);
  } catch {
    return fallbackMs;
  }
}
