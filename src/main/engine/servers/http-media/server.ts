// The media HTTP listener on hlsAddress (default :8888), shared by HLS and HTTP-FLV as in
// DESIGN §3: `http://H:8888/cam1.flv` (HTTP-FLV), `http://H:8888/cam1/index.m3u8` and the player
// page `http://H:8888/cam1` (HLS, issue 5). This file only routes; each protocol has its handler.
import http from 'node:http';
import type { ConnInfo, ConnKind } from '../../../../shared/api';
import type { Config } from '../../../../shared/config';
import { parseDuration } from '../../../../shared/config';
import { DEFAULT_WRITE_TIMEOUT_MS } from '../../core/path-manager';
import type { PathManager } from '../../core/path-manager';
import type { Logger } from '../../log/logger';
import { playerPageRequestOf } from '../hls/player-page';
import { createHlsHandler, hlsRequestOf } from '../hls/server/handler';
import { createHttpFlvHandler, flvPathName } from '../httpflv/handler';
import type { RunningServer } from '../listen';
import { openHttpListener } from '../http-listener';
import { listenerTls } from '../tls';
import { mediaClientIp } from './client-ip';
import { answerPreflight, applyMediaCors } from './cors';
import { basicCredentials } from '../api/http-util';
import { httpRedirectLocation } from '../../core/redirect';

/** What the listener needs from the engine (the Engine itself in production). */
export interface HttpMediaHost {
  readonly paths: Pick<PathManager, 'addReader' | 'findPathConf' | 'on'> & Partial<Pick<PathManager, 'redirectFor'>>;
  /** Read per request, so hot-reloaded settings apply to the next request. */
  readonly config: Config;
  /** /v3/hlsmuxers/list|get (the Engine provides it). */
  registerConnList?(kind: ConnKind, provider: { list(): ConnInfo[] }): () => void;
}

/** A request after routing: the stream path it names, decoded, and who asks. */
export interface MediaRequest {
  pathName: string;
  query: string;
  ip: string;
}

interface MediaRoute {
  name: string;
  /** The stream path this URL path names, or null if the route does not serve it. */
  match(urlPath: string): string | null;
  serve(req: http.IncomingMessage, res: http.ServerResponse, target: MediaRequest): Promise<void>;
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Splits a request target into its decoded path and raw query; null when it cannot be decoded. */
export function parseRequestTarget(url: string): { urlPath: string; query: string } | null {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  // Origin-form only (RFC 9112 §3.2.1); absolute-form is for proxies.
  if (!rawPath.startsWith('/')) return null;
  try {
    return { urlPath: decodeURIComponent(rawPath), query: q === -1 ? '' : url.slice(q + 1) };
  } catch {
    return null;
  }
}

function writeTimeoutMs(config: Config): number {
  try {
    return config.writeTimeout ? parseDuration(config.writeTimeout) : DEFAULT_WRITE_TIMEOUT_MS;
  } catch {
    return DEFAULT_WRITE_TIMEOUT_MS;
  }
}

export async function openHttpMediaServer(host: HttpMediaHost, bindHost: string, port: number, log: Logger): Promise<RunningServer> {
  const flv = createHttpFlvHandler({ paths: host.paths, log: log.child('flv'), writeTimeoutMs: () => writeTimeoutMs(host.config) });

  // The routing table, checked in order. HLS (issue 5) adds its routes here:
  // "/<path>/index.m3u8" and its segments/parts, then the player page "/<path>".
  const hls = createHlsHandler({ paths: host.paths, config: () => host.config, log: log.child('hls') });
  const unregisterHls = host.registerConnList?.('hlsmuxers', { list: () => hls.list() });
  const routes: MediaRoute[] = [
    { name: 'HTTP-FLV', match: flvPathName, serve: flv.serve },
    { name: 'HLS', match: (p) => hlsRequestOf(p)?.pathName ?? null, serve: hls.serve },
    { name: 'HLS player page', match: (p) => playerPageRequestOf(p)?.pathName ?? null, serve: hls.servePage },
  ];

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const config = host.config;
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, config.hlsAllowOrigins);
      return;
    }
    applyMediaCors(req, res, config.hlsAllowOrigins);
    const target = parseRequestTarget(req.url ?? '');
    if (!target) {
      sendText(res, 400, 'bad request target\n');
      return;
    }
    for (const route of routes) {
      const pathName = route.match(target.urlPath);
      if (pathName === null) continue;
      // source: redirect / fallback to a local path (issue 8): the same resource under that path.
      const fromQuery = new URLSearchParams(target.query);
      const creds = basicCredentials(req) ?? { user: fromQuery.get('user') ?? '', pass: fromQuery.get('pass') ?? '' };
      const redirect = host.paths.redirectFor?.({ path: pathName, query: target.query, ip: mediaClientIp(req, config.hlsTrustedProxies), user: creds.user || undefined, pass: creds.pass || undefined, protocol: 'hls', id: 'redirect', session: { close: () => undefined } });
      const location = redirect ? httpRedirectLocation(redirect, pathName, target.urlPath, target.query) : null;
      if (location) {
        res.writeHead(302, { Location: location, 'Content-Length': 0 }).end();
        return;
      }
      await route.serve(req, res, { pathName, query: target.query, ip: mediaClientIp(req, config.hlsTrustedProxies) });
      return;
    }
    sendText(res, 404, 'not found: HLS is served at /PATH/index.m3u8, HTTP-FLV at /PATH.flv\n');
  }

  return openHttpListener({
    host: bindHost, port, log, handle, tls: listenerTls(host.config, 'hls'),
    beforeClose() {
      unregisterHls?.();
      hls.close();
    },
  });
}
