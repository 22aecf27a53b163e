// The client address of a media request, as auth (readIPs, `ips:`) and the logs should see it.
// Behind a reverse proxy listed in hlsTrustedProxies, the proxy's X-Forwarded-For names the
// client (MediaMTX behaviour); from anyone else the header is ignored, or clients could pick
// whatever address an `ips:` list allows.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ipMatches } from '../../core/ip-match';
import { clientIp } from '../api/http-util';

export function mediaClientIp(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = clientIp(req);
  if (trustedProxies.length === 0 || !ipMatches(peer, trustedProxies)) return peer;
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return peer;
  // "client, proxy1, proxy2": the first entry is the original client.
  const first = value.split(',')[0].trim();
  return isIP(first) ? first : peer;
}
