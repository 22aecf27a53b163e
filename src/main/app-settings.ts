// Relaybox's own settings (DESIGN §2): a JSON file beside the MediaMTX-compatible config, so the
// media config stays loadable by MediaMTX. The shell owns the `shell` and `window` sections and
// preserves every other section (pipelines, UI preferences) untouched when it writes.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseWindowState, type WindowState } from './window-state';

export const SETTINGS_FILE_NAME = 'relaybox.settings.json';

export const shellSettingsSchema = z.object({
  minimizeToTray: z.boolean().default(true),
  startServerOnLaunch: z.boolean().default(true),
  openAtLogin: z.boolean().default(false),
  /** Set once the first-start note about the Windows Firewall prompt was shown. */
  firewallNoticeShown: z.boolean().default(false),
});
export type ShellSettings = z.infer<typeof shellSettingsSchema>;

export interface AppSettings {
  shell: ShellSettings;
  window?: WindowState;
  /** Sections owned by others, kept verbatim. */
  rest: Record<string, unknown>;
}

export function settingsFileBeside(configFile: string): string {
  return join(dirname(configFile), SETTINGS_FILE_NAME);
}

/** Unknown or broken values fall back to defaults field by field, so one bad key costs nothing else. */
export function parseAppSettings(raw: unknown): AppSettings {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { shell, window, ...rest } = obj;
  const shellObj = shell && typeof shell === 'object' ? (shell as Record<string, unknown>) : {};
  const defaults = shellSettingsSchema.parse({});
  const settings = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof ShellSettings)[]) {
    const r = shellSettingsSchema.shape[key].safeParse(shellObj[key]);
    if (r.success) settings[key] = r.data;
  }
  return { shell: settings, window: parseWindowState(window), rest };
}

export async function loadAppSettings(file: string): Promise<AppSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return parseAppSettings(undefined);
  }
  try {
    return parseAppSettings(JSON.parse(text));
  } catch {
    return parseAppSettings(undefined);
  }
}

/**
 * Write to a temp file then rename, so a crash mid-write never leaves half a file. The other
 * sections are re-read first: the engine saves pipelines into the same file while the app runs,
 * and the copy read at launch would undo those saves.
 */
export async function saveAppSettings(file: string, s: AppSettings): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const current = await readFile(file, 'utf8').then((t) => parseAppSettings(JSON.parse(t)).rest, () => s.rest);
  const body = { ...current, shell: s.shell, ...(s.window ? { window: s.window } : {}) };
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(body, null, 2) + '\n', 'utf8');
  await rename(tmp, file);
}
