// The engine object: owns the config, the listeners, the stream core and the log hub.
// createEngine(config) → start(), stop(), reload(config), status(), events (DESIGN §1, issue 2).
import { EventEmitter } from 'node:events';
import type {
  ConnInfo, ConnKind, EngineStatus, ListenerName, ListenerStatus, ReloadResult, ServerState,
} from '../../shared/api';
import { diffConfig, parseAddress, type Config, type ConfigIssue } from '../../shared/config';
import { saveConfig } from './config';
import { LISTENERS, listenersAffectedBy, type ListenerDef } from './listeners';
import { LogHub } from './log';
import { PathManager, type OnDemandHook } from './core';
import type { Logger } from './log/logger';
import type { RunningServer } from './servers/listen';
import { openPlaceholderTcp, openPlaceholderUdp } from './servers/placeholder';
import { findFreePort, findPortOwner } from './system';
import { RELAYBOX_VERSION } from './version';

export interface EngineOptions {
  config: Config;
  /** Where edits made through the API/GUI are saved. Without it, edits live in memory only. */
  configFile?: string;
  log?: LogHub;
}

/** Opens one listener; the engine maps errors (EADDRINUSE…) to listener states. */
export type ListenerOpener = (engine: Engine, def: ListenerDef, host: string, port: number, log: Logger) => Promise<RunningServer>;

export class ConfigRejectedError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ') || 'invalid configuration');
    this.name = 'ConfigRejectedError';
  }
}

interface ListenerSlot {
  def: ListenerDef;
  status: ListenerStatus;
  server?: RunningServer;
}

const openers = new Map<ListenerName, ListenerOpener>();

/** Servers register here as their protocols land; anything unregistered gets a placeholder. */
export function registerListener(name: ListenerName, open: ListenerOpener): void {
  openers.set(name, open);
}

/**
 * Engine-owned background work that follows the config while media is on: static sources,
 * forwarders, the recorder, run-on hooks. Started with the media listeners, stopped with them;
 * a service follows config changes itself through engine.on('reload').
 */
export interface EngineService {
  stop(): Promise<void> | void;
}
export type ServiceFactory = (engine: Engine, log: Logger) => EngineService;

const serviceFactories = new Map<string, ServiceFactory>();

/** Registered once at module load (engine/index.ts), like listeners. */
export function registerService(name: string, factory: ServiceFactory): void {
  serviceFactories.set(name, factory);
}

/**
 * A client connection opened or closed on a protocol server: the 'conn' event, which
 * runOnConnect/runOnDisconnect follow. `kind` is MediaMTX's MTX_CONN_TYPE.
 */
export interface ConnEvent {
  kind: 'rtspConn' | 'rtspsConn' | 'rtmpConn' | 'rtmpsConn' | 'webRTCSession';
  id: string;
  remoteAddr: string;
  phase: 'open' | 'close';
}

/** A protocol server's live sessions, as the API lists and kicks them. */
export interface ConnListProvider {
  list(): ConnInfo[];
  kick?(id: string): boolean;
}

export class Engine extends EventEmitter {
  readonly log: LogHub;
  readonly version = RELAYBOX_VERSION;
  readonly startedAt = Date.now();
  configFile: string | undefined;
  /** The stream core: where every protocol server's publishers and readers meet. */
  readonly paths: PathManager;
  private cfg: Config;
  private connLists = new Map<ConnKind, ConnListProvider>();
  private services = new Map<string, EngineService>();
  private onDemandHooks: OnDemandHook[] = [];
  private suggesting: Promise<unknown> = Promise.resolve();
  private offered = new Set<number>();
  private slots = new Map<ListenerName, ListenerSlot>();
  private mediaWanted = false;
  private transition: ServerState | undefined;
  private logger: Logger;
  /** Serializes start/stop/reload so a GUI double-click cannot interleave them. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: EngineOptions) {
    super();
    this.cfg = opts.config;
    this.configFile = opts.configFile;
    this.log = opts.log ?? new LogHub(logOptions(opts.config));
    this.logger = this.log.logger('engine');
    this.paths = new PathManager({
      config: opts.config,
      log: this.log.logger('path'),
      // sourceOnDemand and runOnDemand both answer here; the first that takes the path wins.
      onDemand: (req) => {
        for (const hook of this.onDemandHooks) {
          const r = hook(req);
          if (r) return r;
        }
        return null;
      },
    });
    for (const def of LISTENERS) this.slots.set(def.name, { def, status: this.initialStatus(def) });
  }

  get config(): Config {
    return this.cfg;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Opens every enabled listener (control plane and media). */
  start(): Promise<EngineStatus> {
    return this.serial(async () => {
      this.mediaWanted = true;
      await this.openListeners(() => true);
      this.startServices();
      return this.status();
    });
  }

  /** Closes everything, control plane included (process shutdown). */
  stop(): Promise<void> {
    return this.serial(async () => {
      this.mediaWanted = false;
      await this.stopServices();
      await this.closeListeners(() => true);
      this.paths.close('server shutting down');
      await this.log.close();
    });
  }

