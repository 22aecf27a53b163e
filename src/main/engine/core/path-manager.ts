// The registry of paths: where every protocol server meets (DESIGN §6, mediamtx
// internal/core/path_manager.go). Servers depend on Pick<PathManager, 'addPublisher' |
// 'addReader'>; the API on list/get/on; the config layer on reload.
import type { PathInfo } from '../../../shared/api';
import {
  isStaticConfName,
  parseDuration,
  PathConfIndex,
  type Config,
  type FindPathConfResult,
  type PathConf,
} from '../../../shared/config';
import type { Logger } from '../log/logger';
import { checkCredentials, type AuthResult } from './auth';
import { AuthFailureThrottle } from './auth-throttle';
import { changedKeys } from './conf-diff';
import { TypedEmitter } from './events';
import { Path, type PathHost, type SourceReport } from './path';
import { readerRedirect } from './redirect';
import type { OfflineSlate } from './always-available';
import type { AddPublisherResult, AddReaderResult, PathAccessRequest, PathFailure } from './path-requests';
import { DEFAULT_WRITE_QUEUE_SIZE, type StreamOptions } from './stream';

export const DEFAULT_WRITE_TIMEOUT_MS = 10_000;

/**
 * sourceOnDemand / runOnDemand (later issues): called when a reader asks for a path that has
 * no stream. Start the source (or the command) and return how long to wait for it to become
 * ready; return null to refuse the reader at once with 'notReady'.
 */
export type OnDemandHook = (req: { path: string; confName: string; conf: PathConf; query: string }) => { timeoutMs: number } | null;

export interface PathManagerOptions {
  config: Config;
  log: Logger;
  /** ms clock (readyTime, stall detection, auth throttling); injectable for tests. */
  now?: () => number;
  /** How refused credentials are held back; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  authThrottle?: AuthFailureThrottle;
  onDemand?: OnDemandHook;
  gopCacheMaxBytes?: number;
  /** How often stalled readers are looked for; 0 = never (call closeStalledReaders yourself). */
  stallCheckIntervalMs?: number;
}

export interface PathManagerEvents extends Record<string, unknown[]> {
  pathReady: [PathInfo];
  pathNotReady: [PathInfo];
  /** Something in list() changed. Coalesced per tick; consumers that fan out should throttle. */
  pathsChanged: [];
}

export interface ReloadOutcome {
  /** Paths whose sessions were closed to apply the change (ReloadResult.paths in the API). */
  closed: string[];
}

// Keys that only decide who may join next: changing them leaves running sessions alone.
// Every other key change closes the path's sessions (they were set up under the old value).
const ADMISSION_KEYS = new Set(['maxReaders', 'overridePublisher', 'publishUser', 'publishPass', 'publishIPs', 'readUser', 'readPass', 'readIPs']);
// Keys the services (recorder, forwarder, hooks) follow by themselves on reload, as MediaMTX
// does: toggling `record` must not cut off the publisher.
const isServiceKey = (k: string) => k.startsWith('record') || k.startsWith('runOn') || k === 'forward';
const keepsSessions = (k: string) => ADMISSION_KEYS.has(k) || isServiceKey(k);

