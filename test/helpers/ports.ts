// Free loopback ports for tests: each is free for TCP and UDP at the moment it is returned.
import dgram from 'node:dgram';
import net from 'node:net';

const handedOut = new Set<number>();

function tcpFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => { s.close(); resolve(false); });
    s.bind({ port, address: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await tcpFree(0);
    if (handedOut.has(p) || !(await udpFree(p))) continue;
    handedOut.add(p);
    return p;
  }
  throw new Error('no free port found in 50 tries');
}

export async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await freePort());
  return out;
}
