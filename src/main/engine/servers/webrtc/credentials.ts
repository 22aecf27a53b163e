// Credentials of a WHEP/WHIP request, as MediaMTX reads them (internal/protocols/httpp
// credentials): `Authorization: Bearer user:pass` (what OBS sends from its WHIP "Bearer Token"
// field), then Basic (RFC 7617), then `?user=&pass=` in the query.
//
// A Bearer value without a colon is a token (a JWT for MediaMTX's authMethod jwt). Relaybox does
// not verify JWTs: with authMethod jwt the core refuses every request (fails closed), and with
// internal users a token names no user, so such a request is anonymous there, as in MediaMTX.
import type http from 'node:http';
import { basicCredentials } from '../api/http-util';

export interface HttpCredentials {
  user?: string;
  pass?: string;
  /** A Bearer token that is not user:pass (kept for a future JWT check, never logged). */
  token?: string;
}

export function httpCredentials(req: http.IncomingMessage, query: string): HttpCredentials {
  const auth = req.headers.authorization ?? '';
  // RFC 6750 §2.1: "Bearer" is case-insensitive, one space, then the token.
  const bearer = /^bearer +(.+)$/i.exec(auth.trim());
  if (bearer) {
    const value = bearer[1].trim();
    const parts = value.split(':');
    if (parts.length === 2) return { user: parts[0] || undefined, pass: parts[1] || undefined };
    return { token: value };
  }
  const basic = basicCredentials(req);
  if (basic) return { user: basic.user || undefined, pass: basic.pass || undefined };
  const q = new URLSearchParams(query);
  return { user: q.get('user') || undefined, pass: q.get('pass') || undefined };
}
