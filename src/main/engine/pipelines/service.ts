// The pipelines service (registered as 'pipelines'): one FfmpegSupervisor per pipeline
// definition while media is on. FFmpeg publishes over RTMP to the local listener; pipelines
// with autoStart start with the service, all stop with it (and with the engine process, via
// the orphan watchdog). Status changes go out at once, live stats at most once a second, as
// the engine event 'pipelines'.
import { RelayboxApiError } from '../../../shared/api';
import { parseAddress, type Config } from '../../../shared/config';
import type { DeviceListing, PipelineCapabilities, PipelineDef, PipelineInfo, PipelineStatus } from '../../../shared/pipelines';
import type { Logger } from '../log/logger';
import { catalogFor, type PipelineCatalog } from './catalog';
import type { ResolveFfmpegOptions } from './ffmpeg';
import { FfmpegProvider } from './ffmpeg-provider';
import { pipelineArgs } from './pipeline-args';
import { formatCommand, publishUrl } from './presets';
import { FfmpegSupervisor, supervisedArgs } from './supervisor';

/** What the service needs from the engine. */
export interface PipelinesHost {
  readonly config: Config;
  readonly configFile?: string;
  on(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  off(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  emit(event: 'pipelines', items: PipelineInfo[]): unknown;
}

export interface PipelinesServiceOptions {
  ffmpeg?: ResolveFfmpegOptions;
}

interface Entry {
  supervisor: FfmpegSupervisor | null;
  /** Status while no supervisor exists (never started, or its arguments could not be built). */
  status: PipelineStatus;
  command: string | null;
  url: string | null;
  /** Bumped by every start/stop so a slow start that lost the race does not spawn. */
  generation: number;
}

const IDLE: PipelineStatus = { state: 'idle', reason: null, pid: null, restarts: 0, retryAt: null, stats: null };

/** The local RTMP address FFmpeg publishes to (an "all interfaces" listener is reached on loopback). */
export function localRtmpBase(config: Config): { host: string; port: number } | null {
  if (config.rtmp === false) return null;
  const { host, port } = parseAddress(config.rtmpAddress);
  const local = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { host: local.includes(':') ? `[${local}]` : local, port };
}

export class PipelinesService {
  private readonly entries = new Map<string, Entry>();
  private catalog: PipelineCatalog | null = null;
  private ffmpeg: FfmpegProvider;
  private readonly ready: Promise<void>;
  private stopped = false;
  private emitTimer: NodeJS.Timeout | null = null;
  private readonly onReload = (e: { next: Config }): void => this.followConfig(e.next);

  constructor(
    private readonly host: PipelinesHost,
    private readonly log: Logger,
    private readonly opts: PipelinesServiceOptions = {},
  ) {
    this.ffmpeg = new FfmpegProvider(log, opts.ffmpeg);
    host.on('reload', this.onReload);
    this.ready = this.init().catch((err) => this.log.error(`pipelines could not start: ${(err as Error).message}`));
  }

  /** Resolves once definitions are loaded and autoStart pipelines were asked to start. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private async init(): Promise<void> {
    this.catalog = await catalogFor(this.host, this.log);
    if (this.stopped) return;
    // The settings file may name the FFmpeg to use.
    if (this.catalog.ffmpegPath && !this.opts.ffmpeg?.settingsPath) {
      this.ffmpeg = new FfmpegProvider(this.log, { ...this.opts.ffmpeg, settingsPath: this.catalog.ffmpegPath });
    }
    for (const name of this.catalog.names()) this.entries.set(name, this.newEntry());
    const wanted = this.catalog.names().filter((n) => this.catalog!.get(n)!.autoStart);
    for (const name of wanted) await this.startEntry(name);
  }

  private newEntry(): Entry {
    return { supervisor: null, status: { ...IDLE }, command: null, url: null, generation: 0 };
  }

  list(): PipelineInfo[] {
    const c = this.catalog;
    if (!c) return [];
    return c.names().map((name) => this.info(name, c.get(name)!));
  }

  get(name: string): PipelineInfo {
    return this.info(name, this.requireCatalog().require(name));
  }

  private info(name: string, def: PipelineDef): PipelineInfo {
    const e = this.entries.get(name);
    const status = e?.supervisor ? e.supervisor.snapshot() : { ...(e?.status ?? IDLE) };
    return { name, def, path: def.path ?? name, status, command: e?.command ?? null };
  }

  private requireCatalog(): PipelineCatalog {
    if (!this.catalog) throw new RelayboxApiError('pipelines are still loading; try again', 503);
    return this.catalog;
  }

  async add(name: string, input: unknown): Promise<PipelineInfo> {
    await this.ready;
    const def = await this.requireCatalog().add(name, input);
    this.entries.set(name, this.newEntry());
    if (def.autoStart) await this.startEntry(name);
    this.emitSoon(0);
    return this.get(name);
  }

  /** A running pipeline restarts with the new definition. */
  async patch(name: string, patch: unknown): Promise<PipelineInfo> {
    await this.ready;
    await this.requireCatalog().patch(name, patch);
    const e = this.entries.get(name);
    if (e && isActive(e)) {
      await this.stopEntry(name);
      await this.startEntry(name);
    }
    this.emitSoon(0);
    return this.get(name);
  }

  async remove(name: string): Promise<void> {
    await this.ready;
    this.requireCatalog().require(name);
    await this.stopEntry(name);
    await this.requireCatalog().remove(name);
    this.entries.delete(name);
    this.emitSoon(0);
  }

  async start(name: string): Promise<PipelineInfo> {
    await this.ready;
    await this.requireCatalog().setAutoStart(name, true);
    await this.startEntry(name);
    return this.get(name);
  }

  async stopPipeline(name: string): Promise<PipelineInfo> {
    await this.ready;
    await this.requireCatalog().setAutoStart(name, false);
    await this.stopEntry(name);
    return this.get(name);
  }

  async capabilities(): Promise<PipelineCapabilities> {
    await this.ready;
    return this.ffmpeg.capabilities();
  }

  async devices(): Promise<DeviceListing> {
    await this.ready;
    return this.ffmpeg.devices();
  }

  /** Service stop (media off, engine shutdown): every FFmpeg ends; definitions stay. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.host.off('reload', this.onReload);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    await this.ready;
    await Promise.all([...this.entries.keys()].map((n) => this.stopEntry(n)));
  }

  private async startEntry(name: string): Promise<void> {
    const def = this.requireCatalog().require(name);
    let e = this.entries.get(name);
    if (!e) this.entries.set(name, (e = this.newEntry()));
    if (this.stopped || isActive(e)) return;
    const gen = ++e.generation;
    e.status = { ...IDLE, state: 'starting' };
    const fail = (reason: string): void => {
      this.log.error(`pipeline ${name} failed: ${reason}`);
      e.status = { ...IDLE, state: 'failed', reason };
      this.emitSoon(0);
    };
    const ff = await this.ffmpeg.get();
    if (gen !== e.generation || this.stopped) return;
    if ('error' in ff) return fail(ff.error);
    const base = localRtmpBase(this.host.config);
    if (!base) return fail('the RTMP listener is off (rtmp: no); pipelines publish over RTMP');
    let built;
    try {
      const url = publishUrl(base.port, def.path ?? name, base.host);
      built = { url, ...(await pipelineArgs(def, { ffmpegPath: ff.path, caps: ff.caps, url })) };
    } catch (err) {
      return fail((err as Error).message);
    }
    if (gen !== e.generation || this.stopped) return;
    const sup = new FfmpegSupervisor({ name: `pipeline ${name}`, ffmpegPath: ff.path, args: built.args, fallbackArgs: built.fallbackArgs, log: this.log });
    sup.on('state', () => this.emitSoon(0));
    sup.on('stats', () => this.emitSoon(1000));
    e.supervisor = sup;
    e.url = built.url;
    e.command = formatCommand(ff.path, supervisedArgs(built.args));
    sup.start();
  }

  private async stopEntry(name: string): Promise<void> {
    const e = this.entries.get(name);
    if (!e) return;
    e.generation++;
    const sup = e.supervisor;
    e.supervisor = null;
    if (sup) {
      await sup.stop();
      e.status = sup.snapshot();
    } else if (e.status.state === 'starting') e.status = { ...IDLE, state: 'stopped' };
    this.emitSoon(0);
  }

  /** A moved RTMP listener moves every running pipeline's target: restart those. */
  private followConfig(next: Config): void {
    if (this.stopped) return;
    const base = localRtmpBase(next);
    for (const [name, e] of this.entries) {
      if (!e.supervisor || !e.url) continue;
      const def = this.catalog?.get(name);
      const url = base && def ? publishUrl(base.port, def.path ?? name, base.host) : null;
      if (url === e.url) continue;
      this.log.info(`pipeline ${name}: the RTMP listener changed; restarting`);
      this.stopEntry(name).then(() => this.startEntry(name)).catch((err) => this.log.error(`pipeline ${name}: ${(err as Error).message}`));
    }
  }

  private emitSoon(delayMs: number): void {
    if (this.stopped && delayMs > 0) return;
    if (this.emitTimer && delayMs > 0) return;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.host.emit('pipelines', this.list());
    }, delayMs);
  }
}

function isActive(e: Entry): boolean {
  const s = e.supervisor?.state ?? e.status.state;
  return s === 'starting' || s === 'running' || s === 'retrying';
}

export function createPipelinesService(host: PipelinesHost, log: Logger): PipelinesService {
  return new PipelinesService(host, log);
}
