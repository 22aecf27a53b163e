// Reading FFmpeg's stderr for the "why": lines look like `[level] text` or
// `[component @ 0x…] [level] text` because the supervisor runs FFmpeg with `-loglevel level+…`.
import type { LogLevel } from '../log/logger';

export interface FfmpegLogLine {
  level: 'panic' | 'fatal' | 'error' | 'warning' | 'info' | 'verbose' | 'debug' | 'trace' | null;
  /** The line without the `[level]` tag (the component prefix stays: it says who complained). */
  text: string;
}

const LEVEL_TAG = /^((?:\[[^\]]+ @ [^\]]+\] )*)\[(panic|fatal|error|warning|info|verbose|debug|trace)\] ?/;

export function parseFfmpegLogLine(line: string): FfmpegLogLine {
  const m = LEVEL_TAG.exec(line);
  if (!m) return { level: null, text: line };
  return { level: m[2] as FfmpegLogLine['level'], text: m[1] + line.slice(m[0].length) };
}

export function logLevelFor(level: FfmpegLogLine['level']): LogLevel {
  switch (level) {
    case 'panic': case 'fatal': case 'error': return 'error';
    case 'warning': return 'warn';
    case 'info': case null: return 'info';
    default: return 'debug';
  }
}

/**
 * Errors that a restart cannot fix: the command itself is wrong. Everything else (connection
 * refused, device busy, I/O error) is retried with backoff.
 */
const FATAL = [
  /Unrecognized option/, /Option not found/, /Error splitting the argument list/, /Missing argument for option/,
  /Invalid option/, /No such filter/, /Unknown encoder/, /Unknown decoder/, /Unknown input format/,
  /Requested output format .* is not a suitable output format/, /Unable to find a suitable output format/,
  /No such file or directory/, /Invalid data found when processing input/, /Error (?:parsing|initializing) (?:a )?filter/,
  /Undefined constant or missing/, /Unable to parse option value/, /At least one output file must be specified/,
];

export function isFatalFfmpegError(text: string): boolean {
  return FATAL.some((re) => re.test(text));
}

/** Generic trailers that say less than the line before them. */
const GENERIC = /^(Conversion failed!|Exiting normally.*|Error (?:opening|while opening) output files?.*)$/;

/**
 * The most useful error of a run: the first line that marks a fatal (command) error, else the
 * last error-level line that is not a generic trailer, else the last line at all.
 */
export function failureReason(lines: readonly FfmpegLogLine[]): { reason: string; fatal: boolean } | null {
  const errors = lines.filter((l) => l.level === 'error' || l.level === 'fatal' || l.level === 'panic');
  const fatal = errors.find((l) => isFatalFfmpegError(l.text)) ?? lines.find((l) => l.level === null && isFatalFfmpegError(l.text));
  if (fatal) return { reason: fatal.text, fatal: true };
  const specific = errors.filter((l) => !GENERIC.test(l.text.trim()));
  const last = specific[specific.length - 1] ?? errors[errors.length - 1] ?? lines[lines.length - 1];
  return last ? { reason: last.text, fatal: false } : null;
}
