// "Export": the lines the view shows, as plain text. Messages are redacted by the engine before
// they enter the log, so nothing here needs hiding.
import type { LogEntry } from '../../../../shared/log';

/** One line per entry: ISO time (UTC), level, [module], message. */
export function logsText(entries: readonly LogEntry[]): string {
  return entries.map((e) => `${new Date(e.time).toISOString()} ${e.level.toUpperCase().padEnd(5)} [${e.module}] ${e.message}\n`).join('');
}

/** relaybox-logs-2026-11-22T07-14-37.txt: sortable, and valid on Windows (no colons). */
export function logsFileName(now: Date): string {
  return `relaybox-logs-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.txt`;
}
