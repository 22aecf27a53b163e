// runOnDemand (MediaMTX internal/core/path.go, "on-demand publisher"): the first reader of a path
// with no stream starts the command and waits up to runOnDemandStartTimeout for it to publish;
// a command that has not published by then is stopped. Once nobody reads for
// runOnDemandCloseAfter, the command gets SIGINT and runOnUnDemand runs.
import { jsonEqual, parseDurationOr, type PathConf } from '../../../../shared/config';
import type { Logger } from '../../log/logger';
import { pathHookEnv } from './env';
import type { HookRunner } from './hook-runner';
import type { HooksHost } from './path-event-hooks';
import type { RunningHookCommand } from './run-command';

interface Demand {
  conf: PathConf;
  env: Record<string, string>;
  cmd: RunningHookCommand | null;
  startTimer: ReturnType<typeof setTimeout> | null;
  closeTimer: ReturnType<typeof setTimeout> | null;
}


export class DemandHooks {
  private readonly demands = new Map<string, Demand>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly onReload = (): void => this.applyReload();
  private stopped = false;

  constructor(
    private readonly host: HooksHost,
    private readonly runner: HookRunner,
    private readonly log: Logger,
  ) {
    this.unsubscribe.push(host.addOnDemandHook((req) => this.demand(req.path, req.conf, req.query)));
    this.unsubscribe.push(host.paths.on('pathsChanged', () => this.check()));
    host.on('reload', this.onReload);
  }

  /** Paths whose runOnDemand command runs now (API, tests). */
  active(): string[] {
    return [...this.demands.keys()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.host.off('reload', this.onReload);
    for (const u of this.unsubscribe) u();
    const all = [...this.demands.keys()];
    await Promise.all(all.map((name) => this.close(name, null)));
  }

  /** The engine's on-demand hook: a reader asks for a path with no stream. */
  private demand(path: string, conf: PathConf, query: string): { timeoutMs: number } | null {
    if (this.stopped || !conf.runOnDemand) return null;
    const timeoutMs = parseDurationOr(conf.runOnDemandStartTimeout, 10_000);
    let d = this.demands.get(path);
    if (!d) {
      const found = this.host.paths.findPathConf(path);
      // MTX_QUERY: the query of the reader that caused the start.
      const env = { ...pathHookEnv(this.host.config, path, found.ok ? found.matches : []), MTX_QUERY: query };
      const entry: Demand = { conf, env, cmd: null, startTimer: null, closeTimer: null };
      d = entry;
      this.demands.set(path, entry);
      this.log.info(`path ${path}: starting runOnDemand`);
      entry.cmd = this.runner.start('runOnDemand', path, conf, env, () => {
        // Without restart the command is done: the next reader starts it again.
        if (conf.runOnDemandRestart || this.demands.get(path) !== entry) return;
        void this.close(path, 'the command exited');
      });
      entry.startTimer = setTimeout(() => {
        entry.startTimer = null;
        if (this.demands.get(path) !== entry) return;
        if (this.host.paths.get(path)?.ready) this.check();
        else void this.close(path, `it did not publish within runOnDemandStartTimeout (${conf.runOnDemandStartTimeout})`);
      }, timeoutMs);
    }
    if (d.closeTimer) clearTimeout(d.closeTimer);
    d.closeTimer = null;
    return { timeoutMs };
  }

  /** After each path change: schedule the close of commands whose path nobody reads. */
  private check(): void {
    if (this.stopped) return;
    for (const [name, d] of this.demands) {
      const info = this.host.paths.get(name);
      if (d.startTimer && info?.ready) {
        clearTimeout(d.startTimer);
        d.startTimer = null;
      }
      if ((info?.readers.length ?? 0) > 0) {
        if (d.closeTimer) clearTimeout(d.closeTimer);
        d.closeTimer = null;
        continue;
      }
      // Until it publishes, readers are waiting for the stream (not listed yet).
      if (d.closeTimer || d.startTimer) continue;
      const closeAfter = parseDurationOr(d.conf.runOnDemandCloseAfter, 10_000);
      d.closeTimer = setTimeout(() => {
        d.closeTimer = null;
        if (this.demands.get(name) !== d || (this.host.paths.get(name)?.readers.length ?? 0) > 0) return;
        void this.close(name, `nobody read for runOnDemandCloseAfter (${d.conf.runOnDemandCloseAfter})`);
      }, closeAfter);
    }
  }

  /** MediaMTX recreates a path whose conf changed: its on-demand command ends with it. */
  private applyReload(): void {
    for (const [name, d] of [...this.demands]) {
      const found = this.host.paths.findPathConf(name);
      if (!found.ok || !jsonEqual(found.conf, d.conf)) void this.close(name, 'path configuration changed');
    }
  }

  private async close(name: string, why: string | null): Promise<void> {
    const d = this.demands.get(name);
    if (!d) return;
    this.demands.delete(name);
    if (d.startTimer) clearTimeout(d.startTimer);
    if (d.closeTimer) clearTimeout(d.closeTimer);
    if (why) this.log.info(`path ${name}: stopping runOnDemand: ${why}`);
    await d.cmd?.stop();
    if (!this.stopped) this.runner.fire('runOnUnDemand', name, d.conf, d.env);
  }
}
