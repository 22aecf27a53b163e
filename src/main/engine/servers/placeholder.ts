// Holds a protocol's port until that protocol is implemented: TCP connections are accepted and
// parked (kept open, input discarded) so clients see a live port; UDP datagrams are dropped.
import net from 'node:net';
import type { Logger } from '../log/logger';
import { bindUdp, closeNetServer, listenTcp, type RunningServer } from './listen';

export async function openPlaceholderTcp(host: string, port: number, log: Logger): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    log.debug(`connection from ${sock.remoteAddress} parked: protocol not implemented yet`);
    sock.on('data', () => { /* discarded */ });
    sock.on('error', () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
  });
  await listenTcp(server, host, port);
  return {
    async close() {
      for (const s of sockets) s.destroy();
      await closeNetServer(server);
    },
  };
}

export async function openPlaceholderUdp(host: string, port: number): Promise<RunningServer> {
  const sock = await bindUdp(host, port);
  sock.on('message', () => { /* dropped */ });
  sock.on('error', () => { /* a bad datagram never stops the listener */ });
  return { close: () => new Promise((resolve) => sock.close(() => resolve())) };
}
