// CORS for the media HTTP listener (hlsAllowOrigins, MediaMTX's `hlsAllowOrigins`): players in
// web pages on other origins (the GUI's mpegts.js/hls.js preview) read streams with fetch/XHR.
// Unlike the control API, nothing here changes state, so a foreign origin is not refused: it
// just gets no CORS headers and the browser keeps the response from the page.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Access-Control-Allow-Origin value for this request, or null (no CORS headers). */
export function allowedOrigin(origin: string | undefined, allowOrigins: readonly string[]): string | null {
  if (allowOrigins.includes('*')) return '*';
  if (origin !== undefined && allowOrigins.includes(origin)) return origin;
  return null;
}

/**
 * Sets the CORS response headers. With "*" any page may read without credentials; a listed
 * origin is echoed and may send credentials (Basic auth), as the Fetch standard requires for
 * credentialed requests (§3.2.5: "*" does not match them).
 */
export function applyMediaCors(req: IncomingMessage, res: ServerResponse, allowOrigins: readonly string[]): void {
  const allow = allowedOrigin(req.headers.origin, allowOrigins);
  if (allow === null) return;
  res.setHeader('Access-Control-Allow-Origin', allow);
  if (allow !== '*') {
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
}

/** Answers a CORS preflight (OPTIONS): which methods and request headers players may use. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowOrigins: readonly string[]): void {
  applyMediaCors(req, res, allowOrigins);
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'OPTIONS, GET, HEAD',
    'Access-Control-Allow-Headers': 'Authorization, Range',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}
