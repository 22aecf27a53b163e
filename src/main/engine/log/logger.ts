// The logger interface every engine module depends on. Implementation: ./hub.ts.
import type { LogLevel } from '../../../shared/log';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** A logger for a sub-module: tag "rtmp" → child("conn 12") logs as "rtmp conn 12". */
  child(module: string): Logger;
  readonly module: string;
  /** Whether `level` would be logged; lets a caller skip building an expensive debug message. */
  isEnabled?(level: LogLevel): boolean;
}

export type { LogLevel };
