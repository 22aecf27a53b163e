// The control API is a door into the user's machine. Three checks run before any route:
// the Host header (DNS rebinding), the Origin (CORS only for configured origins), and the
// `api` permission of authInternalUsers (MediaMTX default: any user, from 127.0.0.1/::1 only).
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-util';

/** Host names a rebinding attack cannot use: IP literals, localhost, and this machine's own name. */
export function isAllowedHost(hostHeader: string | undefined, bindHost: string): boolean {
  if (!hostHeader) return false;
  let name = hostHeader.trim().toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']'));
  else if (name.lastIndexOf(':') > 0 && name.indexOf(':') === name.lastIndexOf(':')) name = name.slice(0, name.lastIndexOf(':'));
  if (isIP(name)) return true;
  const own = hostname().toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === bindHost.toLowerCase()
    || name === own || name === `${own}.local`;
}

/**
 * Applies CORS for an allowed Origin; refuses (403) a cross-origin request from any other origin,
 * because "simple" cross-site POSTs would otherwise reach the handlers even without CORS headers.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (!origin) return;
  const sameOrigin = req.headers.host !== undefined && (origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`);
  const allowed = allowOrigins.includes('*') || allowOrigins.includes(origin);
  if (!allowed && !sameOrigin) throw new HttpError(403, `origin ${origin} is not allowed; add it to apiAllowOrigins`);
  res.setHeader('Access-Control-Allow-Origin', allowOrigins.includes('*') && !sameOrigin ? '*' : origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
}
