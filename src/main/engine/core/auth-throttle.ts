// Slows down guessing: after `threshold` failed attempts from one address within `windowMs`,
// each further failure is answered only after a delay that doubles up to `maxDelayMs`. The
// delay is applied by the caller with a timer, so other clients are never held up.

export interface AuthThrottleOptions {
  /** Failures allowed in the window before answers are delayed. */
  threshold?: number;
  windowMs?: number;
  /** Delay of the first delayed answer; doubles with each further failure. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Bound on remembered addresses, so a flood of sources cannot grow memory without limit. */
  maxTrackedAddresses?: number;
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export class AuthFailureThrottle {
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxTracked: number;
  /** Address → failure times (ms), oldest first, at most threshold + 8 kept. */
  private readonly failuresByIp = new Map<string, number[]>();

  constructor(opts: AuthThrottleOptions = {}) {
    this.threshold = opts.threshold ?? 5;
    this.windowMs = opts.windowMs ?? 60_000;
    this.baseDelayMs = opts.baseDelayMs ?? 250;
    this.maxDelayMs = opts.maxDelayMs ?? 2_000;
    this.maxTracked = opts.maxTrackedAddresses ?? 10_000;
  }

  /** Record one failure; returns how long (ms) to hold back the answer to it. */
  recordFailure(ip: string, now: number): number {
    const key = this.keyOf(ip);
    const times = this.recent(key, now);
    times.push(now);
    if (times.length > this.threshold + 8) times.shift();
    // Re-insert so Map order is least-recently-failed first, for eviction.
    this.failuresByIp.delete(key);
    this.failuresByIp.set(key, times);
    this.evict();
    const over = times.length - this.threshold;
    if (over <= 0) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (over - 1));
  }

  /** Failures from `ip` within the window ending at `now`. */
  failureCount(ip: string, now: number): number {
    return this.recent(this.keyOf(ip), now).length;
  }

  get trackedAddresses(): number {
    return this.failuresByIp.size;
  }

  private keyOf(ip: string): string {
    const m = MAPPED_V4.exec(ip);
    return m ? m[1] : ip.toLowerCase();
  }

  private recent(key: string, now: number): number[] {
    const times = this.failuresByIp.get(key);
    if (!times) return [];
    let drop = 0;
    while (drop < times.length && now - times[drop] >= this.windowMs) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }

  /** Forget the addresses that failed least recently once over the bound. */
  private evict(): void {
    for (const key of this.failuresByIp.keys()) {
      if (this.failuresByIp.size <= this.maxTracked) break;
      this.failuresByIp.delete(key);
    }
  }
}
