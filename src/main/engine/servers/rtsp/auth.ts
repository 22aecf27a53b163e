// RTSP credentials (RFC 2326 §12.5, §12.44): Basic (RFC 7617) and Digest MD5 (RFC 2617) in the
// Authorization header, or userinfo in the request URL. The stream core checks plain user/pass,
// so a Digest answer is verified here against the passwords the config could accept for that
// user, and the matching one is handed on (a hashed `sha256:` password cannot verify Digest,
// as in MediaMTX).
import { randomBytes } from 'node:crypto';
import type { Config } from '../../core';
import { buildWwwAuthenticate, parseAuthorization } from '../../protocols/rtsp/headers/auth';
import { validateDigestCredentials } from '../../protocols/rtsp/headers/digest';
import type { RtspRequest } from '../../protocols/rtsp/request';
import { parseRtspUrl, streamTargetOf } from '../../protocols/rtsp/url';

export const RTSP_REALM = 'IPCAM';

export type RtspAuthMethod = 'basic' | 'digest';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** WWW-Authenticate values for a 401, one per offered scheme (Digest first: stronger). */
export function authChallenges(methods: readonly string[], nonce: string): string[] {
  const out: string[] = [];
  if (methods.includes('digest')) out.push(buildWwwAuthenticate({ scheme: 'digest', realm: RTSP_REALM, nonce, algorithm: 'MD5' }));
  if (methods.includes('basic') || out.length === 0) out.push(buildWwwAuthenticate({ scheme: 'basic', realm: RTSP_REALM }));
  return out;
}

/** Plain passwords configured for `user` (internal users and legacy per-path credentials). */
function passwordsFor(config: Config, user: string): string[] {
  const out = new Set<string>();
  const plain = (u: unknown, p: unknown) => {
    if (u === user && typeof p === 'string' && !p.startsWith('sha256:')) out.add(p);
  };
  for (const u of config.authInternalUsers ?? []) plain(u.user, u.pass);
  for (const conf of [config.pathDefaults as Partial<Config['pathDefaults']>, ...Object.values(config.paths ?? {})]) {
    plain(conf.publishUser, conf.publishPass);
    plain(conf.readUser, conf.readPass);
  }
  return [...out];
}

/** Whether a Digest `uri` (a full URL, as FFmpeg and GStreamer send, or a bare path) names the request's stream. */
function sameStream(uri: string, requestUrl: string): boolean {
  try {
    const want = streamTargetOf(requestUrl).path;
    if (/^rtsps?:\/\//i.test(uri)) return streamTargetOf(uri).path === want;
    return streamTargetOf(`rtsp://h${uri.startsWith('/') ? '' : '/'}${uri}`).path === want;
  } catch {
    return false;
  }
}

export interface RtspCredentialsResult {
  user?: string;
  pass?: string;
}

/**
 * The credentials a request carries. Schemes not in `methods` are ignored (the client is then
 * challenged again); a Digest answer that matches no configured password yields the user with an
 * unusable password, so the core refuses (and throttles) it like a wrong Basic password.
 */
export function requestCredentials(req: RtspRequest, opts: { methods: readonly string[]; nonce: string; config: Config }): RtspCredentialsResult {
  const header = req.headers.get('authorization');
  if (header !== undefined) {
    let creds: ReturnType<typeof parseAuthorization> | undefined;
    try {
      creds = parseAuthorization(header);
    } catch {
      creds = undefined;
    }
    if (creds?.scheme === 'basic' && opts.methods.includes('basic')) return { user: creds.user, pass: creds.pass };
    if (creds?.scheme === 'digest' && opts.methods.includes('digest')) {
      // The answer must be for this resource, not one replayed from another path.
      if (!sameStream(creds.uri, req.url)) return { user: creds.username, pass: `\u0000digest-mismatch-${newNonce()}` };
      for (const pass of passwordsFor(opts.config, creds.username)) {
        if (validateDigestCredentials(creds, { method: req.method, user: creds.username, pass, realm: RTSP_REALM, nonce: opts.nonce })) {
          return { user: creds.username, pass };
        }
      }
      return { user: creds.username, pass: `\u0000digest-mismatch-${newNonce()}` };
    }
  }
  try {
    const u = parseRtspUrl(req.url);
    if (u.user !== undefined) return { user: u.user, pass: u.pass ?? '' };
  } catch {
    // A bad URL is answered elsewhere.
  }
  return {};
}
