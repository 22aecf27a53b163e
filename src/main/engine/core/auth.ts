// Who may publish or read a path: MediaMTX's internal authentication, as pure functions.
//
// Two config styles exist and are not mixed (DESIGN §2). As in MediaMTX (conf.Validate,
// "deprecated credentials mode"), as soon as any path or pathDefaults sets one of the older
// per-path keys (publishUser/publishPass/publishIPs/readUser/readPass/readIPs), publish and read
// are decided by the matched path's keys alone and authInternalUsers only governs the other
// actions (api, metrics, pprof). Otherwise authInternalUsers decides everything.
import {
  compilePathRegex,
  type AuthAction,
  type AuthInternalUser,
  type AuthPermission,
  type Config,
  type PathConf,
} from '../../../shared/config';
import { ipMatches } from './ip-match';
import { credentialMatches } from './password';

export interface AuthRequest {
  action: AuthAction;
  /** Path name; ignored for api/metrics/pprof. */
  path: string;
  user?: string;
  pass?: string;
  ip: string;
}

export type AuthFailureCode = 'unauthorized' | 'forbidden';

/**
 * unauthorized: credentials are missing or wrong, asking again may help (RTSP/HTTP 401,
 * RTMP NetConnection.Connect.Rejected). forbidden: the credentials are right (or not the
 * issue) but this client may not do this here.
 * `reason` is for logs and never contains the password.
 */
export type AuthResult = { ok: true } | { ok: false; code: AuthFailureCode; reason: string };

const OK: AuthResult = { ok: true };

function isSet(v: string | readonly string[] | undefined | null): boolean {
  return v !== undefined && v !== null && v.length > 0;
}

function hasLegacyKeys(conf: Partial<PathConf> | null | undefined): boolean {
  if (!conf) return false;
  return (
    isSet(conf.publishUser) || isSet(conf.publishPass) || isSet(conf.publishIPs) ||
    isSet(conf.readUser) || isSet(conf.readPass) || isSet(conf.readIPs)
  );
}

const legacyModeCache = new WeakMap<Config, boolean>();

/** True if the config uses the older per-path credential keys anywhere. */
export function usesLegacyCredentials(config: Config): boolean {
  let mode = legacyModeCache.get(config);
  if (mode === undefined) {
    mode = hasLegacyKeys(config.pathDefaults) || Object.values(config.paths).some((p) => hasLegacyKeys(p));
    legacyModeCache.set(config, mode);
  }
  return mode;
}

function isAnonymous(req: AuthRequest): boolean {
  return !req.user && !req.pass;
}

function missingOrWrong(req: AuthRequest): AuthResult {
  return isAnonymous(req)
    ? { ok: false, code: 'unauthorized', reason: 'credentials required' }
    : { ok: false, code: 'unauthorized', reason: 'wrong credentials' };
}

/** The older per-path keys of the matched path. Empty user = anyone; empty ips = any address. */
export function checkLegacyCredentials(conf: PathConf, req: AuthRequest): AuthResult {
  const publishing = req.action === 'publish';
  const user = publishing ? conf.publishUser : conf.readUser;
  const pass = publishing ? conf.publishPass : conf.readPass;
  const ips = publishing ? conf.publishIPs : conf.readIPs;
  if (!ipMatches(req.ip, ips)) {
    return { ok: false, code: 'forbidden', reason: `address ${req.ip} is not allowed to ${req.action} "${req.path}"` };
  }
  if (!isSet(user)) return OK;
  if (credentialMatches(user!, req.user ?? '') && credentialMatches(pass ?? '', req.pass ?? '')) return OK;
  return missingOrWrong(req);
}

// Permission regexes come from the config and are few: compile each source text once.
const permissionRegexps = new Map<string, RegExp | null>();

function permissionPathMatches(permPath: string | undefined, path: string): boolean {
  if (!permPath) return true;
  if (!permPath.startsWith('~')) return permPath === path;
  let re = permissionRegexps.get(permPath);
  if (re === undefined) {
    try {
      re = compilePathRegex(permPath);
    } catch {
      re = null; // config validation rejects these; an unvalidated one matches nothing
    }
    if (permissionRegexps.size > 1000) permissionRegexps.clear();
    permissionRegexps.set(permPath, re);
  }
  return re !== null && re.test(path);
}

/** MediaMTX matchesPermission: api/metrics/pprof have no path; the others need a path match. */
export function hasPermission(perms: readonly AuthPermission[], action: AuthAction, path: string): boolean {
  for (const perm of perms) {
    if (perm.action !== action) continue;
    if (action !== 'publish' && action !== 'read' && action !== 'playback') return true;
    if (permissionPathMatches(perm.path, path)) return true;
  }
  return false;
}

/** authInternalUsers: allowed if some entry matches user, address and permission. */
export function checkInternalUsers(users: readonly AuthInternalUser[], req: AuthRequest): AuthResult {
  let authenticatedAs: string | null = null;
  for (const u of users) {
    if (u.user !== 'any') {
      if (!req.user) continue;
      if (!credentialMatches(u.user, req.user) || !credentialMatches(u.pass ?? '', req.pass ?? '')) continue;
      authenticatedAs = req.user;
    }
    if (!ipMatches(req.ip, u.ips)) continue;
    if (!hasPermission(u.permissions ?? [], req.action, req.path)) continue;
    return OK;
  }
  if (authenticatedAs !== null) {
    const what = req.action === 'publish' || req.action === 'read' || req.action === 'playback' ? `${req.action} "${req.path}"` : req.action;
    return { ok: false, code: 'forbidden', reason: `user "${authenticatedAs}" may not ${what} from ${req.ip}` };
  }
  return missingOrWrong(req);
}

/** The decision for one request. `conf` is the matched path's configuration (null for api etc.). */
export function checkCredentials(config: Config, conf: PathConf | null, req: AuthRequest): AuthResult {
  const method = config.authMethod || 'internal';
  if (method !== 'internal') {
    // http and jwt (MediaMTX) are not implemented: fail closed rather than open.
    return { ok: false, code: 'forbidden', reason: `authMethod "${method}" is not supported` };
  }
  const pathAction = req.action === 'publish' || req.action === 'read' || req.action === 'playback';
  if (pathAction && conf && usesLegacyCredentials(config)) {
    return checkLegacyCredentials(conf, req.action === 'playback' ? { ...req, action: 'read' } : req);
  }
  return checkInternalUsers(config.authInternalUsers ?? [], req);
}

/**
 * For the control API, metrics and pprof listeners (and any caller without a path conf):
 * authInternalUsers only. True if allowed.
 */
export function authorizeInternal(config: Pick<Config, 'authMethod' | 'authInternalUsers'>, req: AuthRequest): boolean {
  const method = config.authMethod || 'internal';
  if (method !== 'internal') return false;
  return checkInternalUsers(config.authInternalUsers ?? [], req).ok;
}
