// A logger that keeps its entries in memory so tests can assert on what a module logged.
// Messages are redacted exactly as LogHub does, so "no password in the log" can be tested
// against it.
import type { LogEntry, LogLevel } from '../../../shared/log';
import { isLevelEnabled } from './levels';
import type { Logger } from './logger';
import { ModuleLogger, rootSegments, type LogSink } from './module-logger';
import { redact } from './redact';

export interface CollectingLogger extends Logger {
  /** Every entry logged through this logger or its children, oldest first. */
  readonly entries: readonly LogEntry[];
  /** Messages at exactly `level` (all levels when omitted). */
  messages(level?: LogLevel): string[];
  clear(): void;
}

export function collectingLogger(module = 'test', opts: { level?: LogLevel } = {}): CollectingLogger {
  const threshold = opts.level ?? 'debug';
  const entries: LogEntry[] = [];
  let seq = 0;
  const sink: LogSink = {
    enabled: (level) => isLevelEnabled(level, threshold),
    write: (level, source, message) => {
      entries.push(Object.freeze({ seq: ++seq, time: Date.now(), level, module: source.module, message: redact(message) }));
    },
  };
  const root = new ModuleLogger(sink, rootSegments(module));
  return Object.assign(root, {
    entries,
    messages: (level?: LogLevel) => entries.filter((e) => level === undefined || e.level === level).map((e) => e.message),
    clear: () => {
      entries.length = 0;
    },
  });
}
