// A Logger that keeps what it is told, for asserting on log lines in tests.
import type { Logger, LogLevel } from '../../src/main/engine/log/logger';

export interface LoggedLine {
  level: LogLevel;
  module: string;
  message: string;
}

export class CollectingLogger implements Logger {
  constructor(
    readonly module = 'test',
    readonly lines: LoggedLine[] = [],
  ) {}

  error(message: string): void {
    this.lines.push({ level: 'error', module: this.module, message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', module: this.module, message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', module: this.module, message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', module: this.module, message });
  }
  child(module: string): Logger {
    return new CollectingLogger(`${this.module} ${module}`, this.lines);
  }

  /** Every message joined, for "never contains" checks. */
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.module}: ${l.message}`).join('\n');
  }
}
