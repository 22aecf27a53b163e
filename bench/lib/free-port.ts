// Free loopback ports for the servers under test. The port is found by binding port 0 and closing
// again, so another process could take it before the server binds; on a bench machine that race
// is rare, and a server that then fails to listen is reported as skipped.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

export const LOOPBACK = '127.0.0.1';

/** A TCP port free on 127.0.0.1 right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no TCP port assigned'))));
    });
  });
}

function udpBind(port: number): Promise<{ port: number; close: () => Promise<void> } | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => {
      sock.close();
      resolve(undefined);
    });
    sock.bind(port, LOOPBACK, () => {
      resolve({ port: sock.address().port, close: () => new Promise<void>((r) => sock.close(() => r())) });
    });
  });
}

/** A UDP port free on 127.0.0.1 right now. */
export async function freeUdpPort(): Promise<number> {
  const b = await udpBind(0);
  if (!b) throw new Error('no UDP port assigned');
  await b.close();
  return b.port;
}

/**
 * An even UDP port P with P+1 free too: RTP on P, RTCP on P+1 (RFC 3550 §11, and MediaMTX
 * expects the pair). Bounded number of attempts.
 */
export async function freeUdpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await udpBind(0);
    if (!first) continue;
    const even = first.port % 2 === 0 ? first.port : first.port + 1;
    await first.close();
    if (even + 1 > 65535) continue;
    const a = await udpBind(even);
    const b = a && (await udpBind(even + 1));
    await a?.close();
    await b?.close();
    if (a && b) return even;
  }
  throw new Error('no free even/odd UDP port pair found on 127.0.0.1 after 50 attempts');
}
