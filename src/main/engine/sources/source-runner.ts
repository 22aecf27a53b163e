// One pulled source of one path (mediamtx internal/staticsources/handler.go): runs its driver,
// makes it the path's publisher, restarts it with backoff (1 s doubling to 30 s) after a failure,
// and reports its state to the path's info. Always-on or on demand; the manager decides which.
import type { SourceState, SourceStatus } from '../../../shared/api';
import type { PathConf } from '../../../shared/config';
import type { PathManager, PathPublisher } from '../core';
import type { Stream } from '../core/stream';
import type { Logger } from '../log/logger';
import { redact } from '../log/redact';
import { Backoff } from '../pipelines/backoff';
import type { Track } from '../protocols/media/types';
import { RetryLoop } from '../supervision/retry-loop';
import type { SourceDriver } from './driver';

export interface SourceRunnerOptions {
  paths: Pick<PathManager, 'addPublisher' | 'setSourceReporter' | 'sourceChanged'>;
  pathName: string;
  conf: PathConf;
  driver: SourceDriver;
  /** MediaMTX API type of the source session ("rtspSource", "rtmpSource", "hlsSource"). */
  sessionType: string;
  log: Logger;
  now?: () => number;
  backoff?: Backoff;
}

let nextId = 1;

export class SourceRunner {
  readonly id = `source-${nextId++}`;
  private state: SourceState = 'idle';
  private since: number;
  private lastError: string | undefined;
  private bytes = 0;
  private readonly loop: RetryLoop;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly detachReporter: () => void;

  constructor(private readonly opts: SourceRunnerOptions) {
    this.now = opts.now ?? Date.now;
    this.since = this.now();
    this.backoff = opts.backoff ?? new Backoff();
    this.detachReporter = opts.paths.setSourceReporter(opts.pathName, () => ({ status: this.status(), bytesReceived: this.bytes }));
    this.loop = new RetryLoop({
      backoff: this.backoff,
      maxDelayMs: 30_000,
      now: this.now,
      attempt: (stop) => this.attempt(stop),
      onFailure: (error, delay) => {
        // The API shows it: a driver's message may quote the URL with its password.
        this.lastError = redact(String(error));
        opts.log.warn(`source failed: ${this.lastError}; retrying in ${Math.round(delay / 100) / 10} s`);
        this.setState('retrying');
        return true;
      },
      onEnd: () => this.setState('idle'),
    });
  }

  get conf(): PathConf {
    return this.opts.conf;
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  status(): SourceStatus {
    return {
      state: this.state,
      since: new Date(this.since).toISOString(),
      attempts: this.backoff.attempts,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Start pulling (idempotent). */
  start(): void {
    this.loop.start();
  }

  /** Stop pulling; resolves when the driver has returned and the publisher is gone. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Stop for good: the path no longer shows this source. */
  async dispose(): Promise<void> {
    await this.stop();
    this.detachReporter();
  }

  /** One connection: returns why it ended (when the run was not stopped). */
  private async attempt(stop: AbortSignal): Promise<string> {
    const { paths, pathName, conf, driver, sessionType, log } = this.opts;
    const ac = new AbortController();
    const onStop = (): void => ac.abort();
    stop.addEventListener('abort', onStop, { once: true });
    let publisher: PathPublisher | null = null;
    this.setState('connecting');
    try {
      const res = await paths.addPublisher({
        path: pathName,
        query: '',
        ip: '127.0.0.1',
        protocol: 'internal',
        type: sessionType,
        id: this.id,
        // The core ends the source (config reload, shutdown): this attempt ends; the loop decides.
        session: { close: (why) => ac.abort(new Error(why)) },
      });
      if (!res.ok) return `the path refused the source: ${res.message}`;
      publisher = res.publisher;
      const held = publisher;
      await driver({
        url: conf.source,
        conf,
        log,
        signal: ac.signal,
        publish: (tracks: readonly Track[]): Stream => {
          if (held.closed || ac.signal.aborted) throw new Error('the source was stopped');
          const stream = held.setTracks(tracks);
          this.backoff.reset();
          this.lastError = undefined;
          this.setState('ready');
          return stream;
        },
        addBytes: (n) => {
          this.bytes += n;
        },
      });
      if (ac.signal.aborted) {
        const reason: unknown = ac.signal.reason;
        return reason instanceof Error && reason.name !== 'AbortError' ? reason.message : 'stopped';
      }
      return 'the remote ended the stream';
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    } finally {
      stop.removeEventListener('abort', onStop);
      ac.abort();
      publisher?.close(stop.aborted ? 'source stopped' : 'source disconnected');
    }
  }

  private setState(state: SourceState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.now();
    this.opts.paths.sourceChanged();
  }
}
