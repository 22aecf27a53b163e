// Starting a configured hook of a path: the command from the path's conf, its restart flag, a
// log tag "path <name> <hook>", and one-shot hooks (runOnUnread…) kept until they exit so the
// service can stop them on shutdown.
import type { PathConf } from '../../../../shared/config';
import type { Logger } from '../../log/logger';
import { runHookCommand, type RunningHookCommand } from './run-command';

/** Hooks that run while something lasts (stopped when it ends) and their restart flag. */
export type LastingHook = 'runOnInit' | 'runOnDemand' | 'runOnAvailable' | 'runOnOnline' | 'runOnRead';
/** Hooks that run once when something ends. */
export type OneShotHook = 'runOnUnDemand' | 'runOnUnavailable' | 'runOnOffline' | 'runOnUnread';

const RESTART_KEY = {
  runOnInit: 'runOnInitRestart',
  runOnDemand: 'runOnDemandRestart',
  runOnAvailable: 'runOnAvailableRestart',
  runOnOnline: 'runOnOnlineRestart',
  runOnRead: 'runOnReadRestart',
} as const satisfies Record<LastingHook, keyof PathConf>;

export class HookRunner {
  private readonly oneShots = new Set<RunningHookCommand>();

  constructor(
    private readonly log: Logger,
    /** Shortens MediaMTX's 5 s pause before a restart (tests). */
    private readonly restartDelayMs?: number,
  ) {}

  /** Starts a lasting hook if the conf sets it; null if it is empty. */
  start(hook: LastingHook, path: string, conf: PathConf, env: Record<string, string>, onExit?: (code: number | null) => void): RunningHookCommand | null {
    return this.startCommand(conf[hook], conf[RESTART_KEY[hook]] === true, [`path ${path}`, hook], env, onExit);
  }

  /** Runs a one-shot hook if the conf sets it; it is not waited for. */
  fire(hook: OneShotHook, path: string, conf: PathConf, env: Record<string, string>): void {
    this.fireCommand(conf[hook], [`path ${path}`, hook], env);
  }

  /** A lasting command under log tags `tags` (global hooks: runOnConnect); null if empty. */
  startCommand(command: string, restart: boolean, tags: readonly string[], env: Record<string, string>, onExit?: (code: number | null) => void): RunningHookCommand | null {
    if (!command) return null;
    return runHookCommand({ command, env, onExit, restart, restartDelayMs: this.restartDelayMs, log: this.tagged(tags) });
  }

  /** A one-shot command (global hooks: runOnDisconnect), kept until it exits; no-op if empty. */
  fireCommand(command: string, tags: readonly string[], env: Record<string, string>): void {
    if (!command) return;
    const run = runHookCommand({ command, env, log: this.tagged(tags), onExit: () => this.oneShots.delete(run) });
    this.oneShots.add(run);
  }

  private tagged(tags: readonly string[]): Logger {
    return tags.reduce((log, tag) => log.child(tag), this.log);
  }

  /** Stops the one-shot hooks still running (shutdown). */
  async stop(): Promise<void> {
    const all = [...this.oneShots];
    this.oneShots.clear();
    await Promise.all(all.map((r) => r.stop()));
  }
}
