// Effective settings of a path: pathDefaults overridden by the path's own entry. Which entry a
// requested stream name uses is decided in ./path-conf-index.

import { cloneJson, setOwn } from './json';
import type { Config, PathConf } from './schema';

/** pathDefaults merged with paths[confName] (just pathDefaults when there is no such entry). */
export function resolvePathConf(config: Config, confName: string): PathConf {
  // A YAML entry written as `cam1:` with no body may arrive as null; undefined keys inherit.
  const own: Partial<PathConf> | null = Object.hasOwn(config.paths, confName) ? config.paths[confName] : null;
  const merged: Record<string, unknown> = { ...config.pathDefaults };
  for (const [key, value] of Object.entries(own ?? {})) if (value !== undefined) setOwn(merged, key, value);
  return cloneJson(merged) as PathConf;
}
