// The engine's config as the shell starts it: the config file in userData when there is one
// (else the defaults), with the shell's overrides (logFile in userData) on top.
import { existsSync } from 'node:fs';
import { defaultConfig, type Config } from '../../shared/config';
import { loadConfigFile } from '../engine/config';
import type { HostInit } from './protocol';

export async function loadHostConfig(init: HostInit): Promise<Config> {
  let config = defaultConfig();
  if (existsSync(init.configFile)) {
    const loaded = await loadConfigFile(init.configFile);
    if (loaded.config) config = loaded.config;
  }
  return { ...config, ...init.overrides } as Config;
}
