// Which path configuration serves a requested name: MediaMTX conf.FindPathConf order.
import type { Config, PathConf } from './conf';
import { resolvePathConf } from './conf';
import { compileGoRegexp } from './conf-regexp';
import { validatePathName } from './path-name';

/** Catch-all entries; "all" is MediaMTX's older name for "all_others". */
export const CATCH_ALL_CONF_NAMES = ['all_others', 'all'] as const;

export interface PathConfMatch {
  confName: string;
  conf: PathConf;
  /** Regex entries: [whole match, ...capture groups]; [] for static names. */
  matches: string[];
}

export type FindPathConfResult =
  | ({ ok: true } & PathConfMatch)
  | { ok: false; code: 'invalidPath' | 'notFound'; message: string };

export function isStaticConfName(confName: string): boolean {
  return !confName.startsWith('~') && !(CATCH_ALL_CONF_NAMES as readonly string[]).includes(confName);
}

/**
 * The compiled form of `paths:` for one config. Built once per (re)load so a lookup is a map
 * probe plus one regex test per `~` entry.
 */
export class PathConfIndex {
  private readonly regexps: { confName: string; re: RegExp }[] = [];
  private readonly catchAll: string | null;
  /** Entries whose regex JavaScript cannot compile, so the caller can log them once. */
  readonly invalidRegexps: string[] = [];

  constructor(private readonly config: Config) {
    // Object key order is file order for non-numeric keys, and every `~` key is non-numeric:
    // regex entries are tried in the order the user wrote them (MediaMTX iterates a Go map,
    // i.e. in no stable order, so any order is compatible; file order is the predictable one).
    for (const confName of Object.keys(config.paths)) {
      if (!confName.startsWith('~')) continue;
      const re = compileGoRegexp(confName.slice(1));
      if (re) this.regexps.push({ confName, re });
      else this.invalidRegexps.push(confName);
    }
    this.catchAll = CATCH_ALL_CONF_NAMES.find((n) => Object.hasOwn(config.paths, n)) ?? null;
  }

  /** Static names present in the config (paths that exist without anyone asking for them). */
  staticNames(): string[] {
    return Object.keys(this.config.paths).filter(isStaticConfName);
  }

  find(name: string): FindPathConfResult {
    const invalid = validatePathName(name);
    if (invalid) return { ok: false, code: 'invalidPath', message: invalid };
    if (Object.hasOwn(this.config.paths, name) && isStaticConfName(name)) {
      return { ok: true, confName: name, conf: resolvePathConf(this.config, name), matches: [] };
    }
    for (const { confName, re } of this.regexps) {
      const m = re.exec(name);
      if (m) return { ok: true, confName, conf: resolvePathConf(this.config, confName), matches: [...m].map((s) => s ?? '') };
    }
    if (this.catchAll) {
      return { ok: true, confName: this.catchAll, conf: resolvePathConf(this.config, this.catchAll), matches: [name] };
    }
    return { ok: false, code: 'notFound', message: `path "${name}" is not configured` };
  }
}

/** One-off lookup; PathManager keeps a PathConfIndex per config instead. */
export function findPathConf(config: Config, name: string): FindPathConfResult {
  return new PathConfIndex(config).find(name);
}
