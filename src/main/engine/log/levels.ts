// Level order as numbers, so "is this entry wanted?" is one comparison on the hot path.
import type { LogLevel } from '../../../shared/log';

export const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** True when an entry at `level` passes a threshold of `threshold` (error < warn < info < debug). */
export function isLevelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LEVEL_RANK[level] <= LEVEL_RANK[threshold];
}
