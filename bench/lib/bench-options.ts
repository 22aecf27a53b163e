// Command-line options of the benchmark scripts: parseArgs plus -h/--help, and the checks every
// script repeats (ascending reader counts, a number of seconds, the global time limit). A bad
// value prints what is wrong and the usage, and exits 2.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** `fail(message?)` prints the message (if any) and the usage, and exits 2 (0 without a message). */
export function parseBenchArgs<const T extends ParseArgsOptionsConfig>(name: string, usageText: string, options: T) {
  const fail = (message?: string): never => {
    if (message) console.error(`${name}: ${message}\n`);
    console.error(usageText);
    process.exit(message ? 2 : 0);
  };
  if (process.argv.slice(2).some((a) => a === '-h' || a === '--help')) fail();
  try {
    return { values: parseArgs({ options }).values, fail };
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** "1,10,50" → [1, 10, 50]: whole numbers from 1 to `max`, strictly ascending. */
export function ascendingCounts(text: string, flag: string, max: number, fail: (m: string) => never): number[] {
  const counts = text.split(',').map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > max) || counts.some((n, i) => i > 0 && n <= counts[i - 1])) {
    fail(`${flag} "${text}": want ascending whole numbers from 1 to ${max}`);
  }
  return counts;
}

export function secondsOption(text: string, flag: string, min: number, max: number, fail: (m: string) => never): number {
  const s = Number(text);
  if (!(s >= min && s <= max)) fail(`${flag} "${text}": want ${min}–${max} seconds`);
  return s;
}

/** --time-limit: given seconds, else the script's estimate. */
export function timeLimitOption(text: string | undefined, estimateS: number, fail: (m: string) => never): number {
  const s = text !== undefined ? Number(text) : Math.ceil(estimateS);
  if (!(s > 0)) fail(`--time-limit "${text}": want seconds`);
  return s;
}
