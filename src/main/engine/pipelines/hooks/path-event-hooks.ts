// runOnInit, runOnReady/runOnAvailable (+ runOnOnline), runOnNotReady/runOnUnavailable
// (+ runOnOffline), runOnRead and runOnUnread, as MediaMTX runs them (internal/core/path.go):
// a lasting hook runs while its condition holds and gets SIGINT when it ends; the matching
// one-shot hook then runs with the same variables.
import { jsonEqual, PathConfIndex, type Config, type PathConf } from '../../../../shared/config';
import type { PathInfo } from '../../../../shared/api';
import type { OnDemandHook, PathManager } from '../../core';
import { pathHookEnv } from './env';
import type { HookRunner } from './hook-runner';
import type { RunningHookCommand } from './run-command';

/** What the hooks need from the engine (narrow, so tests can pass a small host). */
export interface HooksHost {
  readonly config: Config;
  readonly paths: Pick<PathManager, 'on' | 'get' | 'list' | 'findPathConf'> & Partial<Pick<PathManager, 'sessionQuery'>>;
  addOnDemandHook(hook: OnDemandHook): () => void;
  on(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  off(event: 'reload', listener: (e: { next: Config }) => void): unknown;
}

interface Running {
  conf: PathConf;
  env: Record<string, string>;
  cmds: RunningHookCommand[];
}

const stopAll = (cmds: RunningHookCommand[]): Promise<void> => Promise.all(cmds.map((c) => c.stop())).then(() => undefined);

export class PathEventHooks {
  private readonly inits = new Map<string, Running>();
  private readonly ready = new Map<string, Running>();
  /** path → reader ("type id") → its runOnRead. */
  private readonly readers = new Map<string, Map<string, Running>>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly onReload = (e: { next: Config }): void => this.applyInit(e.next);
  private stopped = false;

  constructor(
    private readonly host: HooksHost,
    private readonly runner: HookRunner,
  ) {
    this.unsubscribe.push(host.paths.on('pathReady', (p) => this.pathReady(p)));
    this.unsubscribe.push(host.paths.on('pathNotReady', (p) => this.pathNotReady(p)));
    this.unsubscribe.push(host.paths.on('pathsChanged', () => this.checkReaders()));
    host.on('reload', this.onReload);
    this.applyInit(host.config);
    // Streams that were ready before the service started (media restarted with the API up).
    for (const p of host.paths.list()) if (p.ready) this.pathReady(p);
    this.checkReaders();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.host.off('reload', this.onReload);
    for (const u of this.unsubscribe) u();
    const cmds = [...this.inits.values(), ...this.ready.values(), ...[...this.readers.values()].flatMap((m) => [...m.values()])]
      .flatMap((r) => r.cmds);
    this.inits.clear();
    this.ready.clear();
    this.readers.clear();
    await stopAll(cmds);
  }

  /**
   * runOnInit runs for each named path from startup on; MediaMTX recreates a path whose
   * configuration changed, so a changed conf restarts its command.
   */
  private applyInit(config: Config): void {
    if (this.stopped) return;
    const index = new PathConfIndex(config);
    const wanted = new Map<string, PathConf>();
    for (const name of index.staticNames()) {
      const found = index.find(name);
      if (found.ok && found.conf.runOnInit) wanted.set(name, found.conf);
    }
    for (const [name, run] of [...this.inits]) {
      const conf = wanted.get(name);
      if (conf && jsonEqual(conf, run.conf)) continue;
      this.inits.delete(name);
      void stopAll(run.cmds);
    }
    for (const [name, conf] of wanted) {
      if (this.inits.has(name)) continue;
      const env = pathHookEnv(config, name, []);
      const cmd = this.runner.start('runOnInit', name, conf, env);
      this.inits.set(name, { conf, env, cmds: cmd ? [cmd] : [] });
    }
  }

  private lookup(name: string): { conf: PathConf; env: Record<string, string> } | null {
    const found = this.host.paths.findPathConf(name);
    return found.ok ? { conf: found.conf, env: pathHookEnv(this.host.config, name, found.matches) } : null;
  }

  private pathReady(p: PathInfo): void {
    if (this.stopped) return;
    const old = this.ready.get(p.name);
    if (old) void stopAll(old.cmds);
    this.ready.delete(p.name);
    const found = this.lookup(p.name);
    if (!found || !(found.conf.runOnAvailable || found.conf.runOnOnline || found.conf.runOnUnavailable || found.conf.runOnOffline)) return;
    const query = p.source ? this.host.paths.sessionQuery?.(p.name, p.source.type, p.source.id) : undefined;
    const env = { ...found.env, MTX_QUERY: query ?? '', MTX_SOURCE_TYPE: p.source?.type ?? '', MTX_SOURCE_ID: p.source?.id ?? '' };
    const cmds = [this.runner.start('runOnAvailable', p.name, found.conf, env), this.runner.start('runOnOnline', p.name, found.conf, env)];
    this.ready.set(p.name, { conf: found.conf, env, cmds: cmds.filter((c) => c !== null) });
  }

  private pathNotReady(p: PathInfo): void {
    const run = this.ready.get(p.name);
    if (!run || this.stopped) return;
    this.ready.delete(p.name);
    void stopAll(run.cmds);
    this.runner.fire('runOnUnavailable', p.name, run.conf, run.env);
    this.runner.fire('runOnOffline', p.name, run.conf, run.env);
  }

  /** Readers come and go between two pathsChanged events; diff each path's reader list. */
  private checkReaders(): void {
    if (this.stopped || (!this.readers.size && !usesReadHooks(this.host.config))) return;
    const seen = new Set<string>();
    for (const p of this.host.paths.list()) {
      if (!p.readers.length && !this.readers.has(p.name)) continue;
      seen.add(p.name);
      this.diffReaders(p);
    }
    for (const name of [...this.readers.keys()]) if (!seen.has(name)) this.diffReaders({ name, readers: [] });
  }

  private diffReaders(p: Pick<PathInfo, 'name' | 'readers'>): void {
    const known = this.readers.get(p.name) ?? new Map<string, Running>();
    const now = new Set(p.readers.map((r) => `${r.type} ${r.id}`));
    for (const [key, run] of [...known]) {
      if (now.has(key)) continue;
      known.delete(key);
      void stopAll(run.cmds);
      this.runner.fire('runOnUnread', p.name, run.conf, run.env);
    }
    let found: ReturnType<PathEventHooks['lookup']> | undefined;
    for (const r of p.readers) {
      const key = `${r.type} ${r.id}`;
      if (known.has(key)) continue;
      found ??= this.lookup(p.name);
      if (!found || !(found.conf.runOnRead || found.conf.runOnUnread)) break;
      const query = this.host.paths.sessionQuery?.(p.name, r.type, r.id) ?? '';
      const env = { ...found.env, MTX_QUERY: query, MTX_READER_TYPE: r.type, MTX_READER_ID: r.id };
      const cmd = this.runner.start('runOnRead', p.name, found.conf, env);
      known.set(key, { conf: found.conf, env, cmds: cmd ? [cmd] : [] });
    }
    if (known.size) this.readers.set(p.name, known);
    else this.readers.delete(p.name);
  }
}

/** Whether any path could have runOnRead/runOnUnread (skips the reader diff otherwise). */
function usesReadHooks(config: Config): boolean {
  const confs = [config.pathDefaults, ...Object.values(config.paths)];
  return confs.some((c) => Boolean(c?.runOnRead || c?.runOnUnread));
}