  /** The GUI's Start button: media listeners only; the control API stays up. */
  startMedia(): Promise<EngineStatus> {
    return this.serial(async () => {
      this.mediaWanted = true;
      await this.openListeners((d) => !d.control);
      this.startServices();
      return this.status();
    });
  }

  stopMedia(): Promise<EngineStatus> {
    return this.serial(async () => {
      this.mediaWanted = false;
      this.transition = 'stopping';
      this.emitStatus();
      await this.stopServices();
      await this.closeListeners((d) => !d.control);
      this.transition = undefined;
      this.emitStatus();
      return this.status();
    });
  }

  /** Applies a new config, restarting only the listeners whose settings changed. */
  reload(next: Config): Promise<ReloadResult> {
    return this.serial(() => this.reloadNow(next));
  }

  /**
   * Validated edit from the API/GUI: apply `edit`, persist to the config file, hot-reload.
   * Rejects with ConfigRejectedError (the loader's own messages) when the result is invalid.
   */
  edit(edit: (c: Config) => { config?: Config; issues: ConfigIssue[] }): Promise<ReloadResult> {
    return this.serial(async () => {
      const { config, issues } = edit(this.cfg);
      if (!config || issues.some((i) => i.severity === 'error')) throw new ConfigRejectedError(issues);
      if (this.configFile) await saveConfig(this.configFile, config);
      const result = await this.reloadNow(config);
      result.warnings = issues.filter((i) => i.severity === 'warning');
      return result;
    });
  }

  private async reloadNow(next: Config): Promise<ReloadResult> {
    const prev = this.cfg;
    const diff = diffConfig(prev, next);
    this.cfg = next;
    if (diff.global.some((k) => k.startsWith('log'))) this.log.configure(logOptions(next));
    const { closed } = this.paths.reload(next);
    const affected = listenersAffectedBy(diff.global);
    const restarted: ListenerName[] = [];
    for (const slot of this.slots.values()) {
      if (!affected.has(slot.def.name)) continue;
      const wanted = slot.def.control || this.mediaWanted;
      if (slot.server || slot.status.state !== 'stopped') {
        await this.closeSlot(slot);
        if (wanted) await this.openSlot(slot);
        restarted.push(slot.def.name);
      }
    }
    if (restarted.length) this.logger.info(`config reloaded; restarted: ${restarted.join(', ')}`);
    else if (diff.global.length || diff.paths.length || diff.pathDefaults) this.logger.info('config reloaded; no listener needed a restart');
    this.emit('reload', { prev, next, diff });
    this.emitStatus();
    return { restarted, paths: [...new Set([...diff.paths, ...closed])], warnings: [] };
  }

  status(): EngineStatus {
    const listeners = [...this.slots.values()].map((s) => ({ ...s.status }));
    return {
      state: this.transition ?? this.overallState(listeners),
      version: this.version,
      startedAt: this.mediaWanted ? this.startedAt : undefined,
      configFile: this.configFile,
      listeners,
    };
  }

  private overallState(listeners: ListenerStatus[]): ServerState {
    const media = listeners.filter((l) => !this.slots.get(l.name)!.def.control && l.state !== 'disabled');
    if (!this.mediaWanted) return 'stopped';
    if (media.some((l) => l.state === 'starting')) return 'starting';
    const up = media.filter((l) => l.state === 'listening').length;
    if (up === media.length) return 'running';
    return up === 0 ? 'error' : 'partial';
  }

  /** Protocol servers register their session lists while they run; returns the unregister. */
  registerConnList(kind: ConnKind, provider: ConnListProvider): () => void {
    this.connLists.set(kind, provider);
    return () => { if (this.connLists.get(kind) === provider) this.connLists.delete(kind); };
  }

  /** Protocol servers report each connection's open and close here (one call each). */
  connEvent(e: ConnEvent): void {
    this.emit('conn', e);
  }

  /** sourceOnDemand / runOnDemand register here; returns the unregister. */
  addOnDemandHook(hook: OnDemandHook): () => void {
    this.onDemandHooks.push(hook);
    return () => { this.onDemandHooks = this.onDemandHooks.filter((h) => h !== hook); };
  }

  /** A running service by its registered name (the API reads sources/forwarders/recordings). */
  service<T extends EngineService>(name: string): T | undefined {
    return this.services.get(name) as T | undefined;
  }

  private startServices(): void {
    for (const [name, factory] of serviceFactories) {
      if (this.services.has(name)) continue;
      try {
        this.services.set(name, factory(this, this.log.logger(name)));
      } catch (err) {
        // One broken service must not keep the listeners (or the other services) down.
        this.logger.error(`${name} failed to start: ${(err as Error).message}`);
      }
    }
  }

