// What changed between the running config and a new one; the engine maps global keys to the
// listeners they affect and restarts only those (MediaMTX core.closeResources does the same).

import { jsonEqual } from './json';
import type { Config } from './schema';

export interface ConfigDiff {
  /** Top-level global keys whose value changed. */
  global: string[];
  /** Whether any pathDefaults value changed (every path inherits from it). */
  pathDefaults: boolean;
  /** Path configuration names added, removed or changed. */
  paths: string[];
}

export function diffConfig(a: Config, b: Config): ConfigDiff {
  const skip = (k: string) => k === 'pathDefaults' || k === 'paths';
  const globalKeys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !skip(k)));
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const global = [...globalKeys].filter((k) => !jsonEqual(ra[k], rb[k]));
  const names = new Set([...Object.keys(a.paths), ...Object.keys(b.paths)]);
  const paths = [...names].filter(
    (n) => Object.hasOwn(a.paths, n) !== Object.hasOwn(b.paths, n) || !jsonEqual(a.paths[n], b.paths[n]),
  );
  return { global, pathDefaults: !jsonEqual(a.pathDefaults, b.pathDefaults), paths };
}
