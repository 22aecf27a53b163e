// One text line per entry, shaped like MediaMTX's so users' habits and log parsers carry over:
//   2026/11/22 02:40:01 INF [RTMP] [conn 127.0.0.1:50312] opened
import type { LogEntry, LogLevel } from '../../../shared/log';

const LEVEL_TAGS: Readonly<Record<LogLevel, string>> = { error: 'ERR', warn: 'WAR', info: 'INF', debug: 'DEB' };

/**
 * "[RTMP] [conn 12]" for the module path ["rtmp", "conn 12"]: the top module upper-cased like
 * MediaMTX's protocol tags, each sub-module in its own brackets.
 */
export function formatModuleTag(segments: readonly string[]): string {
  return segments
    .filter((s) => s.length > 0)
    .map((s, i) => `[${i === 0 ? s.toUpperCase() : s}]`)
    .join(' ');
}

/** Local time as "YYYY/MM/DD hh:mm:ss" (MediaMTX prints local time too). */
export function formatLogTime(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * The line for `entry`, ending in "\n". `tag` defaults to the module as one segment. Continuation
 * lines of a multi-line message are indented so that text inside a message (e.g. a client's
 * request echoed back) can never pass for a separate log entry.
 */
export function formatLogLine(entry: LogEntry, tag = formatModuleTag([entry.module])): string {
  const message = entry.message.replace(/\r\n|\r|\n/g, '\n    ');
  const head = `${formatLogTime(entry.time)} ${LEVEL_TAGS[entry.level]}`;
  return tag ? `${head} ${tag} ${message}\n` : `${head} ${message}\n`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
