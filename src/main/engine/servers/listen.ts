// Opening sockets with errors as rejections (EADDRINUSE etc. keep their `code` for the port doctor).
import dgram from 'node:dgram';
import type { Server as NetServer } from 'node:net';

/** A running listener: closing it also ends every connection it accepted. */
export interface RunningServer {
  close(): Promise<void>;
}

export function listenTcp(server: NetServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    // '' means all interfaces, as MediaMTX's ":8554".
    server.listen({ port, host: host || undefined, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export function bindUdp(host: string, port: number): Promise<dgram.Socket> {
  const type = host.includes(':') ? 'udp6' : 'udp4';
  const sock = dgram.createSocket({ type, reuseAddr: false });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => { sock.close(); reject(err); };
    sock.once('error', onError);
    sock.bind({ port, address: host || undefined, exclusive: true }, () => {
      sock.off('error', onError);
      resolve(sock);
    });
  });
}

export function closeNetServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
