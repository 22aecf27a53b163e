// `relaybox serve --ui`: the control API also serves the built renderer under /ui/.
// Like Jupyter, a random per-run token guards it: the CLI prints `/ui/?token=…` once; the page
// keeps the token and sends it as `X-Relaybox-Token` on every API call. Assets cannot send
// headers, so a valid token in the URL also sets an HttpOnly, SameSite=Strict cookie for them.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-util';

export const UI_PREFIX = '/ui/';
export const UI_TOKEN_HEADER = 'x-relaybox-token';
const COOKIE = 'relaybox_ui';

export interface UiOptions {
  /** Folder holding the built renderer (out/renderer). */
  dir: string;
  /** The per-run secret; never logged by the engine. */
  token: string;
}

let current: UiOptions | undefined;

/** Enables (or, with undefined, disables) serving the UI on the control API for this process. */
export function configureUi(opts: UiOptions | undefined): void {
  current = opts;
}

export function uiEnabled(): boolean {
  return current !== undefined;
}

function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

/** True when the request carries this run's token (header, `?token=`, or the UI cookie). */
export function hasUiToken(req: IncomingMessage, url: URL): boolean {
  if (!current) return false;
  const header = req.headers[UI_TOKEN_HEADER];
  return sameSecret(typeof header === 'string' ? header : undefined, current.token)
    || sameSecret(url.searchParams.get('token'), current.token)
    || sameSecret(cookieToken(req), current.token);
}

/**
 * A request made by a page of this origin (fetch metadata, or a same-origin Origin header).
 * With --ui, such requests must carry the token: another local page cannot forge it, and the
 * UI's own page always sends it.
 */
export function isFromUiPage(req: IncomingMessage): boolean {
  if (!current) return false;
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = req.headers.origin;
  return origin !== undefined && req.headers.host !== undefined && origin === `http://${req.headers.host}`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.map': 'application/json',
};

/** Serves /ui and /ui/… when enabled; returns false for any other path. */
export async function serveUi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!current) return false;
  if (url.pathname === '/ui') {
    // Relative asset URLs (vite base "./") need the trailing slash.
    res.writeHead(308, { Location: `/ui/${url.search}` });
    res.end();
    return true;
  }
  if (!url.pathname.startsWith(UI_PREFIX)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `method ${req.method} not allowed on ${url.pathname}`);
  if (!hasUiToken(req, url)) {
    throw new HttpError(401, 'the Relaybox UI needs the token printed by `relaybox serve --ui`: open the URL shown there');
  }
  const root = normalize(current.dir);
  let rel = decodeURIComponent(url.pathname.slice(UI_PREFIX.length));
  if (!rel || rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep)) throw new HttpError(404, 'not found');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new HttpError(404, `not found: ${url.pathname}`);
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  if (url.searchParams.has('token')) {
    headers['Set-Cookie'] = `${COOKIE}=${current.token}; Path=/ui/; HttpOnly; SameSite=Strict`;
  }
  if (extname(file) === '.html') {
    const html = allowPageHost(await readFile(file, 'utf8'), req.headers.host);
    headers['Content-Length'] = String(Buffer.byteLength(html));
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') { res.end(); return true; }
  createReadStream(file).pipe(res);
  return true;
}

/**
 * The CSP in index.html allows media and fetches from loopback only (Electron's case). Opened
 * from another machine (apiAddress on a LAN address), previews load from that same host on the
 * HLS/FLV port, so the page's own host name joins the loopback entries.
 */
export function allowPageHost(html: string, hostHeader: string | undefined): string {
  if (!hostHeader) return html;
  const host = hostHeader.replace(/:\d+$/, '');
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/.test(host) || host === '127.0.0.1' || host === 'localhost') return html;
  return html.replaceAll('http://127.0.0.1:*', `http://127.0.0.1:* http://${host}:*`);
}
