// WWW-Authenticate and Authorization headers for Basic (RFC 7617) and Digest (RFC 2617 §3.2,
// RFC 7616 §3.3–3.4) as RTSP uses them (RFC 2326 §12.5, §12.44). One challenge per header value:
// servers that offer both send two WWW-Authenticate lines (read them with headers.getAll()).
import { RtspError } from '../errors';

export type RtspChallenge =
  | { scheme: 'basic'; realm: string }
  | {
      scheme: 'digest';
      realm: string;
      nonce: string;
      /** Only MD5 is implemented here (what RTSP clients support); others are kept verbatim. */
      algorithm?: string;
      /** `auth` (or a list like `auth,auth-int`) when the server wants the qop form. */
      qop?: string;
      opaque?: string;
      stale?: boolean;
    };

export type RtspCredentials =
  | { scheme: 'basic'; user: string; pass: string }
  | {
      scheme: 'digest';
      username: string;
      realm: string;
      nonce: string;
      uri: string;
      response: string;
      algorithm?: string;
      qop?: string;
      nc?: string;
      cnonce?: string;
      opaque?: string;
    };

function bad(header: string, value: string, why: string): never {
  throw new RtspError('BAD_HEADER_VALUE', `${header} "${value.slice(0, 80)}": ${why}`);
}

/**
 * RFC 7235 §2.1 auth-params: `name=token` or `name="quoted string"` separated by commas.
 * Names are lowercased; values unquoted (with `\x` escapes resolved).
 */
export function parseAuthParams(text: string, header = 'auth'): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && /[A-Za-z0-9\-_]/.test(text[i])) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    while (i < n && text[i] === ' ') i++;
    if (name === '' || text[i] !== '=') bad(header, text, `expected name=value at ${nameStart}`);
    i++;
    while (i < n && text[i] === ' ') i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) bad(header, text, 'unterminated quoted string');
        const c = text[i++];
        if (c === '"') break;
        if (c === '\\' && i < n) value += text[i++];
        else value += c;
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
    }
    params.set(name, value);
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < n && text[i] !== ',') bad(header, text, `unexpected "${text[i]}" after ${name}`);
  }
  return params;
}

function splitScheme(value: string, header: string): [string, string] {
  const m = /^\s*([A-Za-z][A-Za-z0-9\-_]*)(?:\s+(.*))?$/s.exec(value);
  if (!m) bad(header, value, 'no scheme');
  return [m[1].toLowerCase(), (m[2] ?? '').trim()];
}

export function parseWwwAuthenticate(value: string): RtspChallenge {
  const [scheme, rest] = splitScheme(value, 'WWW-Authenticate');
  const p = parseAuthParams(rest, 'WWW-Authenticate');
  const realm = p.get('realm');
  if (realm === undefined) bad('WWW-Authenticate', value, 'no realm');
  if (scheme === 'basic') return { scheme: 'basic', realm };
  if (scheme !== 'digest') bad('WWW-Authenticate', value, `unsupported scheme "${scheme}"`);
  const nonce = p.get('nonce');
  if (nonce === undefined) bad('WWW-Authenticate', value, 'no nonce');
  const c: RtspChallenge = { scheme: 'digest', realm, nonce };
  if (p.has('algorithm')) c.algorithm = p.get('algorithm');
  if (p.has('qop')) c.qop = p.get('qop');
  if (p.has('opaque')) c.opaque = p.get('opaque');
  if (p.has('stale')) c.stale = p.get('stale')!.toLowerCase() === 'true';
  return c;
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;

export function buildWwwAuthenticate(c: RtspChallenge): string {
  if (c.scheme === 'basic') return `Basic realm=${quote(c.realm)}`;
  const parts = [`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.algorithm !== undefined) parts.push(`algorithm=${c.algorithm}`);
  if (c.qop !== undefined) parts.push(`qop=${quote(c.qop)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.stale !== undefined) parts.push(`stale=${c.stale ? 'TRUE' : 'FALSE'}`);
  return `Digest ${parts.join(', ')}`;
}

export function parseAuthorization(value: string): RtspCredentials {
  const [scheme, rest] = splitScheme(value, 'Authorization');
  if (scheme === 'basic') {
    // RFC 7617 §2: base64 of user-id ":" password; the user-id cannot contain a colon.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(rest)) bad('Authorization', value, 'bad base64');
    const decoded = Buffer.from(rest, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) bad('Authorization', value, 'no colon in Basic credentials');
    return { scheme: 'basic', user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
  }
  if (scheme !== 'digest') bad('Authorization', value, `unsupported scheme "${scheme}"`);
  const p = parseAuthParams(rest, 'Authorization');
  const need = (name: string) => p.get(name) ?? bad('Authorization', value, `no ${name}`);
  const c: RtspCredentials = {
    scheme: 'digest',
    username: need('username'),
    realm: need('realm'),
    nonce: need('nonce'),
    uri: need('uri'),
    response: need('response'),
  };
  for (const k of ['algorithm', 'qop', 'nc', 'cnonce', 'opaque'] as const) if (p.has(k)) c[k] = p.get(k);
  return c;
}

export function buildAuthorization(c: RtspCredentials): string {
  if (c.scheme === 'basic') return `Basic ${Buffer.from(`${c.user}:${c.pass}`, 'utf8').toString('base64')}`;
  const parts = [
    `username=${quote(c.username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(c.uri)}`,
    `response=${quote(c.response)}`,
  ];
  if (c.algorithm !== undefined) parts.push(`algorithm=${c.algorithm}`);
  if (c.qop !== undefined) parts.push(`qop=${c.qop}`);
  if (c.nc !== undefined) parts.push(`nc=${c.nc}`);
  if (c.cnonce !== undefined) parts.push(`cnonce=${quote(c.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
