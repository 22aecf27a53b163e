// One supervised FFmpeg process (DESIGN §7): arguments as an array (never a shell string),
// `-progress pipe:1` read into live stats, stderr into the log under the pipeline's tag, restarts
// with exponential backoff, graceful stop (`q`, then SIGTERM, then SIGKILL / taskkill /T /F) and
// the whole process tree always taken down, also if this process dies (./watchdog.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { redact } from '../log';
import type { Logger } from '../log/logger';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { failureReason, logLevelFor, parseFfmpegLogLine, type FfmpegLogLine } from './ffmpeg-errors';
import { killTree } from './kill-tree';
import { formatCommand } from './presets';
import type { PipelineState, PipelineStatus } from '../../../shared/pipelines';
import { ProgressParser, type FfmpegStats } from './progress';
import { orphanWatchdog } from './watchdog';

export type { PipelineState, PipelineStatus };

export interface FfmpegSupervisorOptions {
  /** Pipeline name; the log tag. */
  name: string;
  ffmpegPath: string;
  /** FFmpeg arguments (inputs, outputs); the supervisor adds -progress/-nostats/-loglevel in front. */
  args: readonly string[];
  /**
   * Other ways to do the same job (e.g. gdigrab when ddagrab cannot open the desktop). A run that
   * ends before it ever produced output moves on to the next one; the first that works is kept.
   */
  fallbackArgs?: readonly (readonly string[])[];
  log: Logger;
  backoff?: Partial<BackoffPolicy>;
  /** A clean exit (code 0, e.g. a file played once) ends in `stopped` instead of a restart. Default true. */
  stopOnCleanExit?: boolean;
  /** After `q`, how long FFmpeg may take to finish its output before SIGTERM. */
  quitGraceMs?: number;
  /** After SIGTERM, how long before SIGKILL. */
  termGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface SupervisorEvents {
  state: [PipelineStatus];
  stats: [FfmpegStats];
}

/** The arguments actually passed to FFmpeg. */
export function supervisedArgs(args: readonly string[]): string[] {
  const head = ['-hide_banner', '-nostats', '-progress', 'pipe:1'];
  // `level+` tags every stderr line with its level, so errors are told apart from chatter.
  if (!args.some((a) => a === '-loglevel' || a === '-v')) head.push('-loglevel', 'level+info');
  return [...head, ...args];
}

export class FfmpegSupervisor extends EventEmitter<SupervisorEvents> {
  readonly name: string;
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private child: ChildProcess | null = null;
  private status: PipelineStatus = { state: 'idle', reason: null, pid: null, restarts: 0, retryAt: null, stats: null };
  private retryTimer: NodeJS.Timeout | null = null;
  private killTimers: NodeJS.Timeout[] = [];
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();
  private recent: FfmpegLogLine[] = [];
  private startedAt = 0;
  /** Which of [args, ...fallbackArgs] runs now; fixed once one has reached `running`. */
  private variant = 0;
  private variantProven = false;