// Clients that try anonymously first and resend with credentials after a 401: their first
// refusal is the protocol working, not a failed login.
const CHALLENGE_PROTOCOLS = new Set(['rtsp', 'hls', 'webrtc']);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PathManager {
  private cfg: Config;
  private index: PathConfIndex;
  private readonly paths = new Map<string, Path>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly throttle: AuthFailureThrottle;
  private readonly onDemand?: OnDemandHook;
  private readonly gopCacheMaxBytes?: number;
  private readonly emitter: TypedEmitter<PathManagerEvents>;
  private readonly host: PathHost;
  private readonly sources = new Map<string, () => SourceReport>();
  private readonly slates = new Map<string, OfflineSlate>();
  private changeQueued = false;
  private stallTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(opts: PathManagerOptions) {
    this.cfg = opts.config;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
    this.throttle = opts.authThrottle ?? new AuthFailureThrottle();
    this.onDemand = opts.onDemand;
    this.gopCacheMaxBytes = opts.gopCacheMaxBytes;
    this.emitter = new TypedEmitter((event, err) => this.log.error(`a "${event}" listener threw: ${String(err)}`));
    this.index = this.buildIndex(opts.config);
    this.host = this.makeHost();
    this.createStaticPaths();
    const every = opts.stallCheckIntervalMs ?? 1000;
    if (every > 0) {
      this.stallTimer = setInterval(() => this.closeStalledReaders(), every);
      this.stallTimer.unref?.();
    }
  }

  get config(): Config {
    return this.cfg;
  }

  on<E extends keyof PathManagerEvents>(event: E, listener: (...args: PathManagerEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  off<E extends keyof PathManagerEvents>(event: E, listener: (...args: PathManagerEvents[E]) => void): void {
    this.emitter.off(event, listener);
  }

  findPathConf(name: string): FindPathConfResult {
    return this.index.find(name);
  }

  async addPublisher(req: PathAccessRequest): Promise<AddPublisherResult> {
    if (this.closed) return this.refuse(req, 'publish', { ok: false, code: 'notFound', message: 'server is shutting down' });
    const found = this.index.find(req.path);
    if (!found.ok) return this.refuse(req, 'publish', found);
    // Credentials first: nothing below touches the path for a client that may not publish.
    const auth = this.authorize(req, 'publish', found.conf);
    if (!auth.ok) return this.refuseAuth(req, 'publish', auth);
    const path = this.getOrCreate(req.path, found.confName, found.conf, found.matches);
    const res = path.addPublisher(req);
    if (!res.ok) {
      path.checkIdle();
      return this.refuse(req, 'publish', res);
    }
    return res;
  }

  async addReader(req: PathAccessRequest): Promise<AddReaderResult> {
    if (this.closed) return this.refuse(req, 'read', { ok: false, code: 'notFound', message: 'server is shutting down' });
    const found = this.index.find(req.path);
    if (!found.ok) return this.refuse(req, 'read', found);
    const auth = this.authorize(req, 'read', found.conf);
    if (!auth.ok) return this.refuseAuth(req, 'read', auth);

    let path = this.paths.get(req.path);
    if (!path?.stream && this.onDemand) {
      const demand = this.onDemand({ path: req.path, confName: found.confName, conf: found.conf, query: req.query });
      if (demand) {
        const waiting = path ?? this.getOrCreate(req.path, found.confName, found.conf, found.matches);
        waiting.pendingDemand++;
        try {
          await waiting.waitReady(demand.timeoutMs);
        } finally {
          waiting.pendingDemand--;
        }
        waiting.checkIdle();
        path = this.paths.get(req.path);
      }
    }
    if (!path?.stream) {
      // MediaMTX: no publisher → servers answer 404 / StreamNotFound at once.
      return this.refuse(req, 'read', { ok: false, code: 'notReady', message: `no one is publishing to path "${req.path}"` });
    }
    const res = path.addReader(req);
    if (!res.ok) return this.refuse(req, 'read', res);
    return res;
  }

  /**
   * Where this reader should be redirected (`source: redirect`, or `fallback` while the path has
   * no stream), or null to go on with addReader. Only a reader that may read the path learns the
   * target; others get null and addReader refuses them as usual.
   */
  redirectFor(req: PathAccessRequest): string | null {
    if (this.closed) return null;
    const found = this.index.find(req.path);
    if (!found.ok) return null;
    const onDemand = found.conf.sourceOnDemand || found.conf.runOnDemand !== '';
    const ready = this.paths.get(req.path)?.stream != null || onDemand;
    const target = readerRedirect(found.conf, ready);
    if (target === null || !this.authorize(req, 'read', found.conf).ok) return null;
    this.log.debug(`${req.protocol} ${req.id}: read "${req.path}" redirected to ${target.startsWith('/') ? target : 'an rtsp:// URL'}`);
    return target;
  }

  /** Runtime state of every path, by name (static-conf paths are listed even when idle). */
  list(): PathInfo[] {
    return [...this.paths.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((p) => p.info());
  }

  get(name: string): PathInfo | null {
    return this.paths.get(name)?.info() ?? null;
  }

  /** The query of path `name`'s publisher or reader `type`/`id` (MTX_QUERY); never log it. */
  sessionQuery(name: string, type: string, id: string): string | undefined {
    return this.paths.get(name)?.sessionQuery(type, id);
  }

  /**
   * Apply a new config by diffing: a path whose configuration (or matching entry) changed has
   * its sessions closed; the others are untouched. Auth and queue settings apply to new
   * sessions from now on.
   */
  reload(config: Config): ReloadOutcome {
    this.cfg = config;
    this.index = this.buildIndex(config);
    const closed: string[] = [];
    for (const [name, path] of [...this.paths]) {
      const found = this.index.find(name);
      let reason: string | null = null;
      if (!found.ok) reason = 'path configuration removed';
      else if (found.confName !== path.confName) reason = `path now matches configuration "${found.confName}"`;
      else {
        const changed = changedKeys(path.conf, found.conf);
        if (!changed.every(keepsSessions)) reason = `path configuration changed (${changed.join(', ')})`;
        else path.conf = found.conf;
      }
      if (reason === null) continue;
      const hadSessions = path.publisher !== null || path.readers.size > 0;
      this.paths.delete(name);
      path.close(reason);
      if (hadSessions) {
        closed.push(name);
        this.log.info(`path "${name}": sessions closed: ${reason}`);
      }
    }
    this.createStaticPaths();
    this.queueChanged();
    return { closed };
  }

  /**
   * A pulled source (engine/sources) shows its state in the path's info through `report`.
   * Returns the detach function (which leaves a newer source's reporter in place).
   */
  setSourceReporter(name: string, report: () => SourceReport): () => void {
    this.sources.set(name, report);
    this.queueChanged();
    return () => {
      if (this.sources.get(name) !== report) return;
      this.sources.delete(name);
      this.queueChanged();
    };
  }

  /**
   * alwaysAvailable: the offline clip of a static path (prepared by the engine's sources service);
   * null removes it. Applied now and to the path again whenever a reload recreates it.
   */
  setOfflineSlate(name: string, slate: OfflineSlate | null): void {
    if (slate) this.slates.set(name, slate);
    else this.slates.delete(name);
    const found = this.index.find(name);
    if (!found.ok) return;
    const path = slate ? this.getOrCreate(name, found.confName, found.conf, found.matches) : this.paths.get(name);
    path?.setOfflineSlate(slate && found.conf.alwaysAvailable ? slate : null);
  }

  /** A pulled source's state changed: tell API listeners (coalesced like every change). */
  sourceChanged(): void {
    this.queueChanged();
  }

  /** Close readers stuck for writeTimeout or longer. Runs on a timer; callable directly. */
  closeStalledReaders(now = this.now()): number {
    const timeoutMs = this.writeTimeoutMs();
    let n = 0;
    for (const path of [...this.paths.values()]) n += path.closeStalledReaders(now, timeoutMs);
    return n;
  }

  /** Shutdown: every session is closed and nothing new is accepted. */
  close(reason = 'server is shutting down'): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
    for (const path of [...this.paths.values()]) path.close(reason);
    this.paths.clear();
  }

  private authorize(req: PathAccessRequest, action: 'publish' | 'read', conf: PathConf): AuthResult {
    // The server's own sessions (static sources, recorder, forwarders) are not clients.
    if (req.protocol === 'internal') return { ok: true };
    return checkCredentials(this.cfg, conf, { action, path: req.path, user: req.user, pass: req.pass, ip: req.ip });
  }

  private writeTimeoutMs(): number {
    try {
      return this.cfg.writeTimeout ? parseDuration(this.cfg.writeTimeout) : DEFAULT_WRITE_TIMEOUT_MS;
    } catch {
      return DEFAULT_WRITE_TIMEOUT_MS;
    }
  }

  private streamOptions(): Omit<StreamOptions, 'tracks'> {
    return {
      writeQueueSize: this.cfg.writeQueueSize > 0 ? this.cfg.writeQueueSize : DEFAULT_WRITE_QUEUE_SIZE,
      gopCacheMaxBytes: this.gopCacheMaxBytes,
      now: this.now,
    };
  }

  private makeHost(): PathHost {
    return {
      log: this.log,
      now: () => this.now(),
      streamOptions: () => this.streamOptions(),
      pathReady: (p) => this.emitter.emit('pathReady', p.info()),
      pathNotReady: (p) => this.emitter.emit('pathNotReady', p.info()),
      pathChanged: () => this.queueChanged(),
      sourceReport: (p) => this.sources.get(p.name)?.(),
      pathIdle: (p) => {
        if (this.paths.get(p.name) !== p) return;
        // Static names stay listed (MediaMTX creates them at startup); others come and go.
        if (p.name === p.confName && isStaticConfName(p.confName)) return;
        this.paths.delete(p.name);
        this.queueChanged();
      },
    };
  }

  private buildIndex(config: Config): PathConfIndex {
    const index = new PathConfIndex(config);
    for (const name of index.invalidRegexps) {
      this.log.warn(`path configuration "${name}": the regular expression is not valid here and matches nothing`);
    }
    return index;
  }

  private createStaticPaths(): void {
    for (const name of this.index.staticNames()) {
      if (this.paths.has(name)) continue;
      const found = this.index.find(name);
      if (found.ok) this.getOrCreate(name, found.confName, found.conf, found.matches);
    }
  }

  private getOrCreate(name: string, confName: string, conf: PathConf, matches: string[]): Path {
    let path = this.paths.get(name);
    if (!path) {
      path = new Path(this.host, name, confName, conf, matches);
      this.paths.set(name, path);
      const slate = this.slates.get(name);
      if (slate && conf.alwaysAvailable) path.setOfflineSlate(slate);
      this.queueChanged();
    }
    return path;
  }

  private queueChanged(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      this.emitter.emit('pathsChanged');
    });
  }

  private refuse(req: PathAccessRequest, action: string, failure: PathFailure): PathFailure {
    this.log.info(`${req.protocol} ${req.id}: ${action} "${req.path}" refused (${failure.code}): ${failure.message}`);
    return { ok: false, code: failure.code, message: failure.message };
  }

  private async refuseAuth(req: PathAccessRequest, action: string, auth: Extract<AuthResult, { ok: false }>): Promise<PathFailure> {
    const anonymous = !req.user && !req.pass;
    // The user name and address, never the password (nor the query, which may carry it).
    const line = `${req.protocol} ${req.id}: ${action} "${req.path}" refused for ${anonymous ? 'anonymous client' : `user "${req.user ?? ''}"`} from ${req.ip}: ${auth.reason}`;
    if (anonymous && CHALLENGE_PROTOCOLS.has(req.protocol)) this.log.debug(line);
    else this.log.warn(line);
    if (!anonymous) {
      const delay = this.throttle.recordFailure(req.ip, this.now());
      if (delay > 0) await this.sleep(delay);
    }
    const message = auth.code === 'unauthorized' ? 'authentication failed' : 'not allowed';
    return { ok: false, code: auth.code, message };
  }
}
