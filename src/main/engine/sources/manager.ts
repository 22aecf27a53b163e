// The sources service (mediamtx internal/staticsources): one SourceRunner per path whose `source`
// is a URL. Always-on sources start with the service and are kept running; `sourceOnDemand` ones
// start when a reader asks (engine on-demand hook) and stop `sourceOnDemandCloseAfter` after the
// last reader left. Config reloads are followed by diffing each path's resolved conf.
import { jsonEqual, parseDurationOr, PathConfIndex, type Config, type PathConf } from '../../../shared/config';
import type { OnDemandHook, PathManager } from '../core';
import type { Logger } from '../log/logger';
import { sourceKindFor } from './drivers';
import { SourceRunner } from './source-runner';

/** What the service needs from the engine (a narrow view, so tests can pass a small host). */
export interface SourcesHost {
  readonly config: Config;
  readonly paths: PathManager;
  addOnDemandHook(hook: OnDemandHook): () => void;
  on(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  off(event: 'reload', listener: (e: { next: Config }) => void): unknown;
}

interface Entry {
  runner: SourceRunner;
  /** The path's conf as configured (the runner's may have $G1… filled in). */
  conf: PathConf;
  onDemand: boolean;
  /** When a reader last asked for the on-demand source to start. */
  demandAt: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  startTimer: ReturnType<typeof setTimeout> | null;
  /** Created by a reader's demand (regex conf): forgotten when it stops. */
  dynamic: boolean;
}


export class SourcesManager {
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly onReload = (e: { next: Config }): void => this.apply(e.next);
  private stopped = false;

  constructor(
    private readonly host: SourcesHost,
    private readonly log: Logger,
  ) {
    this.unsubscribe.push(host.addOnDemandHook((req) => this.demand(req.path, req.conf)));
    this.unsubscribe.push(host.paths.on('pathsChanged', () => this.checkOnDemand()));
    host.on('reload', this.onReload);
    this.apply(host.config);
  }

  /** The runner of a path (API, tests). */
  runner(path: string): SourceRunner | undefined {
    return this.entries.get(path)?.runner;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.host.off('reload', this.onReload);
    for (const u of this.unsubscribe) u();
    const all = [...this.entries.keys()];
    await Promise.all(all.map((name) => this.remove(name)));
  }

  /** Start, stop or restart runners so they match `config`'s static paths. */
  private apply(config: Config): void {
    if (this.stopped) return;
    const index = new PathConfIndex(config);
    const wanted = new Map<string, PathConf>();
    for (const name of index.staticNames()) {
      const found = index.find(name);
      if (found.ok && sourceKindFor(found.conf.source)) wanted.set(name, found.conf);
    }
    for (const [name, entry] of [...this.entries]) {
      const conf = wanted.get(name);
      if (entry.dynamic) {
        // A regex conf's on-demand source: keep it only while its conf is unchanged.
        const found = index.find(name);
        if (found.ok && jsonEqual(found.conf, entry.conf)) continue;
      } else if (conf && jsonEqual(conf, entry.conf)) continue;
      void this.remove(name);
    }
    for (const [name, conf] of wanted) {
      if (!this.entries.has(name)) this.add(name, conf, false);
    }
  }

  private add(name: string, conf: PathConf, dynamic: boolean, matches: readonly string[] = []): Entry | undefined {
    const kind = sourceKindFor(conf.source);
    if (!kind) return undefined;
    // MediaMTX: a regex path's source may use its groups, e.g. rtsp://cam/$G1.
    const source = conf.source.replace(/\$G(\d)/g, (_, n: string) => matches[Number(n)] ?? '');
    const runner = new SourceRunner({
      paths: this.host.paths,
      pathName: name,
      conf: source === conf.source ? conf : { ...conf, source },
      driver: kind.driver,
      sessionType: kind.type,
      log: this.log.child(`path ${name}`),
    });
    const entry: Entry = { runner, conf, onDemand: conf.sourceOnDemand, demandAt: 0, closeTimer: null, startTimer: null, dynamic };
    this.entries.set(name, entry);
    if (!conf.sourceOnDemand) runner.start();
    return entry;
  }

  private async remove(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    this.clearTimers(entry);
    await entry.runner.dispose();
  }

  /** The engine's on-demand hook: a reader asks for a path with no stream. */
  private demand(path: string, conf: PathConf): { timeoutMs: number } | null {
    if (this.stopped || !conf.sourceOnDemand) return null;
    let entry = this.entries.get(path);
    if (!entry) {
      const found = this.host.paths.findPathConf(path);
      entry = this.add(path, conf, true, found.ok ? found.matches : []);
    }
    if (!entry?.onDemand) return null;
    const timeoutMs = parseDurationOr(conf.sourceOnDemandStartTimeout, 10_000);
    entry.demandAt = Date.now();
    if (entry.closeTimer) clearTimeout(entry.closeTimer);
    entry.closeTimer = null;
    if (!entry.runner.isRunning) this.log.info(`path ${path}: starting on-demand source`);
    entry.runner.start();
    // If no reader ever joins, the close countdown starts when the start timeout has passed.
    if (entry.startTimer) clearTimeout(entry.startTimer);
    entry.startTimer = setTimeout(() => {
      entry.startTimer = null;
      this.checkOnDemand();
    }, timeoutMs + 1);
    return { timeoutMs };
  }

  /** Close on-demand sources that nobody reads (after sourceOnDemandCloseAfter). */
  private checkOnDemand(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const [name, entry] of this.entries) {
      if (!entry.onDemand || !entry.runner.isRunning) continue;
      const info = this.host.paths.get(name);
      const readers = info?.readers.length ?? 0;
      if (readers > 0) {
        if (entry.closeTimer) clearTimeout(entry.closeTimer);
        entry.closeTimer = null;
        continue;
      }
      const conf = entry.runner.conf;
      const starting = now - entry.demandAt < parseDurationOr(conf.sourceOnDemandStartTimeout, 10_000);
      if (entry.closeTimer || (starting && !info?.ready)) continue;
      const closeAfter = parseDurationOr(conf.sourceOnDemandCloseAfter, 10_000);
      entry.closeTimer = setTimeout(() => {
        entry.closeTimer = null;
        if ((this.host.paths.get(name)?.readers.length ?? 0) > 0 || this.entries.get(name) !== entry) return;
        this.log.info(`path ${name}: closing on-demand source: no readers for ${closeAfter} ms`);
        if (entry.dynamic) void this.remove(name);
        else void entry.runner.stop();
      }, closeAfter);
    }
  }

  private clearTimers(entry: Entry): void {
    if (entry.closeTimer) clearTimeout(entry.closeTimer);
    if (entry.startTimer) clearTimeout(entry.startTimer);
    entry.closeTimer = entry.startTimer = null;
  }
}
