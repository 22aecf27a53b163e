// The recorder service (engine service "record"): one PathRecorder per ready path with
// `record: yes`, started on pathReady, restarted when its record* settings change on reload,
// stopped when record is switched off; plus the periodic cleaner (recordDeleteAfter).
import type { PathInfo } from '../../../shared/api';
import type { Engine, EngineService } from '../engine';
import type { Logger } from '../log/logger';
import { cleanRecordings } from './cleaner';
import { PathRecorder, recordSettingsKey } from './path-recorder';

/** How often the cleaner looks for old segments. MediaMTX checks about this often too. */
export const CLEANER_INTERVAL_MS = 60_000;

export class RecordService implements EngineService {
  private readonly recorders = new Map<string, PathRecorder>();
  /** Recorders that stopped but are still closing files. */
  private readonly closing = new Set<PathRecorder>();
  private readonly offs: (() => void)[] = [];
  private readonly cleaner: NodeJS.Timeout;
  private cleaning: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {
    this.offs.push(engine.paths.on('pathReady', (info: PathInfo) => this.consider(info.name)));
    const onReload = () => this.reconcile();
    engine.on('reload', onReload);
    this.offs.push(() => engine.off('reload', onReload));
    this.reconcile();
    this.cleaner = setInterval(() => void this.clean(), CLEANER_INTERVAL_MS);
    this.cleaner.unref();
    void this.clean();
  }

  /** Paths being recorded now. */
  recording(): string[] {
    return [...this.recorders.keys()];
  }

  /** Files being written now. */
  busyFiles(): Set<string> {
    const out = new Set<string>();
    for (const r of this.recorders.values()) if (r.currentFile) out.add(r.currentFile);
    return out;
  }

  /** Resolves once every recorder has written what it has so far (and stopped ones closed their files). */
  async settled(): Promise<void> {
    await Promise.all([...this.recorders.values(), ...this.closing].map((r) => r.drained()));
  }

  /** One cleaner pass now (tests, and after a config change). */
  clean(): Promise<string[]> {
    const run = this.cleaning.then(() => cleanRecordings({
      config: () => this.engine.config,
      busy: (f) => this.busyFiles().has(f),
      log: this.log,
    }).catch((err: unknown) => {
      this.log.warn(`recording cleaner: ${(err as Error).message}`);
      return [];
    }));
    this.cleaning = run;
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.cleaner);
    for (const off of this.offs) off();
    const running = [...this.recorders.values(), ...this.closing];
    for (const r of running) r.stop('server stopping');
    await Promise.all(running.map((r) => r.drained()));
    await this.cleaning;
  }

  /** Start, restart or stop recorders to match the current config and ready paths. */
  private reconcile(): void {
    for (const [name, rec] of this.recorders) {
      const found = this.engine.paths.findPathConf(name);
      if (!found.ok || !found.conf.record || recordSettingsKey(found.conf) !== rec.settingsKey) {
        this.recorders.delete(name);
        this.closing.add(rec);
        rec.stop('configuration changed');
      }
    }
    for (const p of this.engine.paths.list()) if (p.ready) this.consider(p.name);
  }

  private consider(pathName: string): void {
    // A recorder that stopped (its stream ended) may still be closing its file: replace it.
    if (this.stopped || this.recorders.get(pathName)?.stopped === false) return;
    const found = this.engine.paths.findPathConf(pathName);
    if (!found.ok || !found.conf.record) return;
    const rec: PathRecorder = new PathRecorder({
      pathName,
      conf: found.conf,
      paths: this.engine.paths,
      log: this.log,
      id: `recorder-${this.nextId++}`,
      onClosed: (r) => {
        this.closing.delete(r);
        if (this.recorders.get(pathName) === r) this.recorders.delete(pathName);
      },
    });
    const old = this.recorders.get(pathName);
    if (old) this.closing.add(old);
    this.recorders.set(pathName, rec);
    void rec.start();
  }
}

export function createRecordService(engine: Engine, log: Logger): RecordService {
  return new RecordService(engine, log);
}
