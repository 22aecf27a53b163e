// The control API listener (apiAddress, default 127.0.0.1:9997).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Engine } from '../../engine';
import type { RelayboxApi } from '../../../../shared/api';
import type { Logger } from '../../log/logger';
import { createHttpServer } from '../http-listener';
import { closeNetServer, listenTcp, type RunningServer } from '../listen';
import { listenerTls } from '../tls';
import { authorizeInternal } from '../../core';
import { HttpError, basicCredentials, clientIp, sendJson } from './http-util';
import { dispatch } from './routes';
import { createEngineApi } from '../../engine-api';
import { applyCors, isAllowedHost } from './security';
import { hasUiToken, isFromUiPage, serveUi } from './ui';

export async function openApiServer(engine: Engine, host: string, port: number, log: Logger): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const api = createEngineApi(engine);
  const server = await createHttpServer(listenerTls(engine.config, 'api'), (req, res) => {
    handle(api, engine, host, log, req, res).catch((err) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) log.error(`${req.method} ${req.url?.split('?')[0]}: ${(err as Error).message}`);
      if (!res.headersSent) sendJson(res, status, { error: (err as Error).message, ...(err instanceof HttpError ? err.extra : {}) });
      else res.end();
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('clientError', (_err, socket) => socket.destroy());
  await listenTcp(server, host, port);
  return {
    async close() {
      const closing = closeNetServer(server);
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
}

async function handle(api: RelayboxApi, engine: Engine, bindHost: string, log: Logger, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!isAllowedHost(req.headers.host, bindHost)) {
    throw new HttpError(403, `Host "${req.headers.host ?? ''}" is not allowed (DNS rebinding protection); use an IP address or localhost`);
  }
  const config = engine.config;
  applyCors(req, res, config.apiAllowOrigins);
  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://api.invalid');
  // `serve --ui`: the page and its API calls need the per-run token; holding it grants `api`.
  if (await serveUi(req, res, url)) return;
  if (hasUiToken(req, url)) return dispatch(api, engine, req, res, url);
  if (isFromUiPage(req)) throw new HttpError(401, 'the Relaybox UI token is missing or wrong: open the URL printed by `relaybox serve --ui`');
  const creds = basicCredentials(req);
  const ip = clientIp(req);
  const user = creds?.user ?? url.searchParams.get('user') ?? '';
  const pass = creds?.pass ?? url.searchParams.get('pass') ?? '';
  const ok = await authorizeInternal(config, { action: 'api', path: '', user, pass, ip });
  if (!ok) {
    log.warn(`API access refused for ${user ? `user "${user}"` : 'anonymous user'} from ${ip}`);
    res.setHeader('WWW-Authenticate', 'Basic realm="relaybox"');
    throw new HttpError(401, 'authentication required: this user has no "api" permission from this address');
  }
  await dispatch(api, engine, req, res, url);
}
