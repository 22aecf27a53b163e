// What every TCP protocol connection (RTMP, RTSP) sets up the same way: the client's address
// without the IPv4-mapped prefix, Nagle off, the read timeout and the socket events.
import type { Socket } from 'node:net';

/** "::ffff:1.2.3.4" → "1.2.3.4": auth CIDRs and log lines use the plain IPv4 form. */
export function plainIp(ip: string | undefined): string {
  const s = ip ?? '';
  return s.startsWith('::ffff:') ? s.slice(7) : s;
}

export interface TcpConnHandlers {
  data(chunk: Buffer): void;
  /** Called once per cause; the connection decides whether it is already closed. */
  close(reason: string): void;
  /** The socket's buffer drained: resume the stream reader. */
  drain(): void;
}

export function attachTcpConn(socket: Socket, readTimeoutMs: number, h: TcpConnHandlers): { ip: string; remoteAddr: string } {
  const ip = plainIp(socket.remoteAddress);
  socket.setNoDelay(true);
  socket.setTimeout(readTimeoutMs, () => h.close('read timeout: no data from the client'));
  socket.on('data', h.data);
  socket.on('error', (err) => h.close(`socket error: ${err.message}`));
  socket.on('close', () => h.close('connection closed by the client'));
  socket.on('drain', h.drain);
  return { ip, remoteAddr: `${ip}:${socket.remotePort}` };
}