  constructor(private readonly opts: FfmpegSupervisorOptions) {
    super();
    this.name = opts.name;
    this.log = opts.log.child(opts.name);
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...opts.backoff });
  }

  get state(): PipelineState {
    return this.status.state;
  }

  snapshot(): PipelineStatus {
    return { ...this.status };
  }

  /** Starts FFmpeg unless it is already starting, running or waiting to retry. */
  start(): void {
    if (this.status.state === 'starting' || this.status.state === 'running' || this.status.state === 'retrying') return;
    this.stopping = false;
    this.backoff.reset();
    // A variant that never worked gets another chance from the top after a manual restart.
    if (!this.variantProven) this.variant = 0;
    this.status = { ...this.status, restarts: 0, reason: null };
    this.spawnOnce();
  }

  /** Graceful stop; resolves once the process (group) is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const child = this.child;
    if (!child) {
      this.set({ state: 'stopped', retryAt: null });
      return;
    }
    const pid = child.pid;
    // `q` asks FFmpeg to finish writing its outputs (trailers, FLV end) and exit cleanly.
    if (child.stdin && !child.stdin.destroyed) child.stdin.write('q\n', () => { /* ignore EPIPE */ });
    if (pid !== undefined) {
      const quit = this.opts.quitGraceMs ?? 3000;
      const term = this.opts.termGraceMs ?? 2000;
      this.killTimers.push(setTimeout(() => killTree(pid, 'SIGTERM'), quit));
      this.killTimers.push(setTimeout(() => killTree(pid, 'SIGKILL'), quit + term));
    }
    await this.exited;
  }

  private set(patch: Partial<PipelineStatus>): void {
    const before = this.status.state;
    this.status = { ...this.status, ...patch };
    // Listeners hear about state and reason changes; pid/stats updates ride along silently.
    if ((patch.state !== undefined && patch.state !== before) || patch.reason !== undefined) this.emit('state', this.snapshot());
  }

  private spawnOnce(): void {
    this.retryTimer = null;
    this.recent = [];
    this.set({ state: 'starting', retryAt: null, stats: null });
    const args = supervisedArgs(this.variant === 0 ? this.opts.args : this.opts.fallbackArgs![this.variant - 1]);
    this.log.info(`starting: ${formatCommand(this.opts.ffmpegPath, args)}`);
    let child: ChildProcess;
    try {
      child = spawn(this.opts.ffmpegPath, args, {
        // POSIX: own process group, so kill(-pid) reaches everything FFmpeg starts.
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
        env: this.opts.env ?? process.env,
      });
    } catch (e) {
      this.fail(`cannot start ${this.opts.ffmpegPath}: ${(e as Error).message}`);
      return;
    }
    this.child = child;
    this.startedAt = Date.now();
    let resolveExit!: () => void;
    this.exited = new Promise((r) => (resolveExit = r));
    let spawnError: Error | null = null;
    child.on('error', (e) => { spawnError = e; });
    if (child.pid !== undefined) {
      orphanWatchdog().track(child.pid);
      this.set({ pid: child.pid });
      this.log.debug(`started pid ${child.pid}`);
    }
    child.stdin!.on('error', () => { /* FFmpeg exited while we wrote `q` */ });

    const progress = new ProgressParser((stats) => {
      this.status.stats = stats;
      if (this.status.state === 'starting') {
        this.variantProven = true;
        this.set({ state: 'running' });
      }
      this.emit('stats', stats);
    });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => progress.push(d));

    let partial = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      const lines = (partial + d).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      if (partial.length > 8192) partial = '';
      for (const line of lines) this.onStderrLine(line);
    });

    child.on('close', (code, signal) => {
      if (partial) this.onStderrLine(partial);
      for (const t of this.killTimers) clearTimeout(t);
      this.killTimers = [];
      if (child.pid !== undefined) {
        // Anything FFmpeg left in its group goes with it.
        if (process.platform !== 'win32') killTree(child.pid, 'SIGKILL');
        orphanWatchdog().untrack(child.pid);
      }
      this.child = null;
      this.set({ pid: null });
      this.onExit(code, signal, spawnError);
      resolveExit();
    });
  }

  private onStderrLine(raw: string): void {
    if (!raw.trim()) return;
    const line = parseFfmpegLogLine(raw);
    this.recent.push(line);
    if (this.recent.length > 40) this.recent.shift();
    const level = logLevelFor(line.level);
    this.log[level](line.text);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null): void {
    const runMs = Date.now() - this.startedAt;
    if (this.stopping) {
      this.log.info(`stopped (${code !== null ? `exit ${code}` : signal})`);
      this.set({ state: 'stopped', retryAt: null });
      return;
    }
    if (spawnError) {
      this.fail(`cannot start ${this.opts.ffmpegPath}: ${spawnError.message}`);
      return;
    }
    const found = failureReason(this.recent);
    const how = code !== null ? `exited with code ${code}` : `was killed by ${signal}`;
    if (code === 0 && (this.opts.stopOnCleanExit ?? true)) {
      this.log.info(`FFmpeg ${how}: finished`);
      this.set({ state: 'stopped', reason: null, retryAt: null });
      return;
    }
    const reason = redact(found && code !== null ? found.reason : `FFmpeg ${how}`);
    if (!this.variantProven && code !== null && this.variant < (this.opts.fallbackArgs?.length ?? 0)) {
      this.variant++;
      this.log.warn(`FFmpeg ${how}: ${reason}; trying fallback ${this.variant}`);
      this.set({ reason });
      this.spawnOnce();
      return;
    }
    if (found?.fatal && code !== null) {
      this.fail(reason);
      return;
    }
    const restarts = runMs >= this.backoff.policy.stableMs ? 1 : this.status.restarts + 1;
    const delay = this.backoff.next(runMs);
    if (delay === null) {
      this.fail(reason);
      return;
    }
    this.log.warn(`FFmpeg ${how} after ${(runMs / 1000).toFixed(1)} s: ${reason}; restarting in ${delay / 1000} s`);
    this.set({ state: 'retrying', reason, restarts, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.spawnOnce(), delay);
  }

  private fail(reason: string): void {
    this.log.error(`failed: ${reason}`);
    this.set({ state: 'failed', reason: redact(reason), retryAt: null, pid: null });
  }
}
