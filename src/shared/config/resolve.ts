// Effective settings of a path: pathDefaults overridden by the path's own entry, and which entry
// a requested stream name uses (MediaMTX FindPathConf order).

import { cloneJson } from './json';
import { compilePathRegex, isAllOthersName } from './path-name';
import type { Config, PathConf } from './schema';

/** pathDefaults merged with paths[confName] (just pathDefaults when there is no such entry). */
export function resolvePathConf(config: Config, confName: string): PathConf {
  const own = Object.hasOwn(config.paths, confName) ? config.paths[confName] : {};
  return cloneJson({ ...config.pathDefaults, ...own }) as PathConf;
}

export interface PathConfMatch {
  confName: string;
  conf: PathConf;
  /** Regex groups for "~regex" entries: [full match, G1, G2, …]. */
  groups: string[];
}

/**
 * The entry a stream name uses: an exact name first, then "~regex" entries in sorted order, then
 * all_others/all. Returns undefined when nothing matches (the caller answers 404).
 */
export function findPathConf(config: Config, pathName: string): PathConfMatch | undefined {
  const names = Object.keys(config.paths).sort();
  if (!pathName.startsWith('~') && !isAllOthersName(pathName) && Object.hasOwn(config.paths, pathName)) {
    return { confName: pathName, conf: resolvePathConf(config, pathName), groups: [pathName] };
  }
  for (const name of names) {
    if (!name.startsWith('~')) continue;
    let m: RegExpExecArray | null;
    try {
      m = compilePathRegex(name).exec(pathName);
    } catch {
      continue;
    }
    if (m) return { confName: name, conf: resolvePathConf(config, name), groups: [...m].map((g) => g ?? '') };
  }
  const catchAll = names.find(isAllOthersName);
  return catchAll === undefined ? undefined : { confName: catchAll, conf: resolvePathConf(config, catchAll), groups: [pathName] };
}
