// The slice of the configuration the stream core reads.
// src/shared/config (written in parallel) will own the real types; until it lands, this file
// declares the narrow subset with the same names, so swapping in the real ones is a one-file
// change: re-export Config, PathConf, resolvePathConf and parseDuration from there.

export type AuthAction = 'publish' | 'read' | 'playback' | 'api' | 'metrics' | 'pprof';

export interface AuthInternalUserPermission {
  action: AuthAction;
  /** Empty or absent: any path. "~regex": paths the regex matches. Otherwise an exact path name. */
  path?: string;
}

export interface AuthInternalUser {
  /** "any" matches anyone, anonymous included (the password is then not checked). */
  user: string;
  /** Plain, or "sha256:BASE64(sha256(pass))". */
  pass: string;
  /** CIDRs or single addresses; empty = any address. */
  ips: string[];
  permissions: AuthInternalUserPermission[];
}

export interface GlobalConf {
  authMethod: string;
  authInternalUsers: AuthInternalUser[];
  writeQueueSize: number;
  readTimeout: string;
  writeTimeout: string;
}

export interface PathConf {
  /** "publisher" or a URL to pull from. */
  source: string;
  sourceOnDemand: boolean;
  overridePublisher: boolean;
  /** 0 = unlimited. */
  maxReaders: number;
  fallback: string;
  // Older per-path credentials (MediaMTX < 1.8 names). Any of them set anywhere switches the
  // whole config to this mode, as MediaMTX does (see auth.ts).
  publishUser?: string;
  publishPass?: string;
  publishIPs?: string[];
  readUser?: string;
  readPass?: string;
  readIPs?: string[];
}

export type Config = GlobalConf & { pathDefaults: PathConf; paths: Record<string, Partial<PathConf>> };

/** pathDefaults overlaid with the path's own keys. */
export function resolvePathConf(config: Config, confName: string): PathConf {
  // A YAML entry written as `cam1:` with no body arrives as null.
  const own = (config.paths[confName] ?? {}) as Partial<PathConf>;
  const out = { ...config.pathDefaults } as PathConf;
  for (const key of Object.keys(own) as (keyof PathConf)[]) {
    if (own[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = own[key];
  }
  return out;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style duration ("10s", "1m30s", "200ms") in milliseconds. */
export function parseDuration(s: string): number {
  const text = s.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    end = re.lastIndex;
  }
  if (end === 0 || end !== text.length) throw new Error(`invalid duration "${s}": use a number with a unit, e.g. "10s", "1m30s", "200ms"`);
  return total;
}