  private async stopServices(): Promise<void> {
    const running = [...this.services.entries()].reverse();
    this.services.clear();
    for (const [name, svc] of running) {
      try {
        await svc.stop();
      } catch (err) {
        this.logger.error(`${name} failed to stop: ${(err as Error).message}`);
      }
    }
  }

  conns(kind: ConnKind): ConnListProvider | undefined {
    return this.connLists.get(kind);
  }

  /** True when at least one listener is serving: the CLI exits only if nothing could start. */
  anyListening(): boolean {
    return [...this.slots.values()].some((s) => s.status.state === 'listening');
  }

  private initialStatus(def: ListenerDef): ListenerStatus {
    const address = String(this.cfg[def.key] ?? '');
    let port = 0;
    try { port = parseAddress(address).port; } catch { /* reported when opening */ }
    return {
      name: def.name, label: def.label, key: def.key, protocol: def.protocol, address, port,
      state: def.enabled(this.cfg) ? 'stopped' : 'disabled',
      placeholder: !openers.has(def.name) || undefined,
    };
  }

  private async openListeners(which: (d: ListenerDef) => boolean): Promise<void> {
    const todo = [...this.slots.values()].filter((s) => which(s.def) && !s.server);
    this.offered.clear();
    for (const s of todo) if (s.def.enabled(this.cfg)) s.status = { ...this.initialStatus(s.def), state: 'starting' };
    this.emitStatus();
    // Listeners fail independently: a busy port on one never stops the others.
    await Promise.all(todo.map((s) => this.openSlot(s)));
    this.emitStatus();
  }

  private async closeListeners(which: (d: ListenerDef) => boolean): Promise<void> {
    await Promise.all([...this.slots.values()].filter((s) => which(s.def)).map((s) => this.closeSlot(s)));
  }

  private async closeSlot(slot: ListenerSlot): Promise<void> {
    const server = slot.server;
    slot.server = undefined;
    slot.status = { ...this.initialStatus(slot.def) };
    if (server) {
      await server.close();
      this.log.logger(slot.def.name).info(`${slot.def.label} listener closed`);
    }
  }

  private async openSlot(slot: ListenerSlot): Promise<void> {
    const { def } = slot;
    const log = this.log.logger(def.name);
    const base = this.initialStatus(def);
    if (!def.enabled(this.cfg)) { slot.status = base; return; }
    const proto = def.protocol.toUpperCase();
    let host: string; let port: number;
    try {
      ({ host, port } = parseAddress(base.address));
    } catch (err) {
      slot.status = { ...base, state: 'error', error: `${def.key} "${base.address}": ${(err as Error).message}` };
      log.error(slot.status.error!);
      return;
    }
    slot.status = { ...base, state: 'starting' };
    try {
      const opener = openers.get(def.name);
      slot.server = opener
        ? await opener(this, def, host, port, log)
        : def.protocol === 'tcp' ? await openPlaceholderTcp(host, port, log) : await openPlaceholderUdp(host, port);
      slot.status = { ...base, state: 'listening' };
      const note = opener ? '' : ` (placeholder: ${def.label} is not implemented yet; connections are accepted and held)`;
      log.info(`${def.label} listener opened on ${base.address} (${proto})${note}`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        const owner = await findPortOwner(def.protocol, port).catch(() => undefined);
        const suggestion = await this.suggestPort(def, host, port);
        const who = owner ? `${owner.name} (PID ${owner.pid})` : code === 'EACCES' ? 'the system (permission denied)' : 'another program';
        const error = `port ${port}/${proto} is held by ${who}`;
        slot.status = { ...base, state: 'port-conflict', owner, suggestion, error };
        log.error(`${def.label} listener cannot open ${base.address}: ${error}; ` +
          (suggestion ? `set ${def.key}: ":${suggestion}" (free) or stop that program` : 'stop that program or change ' + def.key));
      } else {
        slot.status = { ...base, state: 'error', error: (err as Error).message };
        log.error(`${def.label} listener failed on ${base.address}: ${(err as Error).message}`);
      }
    }
  }

  /**
   * A free port to offer instead of a busy one: never a configured port and never one already
   * offered to another listener (listeners fail in parallel, so suggestions are serialized).
   */
  private suggestPort(def: ListenerDef, host: string, port: number): Promise<number | undefined> {
    const next = this.suggesting.then(async () => {
      const taken = new Set([...this.slots.values()].flatMap((s) => [s.status.port, s.status.suggestion ?? 0]));
      for (const p of this.offered) taken.add(p);
      const found = await findFreePort(def.protocol, host, port, taken).catch(() => undefined);
      if (found) this.offered.add(found);
      return found;
    });
    this.suggesting = next.catch(() => undefined);
    return next;
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }
}

function logOptions(c: Config) {
  return {
    level: c.logLevel,
    destinations: c.logDestinations as ('stdout' | 'file' | 'syslog')[],
    file: c.logFile,
  };
}

export function createEngine(opts: EngineOptions): Engine {
  return new Engine(opts);
}
