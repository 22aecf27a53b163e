// The HTTP listener shape the media servers share (HLS/FLV, WebRTC): a failing handler costs a
// 500 for that request only, malformed HTTP costs only its connection, and closing the listener
// ends every open response (and with it every reader behind it).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger';
import { closeNetServer, listenTcp, type RunningServer } from './listen';

export interface HttpListenerOptions {
  host: string;
  port: number;
  log: Logger;
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  /** Runs first on close, before sockets are destroyed (unregister lists, end sessions). */
  beforeClose?(): void;
}

export async function openHttpListener(opts: HttpListenerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer({ noDelay: true }, (req, res) => {
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
