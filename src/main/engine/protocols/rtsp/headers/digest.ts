// HTTP Digest computation with MD5 (RFC 2617 §3.2.2, RFC 7616 §3.4.1), both sides: the server
// checks a client's response; the client builds one after a 401. RTSP clients (FFmpeg, GStreamer,
// VLC, cameras) use MD5 without qop, or with qop=auth.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RtspChallenge, RtspCredentials } from './auth';
import { buildAuthorization } from './auth';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export interface DigestInput {
  method: string;
  uri: string;
  user: string;
  pass: string;
  realm: string;
  nonce: string;
  /** `auth` for the qop form (then nc and cnonce are required). */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The `response` value: MD5(HA1:nonce[:nc:cnonce:qop]:HA2). */
export function digestResponse(d: DigestInput): string {
  const ha1 = md5(`${d.user}:${d.realm}:${d.pass}`);
  const ha2 = md5(`${d.method}:${d.uri}`);
  if (d.qop) return md5(`${ha1}:${d.nonce}:${d.nc ?? ''}:${d.cnonce ?? ''}:${d.qop}:${ha2}`);
  return md5(`${ha1}:${d.nonce}:${ha2}`);
}

/**
 * Whether `response` is right for these credentials. Constant-time over the 32 hex digits, so
 * the comparison leaks nothing about where a wrong guess differs.
 */
export function validateDigest(d: DigestInput & { response: string }): boolean {
  const expected = Buffer.from(digestResponse(d), 'latin1');
  const given = Buffer.from(d.response.toLowerCase(), 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks parsed Digest credentials against the nonce and realm we issued and the request they
 * came with. The `uri` the client hashed is its own copy of the request URL (FFmpeg sends the
 * full URL), so it is taken from the credentials; the caller should check it names the same
 * resource.
 */
export function validateDigestCredentials(
  c: Extract<RtspCredentials, { scheme: 'digest' }>,
  expected: { method: string; user: string; pass: string; realm: string; nonce: string },
): boolean {
  if (c.username !== expected.user || c.realm !== expected.realm || c.nonce !== expected.nonce) return false;
  if (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5') return false;
  return validateDigest({ ...expected, uri: c.uri, qop: c.qop, nc: c.nc, cnonce: c.cnonce, response: c.response });
}

/**
 * The Authorization value a client sends after a Digest challenge. With qop offered, uses
 * qop=auth with `nc` (default 00000001) and a random `cnonce` unless given.
 */
export function digestAuthorization(input: {
  challenge: Extract<RtspChallenge, { scheme: 'digest' }>;
  method: string;
  uri: string;
  user: string;
  pass: string;
  nc?: number;
  cnonce?: string;
}): string {
  const { challenge, method, uri, user, pass } = input;
  const qopOffered = challenge.qop?.split(',').map((q) => q.trim().toLowerCase());
  const qop = qopOffered?.includes('auth') ? 'auth' : undefined;
  const nc = qop ? (input.nc ?? 1).toString(16).padStart(8, '0') : undefined;
  const cnonce = qop ? (input.cnonce ?? randomBytes(8).toString('hex')) : undefined;
  const response = digestResponse({ method, uri, user, pass, realm: challenge.realm, nonce: challenge.nonce, qop, nc, cnonce });
  return buildAuthorization({
    scheme: 'digest',
    username: user,
    realm: challenge.realm,
    nonce: challenge.nonce,
    uri,
    response,
    algorithm: challenge.algorithm,
    qop,
    nc,
    cnonce,
    opaque: challenge.opaque,
  });
}

/** The Authorization value for Basic. */
export function basicAuthorization(user: string, pass: string): string {
  return buildAuthorization({ scheme: 'basic', user, pass });
}
