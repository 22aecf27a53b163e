// Restart delays for a pipeline that keeps dying: 1 s doubling to 30 s; a run that stayed up
// for a minute counts as healthy, so the next failure starts again from 1 s.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** A run at least this long resets the schedule. */
  stableMs: number;
  /** Consecutive failed starts before giving up (state `failed`); Infinity = never. */
  maxRetries: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, stableMs: 60_000, maxRetries: Infinity };

/** Delay before restart number `attempt` (0-based). */
export function backoffDelay(attempt: number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(p.maxMs, p.initialMs * p.factor ** Math.max(0, attempt));
}

/** Tracks consecutive failures; `next(runMs)` after each exit returns the delay or null (give up). */
export class Backoff {
  private attempt = 0;

  constructor(readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  get attempts(): number {
    return this.attempt;
  }

  next(runMs: number): number | null {
    if (runMs >= this.policy.stableMs) this.attempt = 0;
    if (this.attempt >= this.policy.maxRetries) return null;
    return backoffDelay(this.attempt++, this.policy);
  }

  reset(): void {
    this.attempt = 0;
  }
}
