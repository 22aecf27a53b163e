// Finding and reading the config file.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config, ConfigIssue } from '../../../shared/config';
import { parseConfigText } from './parse';

/** File names looked for in the working directory, in order (MediaMTX looks for mediamtx.yml). */
export const CONFIG_FILE_NAMES = ['relaybox.yml', 'mediamtx.yml'] as const;

/**
 * The config file to use: the explicit one if given (even if missing, so loading reports it),
 * else relaybox.yml, else mediamtx.yml in `cwd`; undefined means "run on the built-in defaults".
 */
export function findConfigFile(explicit?: string, cwd: string = process.cwd()): string | undefined {
  if (explicit !== undefined && explicit !== '') return resolve(cwd, explicit);
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface LoadedConfigFile {
  config?: Config;
  issues: ConfigIssue[];
  /** The file's text ('' when it could not be read). */
  text: string;
}

export async function loadConfigFile(file: string): Promise<LoadedConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT'
        ? 'file not found; check the path, or start without --config to use the built-in defaults'
        : err.code === 'EISDIR'
          ? 'is a folder, not a file'
          : err.code === 'EACCES' || err.code === 'EPERM'
            ? 'permission denied'
            : err.message;
    return { issues: [{ severity: 'error', key: '', code: 'io', file, message: `config file "${file}": ${reason}` }], text: '' };
  }
  const { config, issues } = parseConfigText(text, file);
  return config ? { config, issues, text } : { issues, text };
}
