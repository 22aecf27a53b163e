// Saving the config. An existing file is edited in place (see yaml-edit.ts) so the user's comments
// and layout survive; a new file gets the keys that differ from the defaults plus the paths.

import { readFile } from 'node:fs/promises';
import { configFileObject, jsonEqual, type Config } from '../../../shared/config';
import { writeFileAtomic } from './atomic-write';
import { parseConfigText, parseConfigTextDetailed } from './parse';
import { editConfigText } from './yaml-edit';
import { renderPathsValue, renderYaml } from './yaml-render';

const NEW_FILE_HEADER = [
  ' Relaybox configuration (MediaMTX-compatible: MediaMTX can load this file as is).',
  ' Settings not listed here use their defaults; see MediaMTX\'s mediamtx.yml for every key.',
].join('\n');

/** A complete config file: keys that differ from Relaybox's or MediaMTX's defaults, then the paths. */
export function renderConfigFile(config: Config, header = NEW_FILE_HEADER, opts: { mediamtxOnly?: boolean } = {}): string {
  const obj = configFileObject(config, opts);
  obj.paths = renderPathsValue(obj.paths as Record<string, unknown>);
  return renderYaml(obj, { header });
}

/**
 * The text to write: the existing file edited in place when possible, else a new rendering.
 * An in-place edit is used only if it reads back as exactly `config`: YAML anchors, merge keys
 * or odd layouts the editor does not understand fall back to a clean file (the old one stays in .bak).
 */
export function configFileText(previousText: string | undefined, config: Config): string {
  if (previousText !== undefined && previousText.trim() !== '') {
    const parsed = parseConfigTextDetailed(previousText);
    if (parsed.read && parsed.doc.errors.length === 0) {
      const edited = editConfigText(previousText, parsed.doc, parsed.read, config);
      if (edited !== undefined && jsonEqual(parseConfigText(edited).config, config)) return edited;
    }
  }
  return renderConfigFile(config);
}

/**
 * Writes `config` to `file` atomically (temp file + rename). The previous file, if any, is kept as
 * `file.bak`. The config is expected to be valid (it came from validation or an edit helper).
 */
export async function saveConfig(file: string, config: Config): Promise<void> {
  let previous: string | undefined;
  try {
    previous = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await writeFileAtomic(file, configFileText(previous, config), { backup: previous !== undefined });
}
