// Runs one MediaMTX-style hook command (runOnReady, runOnRecordSegmentComplete…): split and
// expanded as MediaMTX does (./command-line.ts), the hook's MTX_* variables added to this
// process's environment, every output line into the log, restarted after 5 s when `restart` is
// set (MediaMTX's restartPause), and stopped with its whole process group: SIGINT first, as
// MediaMTX sends, then SIGKILL. The orphan watchdog ends the group if the engine dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { redact } from '../../log';
import type { Logger } from '../../log/logger';
import { killTree } from '../kill-tree';
import { orphanWatchdog } from '../watchdog';
import { planHookCommand } from './command-line';

export interface RunHookCommandOptions {
  command: string;
  /** The hook's variables (MTX_PATH, RTSP_PORT…): added to process.env and usable as $NAME in the command. */
  env: Record<string, string>;
  log: Logger;
  /** Start again after the command exits (runOnReadyRestart…). */
  restart?: boolean;
  /** Called after every exit that stop() did not cause; code is null when a signal ended it. */
  onExit?: (code: number | null) => void;
  /** Pause before a restart; MediaMTX waits 5 s. */
  restartDelayMs?: number;
  /** After SIGINT, how long the command may take before SIGKILL. */
  stopGraceMs?: number;
}

export interface RunningHookCommand {
  /** Ends the command (and anything it started); resolves once it has exited. */
  stop(): Promise<void>;
}

const RESTART_PAUSE_MS = 5000;
const STOP_GRACE_MS = 4000;
const MAX_LINE = 2000;
// FFmpeg's once-a-second status line; kept out of the info log.
const PROGRESS_LINE = /(?:^|\s)(?:frame|size)=.*\btime=.*\bspeed=/;

export function runHookCommand(opts: RunHookCommandOptions): RunningHookCommand {
  const { log } = opts;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const runOnce = (): void => {
    restartTimer = null;
    let plan;
    try {
      plan = planHookCommand(opts.command, opts.env);
    } catch (err) {
      // A quoting mistake will not fix itself: no restart loop.
      log.error(`cannot run "${redact(opts.command)}": ${(err as Error).message}`);
      // Asynchronously, as for every other exit: callers are not re-entered from runHookCommand().
      setImmediate(() => { if (!stopped) opts.onExit?.(null); });
      return;
    }
    log.info(`running: ${redact(opts.command)}`);
    let proc: ChildProcess;
    try {
      proc = spawn(plan.file, plan.args, {
        env: { ...process.env, ...opts.env },
        // POSIX: own process group, so stop() reaches everything the command starts.
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        windowsVerbatimArguments: plan.verbatim,
      });
    } catch (err) {
      finish(null, `cannot start ${plan.file}: ${(err as Error).message}`);
      return;
    }
    child = proc;
    let resolveExit!: () => void;
    exited = new Promise((r) => (resolveExit = r));
    const pid = proc.pid;
    if (pid !== undefined) orphanWatchdog().track(pid);
    pipeLines(proc.stdout!, log);
    pipeLines(proc.stderr!, log);
    let done = false;
    const end = (code: number | null, why: string): void => {
      if (done) return;
      done = true;
      if (pid !== undefined) orphanWatchdog().untrack(pid);
      child = null;
      finish(code, why);
      resolveExit();
    };
    // A missing program fires 'error' and never 'exit'.
    proc.on('error', (err) => { if (proc.pid === undefined) end(null, `cannot start ${plan.file}: ${err.message}`); });
    proc.on('exit', (code, signal) => end(code, code !== null ? `exited with code ${code}` : `was killed by ${signal}`));
  };

  const finish = (code: number | null, why: string): void => {
    if (stopped) {
      log.info('stopped');
      return;
    }
    const again = opts.restart === true;
    const delay = opts.restartDelayMs ?? RESTART_PAUSE_MS;
    const msg = `command ${why}${again ? `; restarting in ${delay / 1000} s` : ''}`;
    if (code === 0) log.info(msg);
    else log.warn(msg);
    opts.onExit?.(code);
    if (again && !stopped) restartTimer = setTimeout(runOnce, delay);
  };

  runOnce();

  return {
    async stop(): Promise<void> {
      if (stopped) return exited;
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const proc = child;
      if (proc?.pid !== undefined) {
        const pid = proc.pid;
        killTree(pid, 'SIGINT');
        const hard = setTimeout(() => killTree(pid, 'SIGKILL'), opts.stopGraceMs ?? STOP_GRACE_MS);
        await exited;
        clearTimeout(hard);
        // Whatever the command left running in its group goes with it (the group only: the PID
        // itself is reaped and may already belong to someone else).
        if (process.platform !== 'win32') try { process.kill(-pid, 'SIGKILL'); } catch { /* group empty */ }
      }
    },
  };
}

function pipeLines(stream: NodeJS.ReadableStream, log: Logger): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    const lines = (partial + d).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    if (partial.length > MAX_LINE) partial = '';
    for (const line of lines) logLine(line, log);
  });
  stream.on('end', () => { if (partial) logLine(partial, log); });
}

function logLine(line: string, log: Logger): void {
  if (!line.trim()) return;
  const text = redact(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);
  if (PROGRESS_LINE.test(text)) log.debug(text);
  else log.info(text);
}
