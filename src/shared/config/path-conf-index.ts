// Which `paths:` entry serves a requested stream name, in MediaMTX's conf.FindPathConf order:
// the exact (static) name, then "~regex" entries sorted by name, then all_others/all. The engine
// builds one PathConfIndex per loaded config; the settings screen uses findPathConf to show which
// entry a name would use.

import { resolvePathConf } from './resolve';
import { ALL_OTHERS_NAMES, checkPathName, compilePathRegex, isStaticConfName } from './path-name';
import type { Config, PathConf } from './schema';

export interface PathConfMatch {
  confName: string;
  conf: PathConf;
  /** For "~regex" entries [whole match, G1, G2, …]; [name] for all_others; [] for static names. */
  matches: string[];
}

export type FindPathConfResult =
  | ({ ok: true } & PathConfMatch)
  | { ok: false; code: 'invalidPath' | 'notFound'; message: string };

/** The compiled form of `paths:`: a lookup is a map probe plus one regex test per "~" entry. */
export class PathConfIndex {
  private readonly regexps: { confName: string; re: RegExp }[] = [];
  private readonly catchAll: string | undefined;
  /** "~" entries JavaScript cannot compile (a validated config has none); they match nothing. */
  readonly invalidRegexps: string[] = [];

  constructor(readonly config: Config) {
    // MediaMTX sorts the regex entries by name so that the first match does not depend on map
    // order; a user who wants one entry to win names it to sort first.
    const regexNames = Object.keys(config.paths).filter((n) => n.startsWith('~')).sort();
    for (const confName of regexNames) {
      try {
        this.regexps.push({ confName, re: compilePathRegex(confName) });
      } catch {
        this.invalidRegexps.push(confName);
      }
    }
    this.catchAll = ALL_OTHERS_NAMES.find((n) => Object.hasOwn(config.paths, n));
  }

  /** Static names in the config: paths that exist before anyone asks for them. */
  staticNames(): string[] {
    return Object.keys(this.config.paths).filter(isStaticConfName);
  }

  find(name: string): FindPathConfResult {
    const invalid = checkPathName(name);
    // JSON.stringify: the name is client input and may hold anything, line breaks included.
    if (invalid !== undefined) return { ok: false, code: 'invalidPath', message: `path ${JSON.stringify(name)}: ${invalid}` };
    if (isStaticConfName(name) && Object.hasOwn(this.config.paths, name)) return this.match(name, []);
    for (const { confName, re } of this.regexps) {
      const m = re.exec(name);
      // Go's FindStringSubmatch reports a group that took no part as "".
      if (m) return this.match(confName, [...m].map((g) => g ?? ''));
    }
    if (this.catchAll !== undefined) return this.match(this.catchAll, [name]);
    return { ok: false, code: 'notFound', message: `path "${name}" is not configured` };
  }

  private match(confName: string, matches: string[]): FindPathConfResult {
    return { ok: true, confName, conf: resolvePathConf(this.config, confName), matches };
  }
}

/** One-off lookup; the engine keeps a PathConfIndex per config instead. */
export function findPathConf(config: Config, name: string): FindPathConfResult {
  return new PathConfIndex(config).find(name);
}
