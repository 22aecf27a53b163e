// The pipeline definitions of one engine: validated edits, saved to Relaybox's settings file
// (./settings-file.ts). It outlives the pipelines service (which runs only while media is on),
// so definitions can be listed and edited with the server stopped. Without a config file the
// definitions live in memory only, like config edits then.
import { RelayboxApiError } from '../../../shared/api';
import { checkPipelineName, PipelineDefSchema, type PipelineDef, type PipelineDefInput } from '../../../shared/pipelines';
import type { Logger } from '../log/logger';
import { loadPipelineSettings, savePipelineSettings, settingsFileFor } from './settings-file';

export class PipelineCatalog {
  private readonly defs = new Map<string, PipelineDef>();

  constructor(
    /** null: memory only. */
    readonly file: string | null,
    defs: ReadonlyMap<string, PipelineDef> = new Map(),
    /** FFmpeg path from the settings file, if the user chose one. */
    readonly ffmpegPath?: string,
  ) {
    for (const [n, d] of defs) this.defs.set(n, d);
  }

  static async open(configFile: string | undefined, log: Logger): Promise<PipelineCatalog> {
    if (!configFile) return new PipelineCatalog(null);
    const file = settingsFileFor(configFile);
    const s = await loadPipelineSettings(file);
    for (const p of s.problems) log.warn(`settings: ${p} (skipped)`);
    return new PipelineCatalog(file, s.pipelines, s.ffmpegPath);
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  get(name: string): PipelineDef | undefined {
    return this.defs.get(name);
  }

  /** 404 unless it exists. */
  require(name: string): PipelineDef {
    const def = this.defs.get(name);
    if (!def) throw new RelayboxApiError(`pipeline "${name}" not found`, 404);
    return def;
  }

  async add(name: string, input: unknown): Promise<PipelineDef> {
    const bad = checkPipelineName(name);
    if (bad) throw new RelayboxApiError(`pipeline "${name}": ${bad}`, 400);
    if (this.defs.has(name)) throw new RelayboxApiError(`pipeline "${name}" already exists; use patch to change it`, 409);
    const def = validate(name, input);
    await this.change(name, def);
    return def;
  }

  /** Merges `patch` into the stored definition (fields set to null are removed) and validates the result. */
  async patch(name: string, patch: unknown): Promise<PipelineDef> {
    const old = this.require(name);
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new RelayboxApiError('a patch is a JSON object', 400);
    const merged: Record<string, unknown> = { ...old };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    const def = validate(name, merged);
    await this.change(name, def);
    return def;
  }

  async remove(name: string): Promise<void> {
    this.require(name);
    await this.change(name, undefined);
  }

  /** Start/stop from the API is remembered: a stopped pipeline stays stopped after a restart. */
  async setAutoStart(name: string, autoStart: boolean): Promise<PipelineDef> {
    const def = this.require(name);
    if (def.autoStart === autoStart) return def;
    const next = { ...def, autoStart };
    await this.change(name, next);
    return next;
  }

  /** Applies one change and saves it; a change that cannot be saved is undone. */
  private async change(name: string, next: PipelineDef | undefined): Promise<void> {
    const prev = this.defs.get(name);
    const put = (d: PipelineDef | undefined) => (d ? this.defs.set(name, d) : this.defs.delete(name));
    put(next);
    if (!this.file) return;
    try {
      await savePipelineSettings(this.file, this.defs);
    } catch (err) {
      put(prev);
      throw new RelayboxApiError(`pipelines not saved to ${this.file}: ${(err as Error).message}`, 500);
    }
  }
}

function validate(name: string, input: unknown): PipelineDef {
  const r = PipelineDefSchema.safeParse(input as PipelineDefInput);
  if (r.success) return r.data;
  const why = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'definition'}: ${i.message}`).join('; ');
  throw new RelayboxApiError(`pipeline "${name}": ${why}`, 400);
}

const catalogs = new WeakMap<object, Promise<PipelineCatalog>>();

/** The catalog of `owner` (an engine), loaded from its settings file on first use. */
export function catalogFor(owner: object & { configFile?: string }, log: Logger): Promise<PipelineCatalog> {
  let c = catalogs.get(owner);
  if (!c) {
    c = PipelineCatalog.open(owner.configFile, log);
    catalogs.set(owner, c);
  }
  return c;
}
