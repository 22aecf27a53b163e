// The loop every long-lived connection of the engine runs (pulled sources, forward
// destinations): one attempt at a time, a backoff pause after each failure, and a stop that
// cuts both the attempt and the pause short.
import type { Backoff } from '../pipelines/backoff';
import { abortableSleep } from './abortable-sleep';

export interface RetryLoopOptions {
  backoff: Backoff;
  /** Pause when the backoff has no more retries to give (the loop still retries). */
  maxDelayMs: number;
  now?: () => number;
  /** One connection; resolves with why it ended. `stop` aborts when the loop is stopped. */
  attempt(stop: AbortSignal): Promise<unknown>;
  /** An attempt ended while the loop runs: report it; false ends the loop (a permanent error). */
  onFailure(reason: unknown, delayMs: number): boolean;
  /** The loop ended (stopped or given up). */
  onEnd?(): void;
}

export class RetryLoop {
  private running: Promise<void> | null = null;
  private stopController: AbortController | null = null;

  constructor(private readonly opts: RetryLoopOptions) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Idempotent. */
  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    this.stopController = stop;
    this.running = this.loop(stop.signal).finally(() => {
      this.running = null;
      this.opts.onEnd?.();
    });
  }

  /** Resolves once the current attempt has returned. */
  async stop(): Promise<void> {
    this.stopController?.abort();
    await this.running;
  }

  private async loop(stop: AbortSignal): Promise<void> {
    const now = this.opts.now ?? Date.now;
    while (!stop.aborted) {
      const startedAt = now();
      const reason = await this.opts.attempt(stop);
      if (stop.aborted) return;
      const delay = this.opts.backoff.next(now() - startedAt) ?? this.opts.maxDelayMs;
      if (!this.opts.onFailure(reason, delay)) return;
      await abortableSleep(delay, stop);
    }
  }
}
