// Config objects for core tests: Relaybox's defaults (MediaMTX's: open to anyone), overridable per test.
import { cloneJson, defaultConfig, type Config, type PathConf } from '../../src/shared/config';

export const DEFAULT_PATH_CONF: PathConf = defaultConfig().pathDefaults;

export function makeConfig(over: Partial<Omit<Config, 'pathDefaults'>> & { pathDefaults?: Partial<PathConf> } = {}): Config {
  const { pathDefaults, ...rest } = over;
  const base = cloneJson(defaultConfig());
  return { ...base, paths: { all_others: {} }, ...rest, pathDefaults: { ...base.pathDefaults, ...pathDefaults } };
}
