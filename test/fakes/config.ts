// Config objects for core tests: MediaMTX defaults (open to anyone), overridable per test.
import type { Config, PathConf } from '../../src/main/engine/core/conf';

export const DEFAULT_PATH_CONF: PathConf = {
  source: 'publisher',
  sourceOnDemand: false,
  overridePublisher: true,
  maxReaders: 0,
  fallback: '',
};

export function makeConfig(over: Partial<Omit<Config, 'pathDefaults'>> & { pathDefaults?: Partial<PathConf> } = {}): Config {
  const { pathDefaults, ...rest } = over;
  return {
    authMethod: 'internal',
    authInternalUsers: [
      { user: 'any', pass: '', ips: [], permissions: [{ action: 'publish' }, { action: 'read' }, { action: 'playback' }] },
      { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }] },
    ],
    writeQueueSize: 512,
    readTimeout: '10s',
    writeTimeout: '10s',
    paths: { all_others: {} },
    ...rest,
    pathDefaults: { ...DEFAULT_PATH_CONF, ...pathDefaults },
  };
}
