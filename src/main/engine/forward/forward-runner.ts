// One `forward` destination of one path: reads the path as an internal reader session and runs
// the destination's driver; after a failure it retries with backoff (1 s doubling to 30 s) for
// as long as it runs. The manager starts it when the path becomes ready and stops it when the
// path is no longer ready or the destination left the config.
import type { ForwardInfo, ForwardState } from '../../../shared/api';
import type { PathManager } from '../core';
import type { Logger } from '../log/logger';
import { redact } from '../log/redact';
import { Backoff } from '../pipelines/backoff';
import { RetryLoop } from '../supervision/retry-loop';
import type { ForwardDriver } from './driver';
import { ForwardUnsupportedError } from './errors';

/** 1 s doubling to 30 s; a run that lasted 10 s starts the schedule again. */
export const FORWARD_BACKOFF = { initialMs: 1000, maxMs: 30_000, factor: 2, stableMs: 10_000, maxRetries: Infinity };

export interface ForwardRunnerOptions {
  paths: Pick<PathManager, 'addReader'>;
  path: string;
  dest: string;
  driver: ForwardDriver;
  log: Logger;
  now?: () => number;
  backoff?: Backoff;
}

let nextId = 1;

export class ForwardRunner {
  readonly id = `forward-${nextId++}`;
  /** The destination with its password hidden: what logs and the API show. */
  readonly shownDest: string;
  private state: ForwardState = 'connecting';
  private since: number;
  private lastError: string | null = null;
  private bytes = 0;
  private readonly loop: RetryLoop;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  /** Called after every state change (metrics, events). */
  onChange: (() => void) | undefined;

  constructor(private readonly opts: ForwardRunnerOptions) {
    this.now = opts.now ?? Date.now;
    this.since = this.now();
    this.backoff = opts.backoff ?? new Backoff(FORWARD_BACKOFF);
    this.shownDest = redact(opts.dest);
    this.loop = new RetryLoop({
      backoff: this.backoff,
      maxDelayMs: FORWARD_BACKOFF.maxMs,
      now: this.now,
      attempt: (stop) => this.attempt(stop),
      onFailure: (error, delay) => {
        this.lastError = redact(error instanceof Error ? error.message : String(error));
        if (error instanceof ForwardUnsupportedError) {
          opts.log.error(`forward to ${this.shownDest} failed: ${this.lastError}`);
          this.setState('failed');
          return false;
        }
        opts.log.warn(`forward to ${this.shownDest} failed: ${this.lastError}; retrying in ${Math.round(delay / 100) / 10} s`);
        this.setState('retrying');
        return true;
      },
    });
  }

  get path(): string {
    return this.opts.path;
  }

  info(): ForwardInfo {
    return {
      path: this.opts.path,
      dest: this.shownDest,
      state: this.state,
      lastError: this.lastError,
      bytesSent: this.bytes,
      since: new Date(this.since).toISOString(),
    };
  }

  start(): void {
    this.loop.start();
  }

  /** Stops forwarding; resolves once the driver has returned. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One connection to the destination; resolves with why it ended (unless stopped). */
  private async attempt(stop: AbortSignal): Promise<unknown> {
    const { paths, path, dest, driver, log } = this.opts;
    const ac = new AbortController();
    const onStop = (): void => ac.abort();
    stop.addEventListener('abort', onStop, { once: true });
    this.setState('connecting');
    const res = await paths.addReader({
      path,
      query: '',
      ip: '127.0.0.1',
      protocol: 'internal',
      type: 'forward',
      id: this.id,
      // The core ends the reader (reload, stalled destination, shutdown): this attempt ends.
      session: { close: (why) => ac.abort(new Error(why)) },
    });
    if (!res.ok) {
      stop.removeEventListener('abort', onStop);
      return new Error(`the path refused the forwarder: ${res.message}`);
    }
    try {
      await driver({
        dest,
        log,
        signal: ac.signal,
        reader: res.reader,
        addBytes: (n) => {
          this.bytes += n;
          if (this.state !== 'running') {
            this.lastError = null;
            this.setState('running');
            log.info(`forwarding to ${this.shownDest}`);
          }
        },
      });
      const reason: unknown = ac.signal.reason;
      if (ac.signal.aborted) return reason instanceof Error && reason.name !== 'AbortError' ? reason : new Error('stopped');
      return new Error('the destination ended the stream');
    } catch (err) {
      // A core-side close (writeTimeout on a stalled destination…) says more than the driver's echo of it.
      const reason: unknown = ac.signal.reason;
      return ac.signal.aborted && reason instanceof Error && reason.name !== 'AbortError' ? reason : err;
    } finally {
      stop.removeEventListener('abort', onStop);
      ac.abort();
      res.reader.close();
    }
  }

  private setState(state: ForwardState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.now();
    this.onChange?.();
  }
}
