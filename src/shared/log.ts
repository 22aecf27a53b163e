// Log entries cross every boundary (ring buffer → API event stream → GUI), so they live in the contract.
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export interface LogEntry {
  /** Monotonic sequence number, for resuming a subscription without gaps. */
  seq: number;
  /** Milliseconds since the epoch. */
  time: number;
  level: LogLevel;
  module: string;
  /** Already redacted. */
  message: string;
}
