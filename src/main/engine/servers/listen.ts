// Opening sockets with errors as rejections (EADDRINUSE etc. keep their `code` for the port doctor).
import dgram from 'node:dgram';
import net, { type Server as NetServer, type Socket } from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../log/logger';
import { loadTlsCredentials, tlsServerOptions, type TlsFiles } from './tls';

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

/**
 * The TCP sockets under a TLS server's connections. A socket still in its TLS handshake has no
 * protocol connection to close it, and server.close() would wait for it (up to the handshake timeout).
 */
const tcpSocketsOf = new WeakMap<NetServer, Set<Socket>>();

/** Lets closeNetServer end every socket of this TLS server, those still in their handshake too. */
export function trackTlsSockets(server: NetServer): void {
  const raw = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    raw.add(s);
    s.once('close', () => raw.delete(s));
  });
  tcpSocketsOf.set(server, raw);
}

/**
 * A TCP server for a protocol connection handler, or with `tls` the same handler behind TLS
 * (RTSPS, RTMPS): `onSocket` then gets the decrypted TLSSocket, which is a net.Socket. Unreadable
 * key/cert files reject here, before any port is taken. A failed handshake (a plain client,
 * garbage) costs only that socket.
 */
export async function createTcpServer(onSocket: (socket: Socket) => void, opts: { tls?: TlsFiles; handshakeTimeoutMs: number; log: Logger }): Promise<NetServer> {
  if (!opts.tls) return net.createServer(onSocket);
  const creds = await loadTlsCredentials(opts.tls);
  const server = tls.createServer(tlsServerOptions(creds, opts.handshakeTimeoutMs), onSocket);
  trackTlsSockets(server);
  server.on('tlsClientError', (err, socket) => {
    opts.log.debug(`TLS handshake with ${socket.remoteAddress ?? '?'} failed: ${err.message}`);
    socket.destroy();
  });
  return server;
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
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // After the caller has closed its protocol connections (synchronously, right after this call),
  // so they end with their own reason rather than as "closed by the client".
  const raw = tcpSocketsOf.get(server);
  if (raw) setImmediate(() => { for (const s of raw) s.destroy(); });
  return closed;
}
