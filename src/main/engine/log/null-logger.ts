// A logger that drops everything, for tests and optional dependencies.
import type { Logger } from './logger';
import { ModuleLogger, rootSegments, type LogSink } from './module-logger';

const DISCARD: LogSink = {
  enabled: () => false,
  write: () => {},
};

export function nullLogger(module = ''): Logger {
  return new ModuleLogger(DISCARD, rootSegments(module));
}
