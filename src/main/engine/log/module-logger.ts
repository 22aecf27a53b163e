// The one Logger implementation: a module path plus a sink. LogHub, the collecting logger and the
// null logger differ only in the sink, so child() and level checks behave the same everywhere.
import type { LogLevel } from '../../../shared/log';
import { formatModuleTag } from './format';
import type { Logger } from './logger';
import { redact } from './redact';

/** Where a ModuleLogger sends entries. `enabled` is asked first so disabled levels cost nothing. */
export interface LogSink {
  enabled(level: LogLevel): boolean;
  write(level: LogLevel, source: ModuleLogger, message: string): void;
}

export class ModuleLogger implements Logger {
  /** "rtmp conn 12": the segments joined by spaces (the LogEntry.module value). */
  readonly module: string;
  /** "[RTMP] [conn 12]": computed once, used for every text line. */
  readonly tag: string;

  constructor(
    private readonly sink: LogSink,
    readonly segments: readonly string[],
  ) {
    this.module = segments.join(' ');
    this.tag = formatModuleTag(segments);
  }

  error(message: string): void {
    if (this.sink.enabled('error')) this.sink.write('error', this, String(message));
  }

  warn(message: string): void {
    if (this.sink.enabled('warn')) this.sink.write('warn', this, String(message));
  }

  info(message: string): void {
    if (this.sink.enabled('info')) this.sink.write('info', this, String(message));
  }

  debug(message: string): void {
    if (this.sink.enabled('debug')) this.sink.write('debug', this, String(message));
  }

  isEnabled(level: LogLevel): boolean {
    return this.sink.enabled(level);
  }

  child(module: string): Logger {
    // Names can come from user data (a source URL, a pipeline name), so they are redacted too.
    return new ModuleLogger(this.sink, [...this.segments, redact(String(module))]);
  }
}

/** The module path for a top-level logger name; "" means untagged. */
export function rootSegments(module: string): string[] {
  const name = redact(String(module));
  return name ? [name] : [];
}
