// The HTTP listener shape the media servers share (HLS/FLV, WebRTC): a failing handler costs a
// 500 for that request only, malformed HTTP costs only its connection, and closing the listener
// ends every open response (and with it every reader behind it).
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger';
import { closeNetServer, listenTcp, trackTlsSockets, type RunningServer } from './listen';
import { loadTlsCredentials, tlsServerOptions, type TlsFiles } from './tls';

/** A handshake not finished by then drops the socket; MediaMTX's default readTimeout. */
const HTTPS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * http.Server, or https.Server when `tls` names key/cert files (the `<name>Encryption` switches).
 * Unreadable files reject with an error naming the config keys, before any port is taken.
 */
export async function createHttpServer(tls: TlsFiles | undefined, handler: http.RequestListener): Promise<http.Server> {
  if (!tls) return http.createServer({ noDelay: true }, handler);
  const creds = await loadTlsCredentials(tls);
  const server = https.createServer({ ...tlsServerOptions(creds, HTTPS_HANDSHAKE_TIMEOUT_MS), noDelay: true }, handler);
  // A plain-HTTP or garbage client fails the handshake: only its socket goes.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  trackTlsSockets(server);
  return server;
}

export interface HttpListenerOptions {
  host: string;
  port: number;
  log: Logger;
  /** Serve HTTPS with these files (listenerTls(config, name)); plain HTTP when undefined. */
  tls?: TlsFiles;
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  /** Runs first on close, before sockets are destroyed (unregister lists, end sessions). */
  beforeClose?(): void;
}

export async function openHttpListener(opts: HttpListenerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = await createHttpServer(opts.tls, (req, res) => {
    opts.handle(req, res).catch((err: unknown) => {
      opts.log.error(`${req.method} ${(req.url ?? '').split('?')[0]}: ${(err as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      } else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await listenTcp(server, opts.host, opts.port);
  return {
    async close() {
      opts.beforeClose?.();
      const closing = closeNetServer(server);
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
}
