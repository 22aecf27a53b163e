// The smallest plain object that MediaMTX and Relaybox both read as `config`: keys equal to both
// programs' defaults are left out; the rest, and every path, are kept in schema order.

import { defaultConfig, mediamtxDefaultConfig } from './defaults';
import { jsonEqual, setOwn } from './json';
import { GLOBAL_KEYS, PATH_KEYS, type Config } from './schema';
import { orderPathConf } from './validate';

/**
 * Settings Relaybox keeps that MediaMTX would reject as unknown fields; left out of MediaMTX
 * exports. Empty today: every Relaybox-only setting lives in its own file (DESIGN §2).
 */
export const RELAYBOX_ONLY_KEYS: ReadonlySet<string> = new Set<string>();

export function configFileObject(config: Config, opts: { mediamtxOnly?: boolean } = {}): Record<string, unknown> {
  const relaybox = defaultConfig() as unknown as Record<string, unknown>;
  const mediamtx = mediamtxDefaultConfig() as unknown as Record<string, unknown>;
  const source = config as unknown as Record<string, unknown>;
  const keep = (key: string) => !(opts.mediamtxOnly && RELAYBOX_ONLY_KEYS.has(key));
  const out: Record<string, unknown> = {};
  for (const key of GLOBAL_KEYS) {
    const v = source[key];
    if (keep(key) && (!jsonEqual(v, relaybox[key]) || !jsonEqual(v, mediamtx[key]))) out[key] = v;
  }
  const pd: Record<string, unknown> = {};
  const defaultPd = relaybox.pathDefaults as Record<string, unknown>;
  const sourcePd = config.pathDefaults as unknown as Record<string, unknown>;
  for (const key of PATH_KEYS) if (keep(key) && !jsonEqual(sourcePd[key], defaultPd[key])) pd[key] = sourcePd[key];
  if (Object.keys(pd).length > 0) out.pathDefaults = pd;
  const paths: Record<string, unknown> = {};
  for (const [name, conf] of Object.entries(config.paths)) {
    const ordered = orderPathConf(conf) as Record<string, unknown>;
    for (const key of Object.keys(ordered)) if (!keep(key)) delete ordered[key];
    setOwn(paths, name, ordered);
  }
  out.paths = paths;
  return out;
}
