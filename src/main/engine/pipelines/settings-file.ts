// Where pipeline definitions live: Relaybox's own settings file, `relaybox.settings.json` beside
// the media config (DESIGN §2: the media config holds only keys MediaMTX knows). The file is
// shared with the desktop shell (sections "shell", "window"); this module owns the sections
// "pipelines" (name → definition) and reads "ffmpeg" ({ path }: the user's FFmpeg). It writes by
// re-reading the file and replacing only its own section, then renaming a temp file over it, so
// other sections survive and a crash mid-write never leaves half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkPipelineName, PipelineDefSchema, type PipelineDef } from '../../../shared/pipelines';

export const SETTINGS_FILE_NAME = 'relaybox.settings.json';

export function settingsFileFor(configFile: string): string {
  return join(dirname(configFile), SETTINGS_FILE_NAME);
}

export interface PipelineSettings {
  pipelines: Map<string, PipelineDef>;
  /** FFmpeg chosen in settings (section "ffmpeg", key "path"), if any. */
  ffmpegPath?: string;
  /** Entries that were skipped, with why (logged; the file itself is left as it is). */
  problems: string[];
}

async function readObject(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const raw: unknown = JSON.parse(text);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the file does not hold a JSON object');
  return raw as Record<string, unknown>;
}

/** The definitions stored in `file`; a missing file means none. */
export async function loadPipelineSettings(file: string): Promise<PipelineSettings> {
  const out: PipelineSettings = { pipelines: new Map(), problems: [] };
  let obj: Record<string, unknown>;
  try {
    obj = await readObject(file);
  } catch (err) {
    out.problems.push(`${file}: ${(err as Error).message}`);
    return out;
  }
  const ffmpeg = obj.ffmpeg as { path?: unknown } | undefined;
  if (ffmpeg && typeof ffmpeg.path === 'string' && ffmpeg.path) out.ffmpegPath = ffmpeg.path;
  const section = obj.pipelines;
  if (section === undefined) return out;
  if (!section || typeof section !== 'object' || Array.isArray(section)) {
    out.problems.push(`${file}: "pipelines" must be an object of name → definition`);
    return out;
  }
  for (const [name, raw] of Object.entries(section)) {
    const bad = checkPipelineName(name);
    const parsed = PipelineDefSchema.safeParse(raw);
    if (bad) out.problems.push(`pipeline "${name}": ${bad}`);
    else if (!parsed.success) out.problems.push(`pipeline "${name}": ${parsed.error.issues.map((i) => `${i.path.join('.') || 'definition'}: ${i.message}`).join('; ')}`);
    else out.pipelines.set(name, parsed.data);
  }
  return out;
}

let writing: Promise<unknown> = Promise.resolve();

/** Replaces the "pipelines" section of `file`, keeping every other section. Writes are serialized. */
export function savePipelineSettings(file: string, pipelines: ReadonlyMap<string, PipelineDef>): Promise<void> {
  const run = writing.then(async () => {
    const obj = await readObject(file);
    obj.pipelines = Object.fromEntries(pipelines);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(obj, null, 2) + '\n', 'utf8');
    await rename(tmp, file);
  });
  writing = run.catch(() => undefined);
  return run;
}
