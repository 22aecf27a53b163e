// The forward service (issue 8 item 3): for every ready path whose conf lists `forward`
// destinations, one ForwardRunner per destination. Runners start when the path becomes ready,
// stop when it is no longer ready, and follow config reloads (destinations added, removed or
// changed; a path whose conf now matches differently).
import type { ForwardInfo } from '../../../shared/api';
import type { Config, ForwardTarget } from '../../../shared/config';
import type { PathManager } from '../core';
import type { Logger } from '../log/logger';
import { forwardDriverFor, type ForwardDriverFactory } from './drivers';
import { ForwardRunner } from './forward-runner';

/** What the service needs from the engine (a narrow view, so tests can pass a small host). */
export interface ForwardHost {
  readonly config: Config;
  readonly paths: Pick<PathManager, 'addReader' | 'findPathConf' | 'get' | 'list' | 'on'>;
  on(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  off(event: 'reload', listener: (e: { next: Config }) => void): unknown;
}

export interface ForwardManagerOptions {
  /** Replaces the scheme table (tests). */
  driverFor?: ForwardDriverFactory;
  /** Told after any runner's state changed, or runners came or went. */
  onChange?: () => void;
}

/** A destination's identity: the same URL with another fingerprint is another destination. */
const targetKey = (t: ForwardTarget): string => `${t.dest}\n${t.destFingerprint}`;

export class ForwardManager {
  /** path → (target key → runner). */
  private readonly byPath = new Map<string, Map<string, ForwardRunner>>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly onReload = (): void => this.syncAll();
  private stopped = false;

  constructor(
    private readonly host: ForwardHost,
    private readonly log: Logger,
    private readonly opts: ForwardManagerOptions = {},
  ) {
    this.unsubscribe.push(host.paths.on('pathReady', (p) => this.sync(p.name)));
    this.unsubscribe.push(host.paths.on('pathNotReady', (p) => this.sync(p.name)));
    host.on('reload', this.onReload);
    this.syncAll();
  }

  list(): ForwardInfo[] {
    const out: ForwardInfo[] = [];
    for (const name of [...this.byPath.keys()].sort()) {
      for (const r of this.byPath.get(name)!.values()) out.push(r.info());
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    this.host.off('reload', this.onReload);
    const all = [...this.byPath.values()].flatMap((m) => [...m.values()]);
    this.byPath.clear();
    await Promise.all(all.map((r) => r.stop()));
  }

  private syncAll(): void {
    const names = new Set([...this.byPath.keys(), ...this.host.paths.list().filter((p) => p.ready).map((p) => p.name)]);
    for (const name of names) this.sync(name);
  }

  /** Makes the runners of one path match its readiness and its conf's `forward` list. */
  private sync(name: string): void {
    if (this.stopped) return;
    const wanted = new Map<string, ForwardTarget>();
    let conf;
    if (this.host.paths.get(name)?.ready) {
      const found = this.host.paths.findPathConf(name);
      if (found.ok) {
        conf = found.conf;
        for (const t of found.conf.forward) wanted.set(targetKey(t), t);
      }
    }
    const running = this.byPath.get(name) ?? new Map<string, ForwardRunner>();
    let changed = false;
    for (const [key, runner] of running) {
      if (wanted.has(key)) continue;
      running.delete(key);
      changed = true;
      void runner.stop();
    }
    for (const [key, target] of wanted) {
      if (running.has(key) || !conf) continue;
      const env = { config: this.host.config, path: name, conf };
      const driver = this.opts.driverFor ? this.opts.driverFor(target, env) : forwardDriverFor(target, env);
      const runner = new ForwardRunner({ paths: this.host.paths, path: name, dest: target.dest, driver, log: this.log.child(name) });
      runner.onChange = () => this.opts.onChange?.();
      running.set(key, runner);
      changed = true;
      runner.start();
    }
    if (running.size > 0) this.byPath.set(name, running);
    else this.byPath.delete(name);
    if (changed) this.opts.onChange?.();
  }
}
