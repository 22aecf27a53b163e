// probePort / findFreePort / checkPorts against real sockets held by this test process.
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPorts, findFreePort, probePort } from '../../../src/main/engine/system';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function holdTcp(host?: string, port = 0): Promise<number> {
  const server = net.createServer();
  server.listen({ port, host });
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

async function holdUdp(address: string): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.bind({ port: 0, address });
  await once(socket, 'listening');
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return socket.address().port;
}

/** Binds and releases `port` the way a server would; resolves to whether it worked. */
async function reallyBindsTcp(port: number): Promise<boolean> {
  const server = net.createServer();
  try {
    server.listen(port);
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('probePort', () => {
  it('says free for a port nobody holds and busy (EADDRINUSE) while we hold it', async () => {
    const port = await holdTcp();
    expect(await probePort('tcp', '', port)).toEqual({ free: false, code: 'EADDRINUSE' });
    await cleanups.pop()!();
    expect(await probePort('tcp', '', port)).toEqual({ free: true });
  });

  it('counts a TCP port held on 127.0.0.1 only as busy for all interfaces', async () => {
    const port = await holdTcp('127.0.0.1');
    expect(await probePort('tcp', '', port)).toEqual({ free: false, code: 'EADDRINUSE' });
  });

  it('counts a UDP port held on 127.0.0.1 only as busy for all interfaces', async () => {
    const port = await holdUdp('127.0.0.1');
    expect(await probePort('udp', '', port)).toEqual({ free: false, code: 'EADDRINUSE' });
    expect(await probePort('udp', '127.0.0.1', port)).toEqual({ free: false, code: 'EADDRINUSE' });
  });

  it('reports an address that is not ours (EADDRNOTAVAIL) and a bad port, without throwing', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    expect(await probePort('tcp', '192.0.2.1', 8554)).toEqual({ free: false, code: 'EADDRNOTAVAIL' });
    expect(await probePort('udp', '192.0.2.1', 8000)).toEqual({ free: false, code: 'EADDRNOTAVAIL' });
    expect(await probePort('tcp', '', 70000)).toEqual({ free: false, code: 'ERR_SOCKET_BAD_PORT' });
  });
});

describe('findFreePort', () => {
  it('returns a later port that really binds', async () => {
    const held = await holdTcp();
    const port = await findFreePort('tcp', '', held - 1);
    expect(port).toBeGreaterThan(held);
    expect(await reallyBindsTcp(port)).toBe(true);
  });

  it('skips excluded ports, given as a set or as options', async () => {
    const first = await findFreePort('tcp', '', 40000);
    const second = await findFreePort('tcp', '', 40000, new Set([first]));
    expect(second).toBeGreaterThan(first);
    expect(await findFreePort('tcp', '', 40000, { exclude: [first] })).toBe(second);
    expect(await reallyBindsTcp(second)).toBe(true);
  });

  it('gives up after maxTries with a message naming the range', async () => {
    const held = await holdTcp();
    await expect(findFreePort('tcp', '', held - 1, { maxTries: 1 })).rejects.toThrow(
      `no free TCP port in ${held}-${held}`,
    );
  });
});

describe('checkPorts', () => {
  it('does not suggest the port another spec of the same list wants', async () => {
    const held = await holdTcp();
    // The port a naive "next free" would offer: make another listener want it.
    const next = await findFreePort('tcp', '', held);
    const [busy, other] = await checkPorts([
      { key: 'rtmpAddress', label: 'RTMP', protocol: 'tcp', host: '', port: held },
      { key: 'hlsAddress', label: 'HLS', protocol: 'tcp', host: '', port: next },
    ]);
    expect(busy).toMatchObject({ free: false, owner: { pid: process.pid } });
    expect(other.free).toBe(true);
    expect(busy.suggestion).toBeGreaterThan(next);
    expect(await reallyBindsTcp(busy.suggestion!)).toBe(true);
  });

  it('flags two listeners configured on the same port', async () => {
    const port = await findFreePort('tcp', '', 41000);
    const checks = await checkPorts([
      { key: 'hlsAddress', label: 'HLS', protocol: 'tcp', host: '', port },
      { key: 'webrtcAddress', label: 'WebRTC', protocol: 'tcp', host: '127.0.0.1', port },
      { key: 'rtpAddress', label: 'RTP', protocol: 'udp', host: '', port },
    ]);
    expect(checks[0].free).toBe(true);
    expect(checks[1]).toMatchObject({ free: false, conflictsWith: 'hlsAddress' });
    expect(checks[1].error).toContain('same TCP port as hlsAddress');
    expect(checks[1].suggestion).not.toBe(port);
    expect(checks[2].free).toBe(true); // UDP and TCP ports do not collide
  });

  it('explains an address that is not on this machine and suggests nothing', async () => {
    const [check] = await checkPorts([{ key: 'apiAddress', label: 'API', protocol: 'tcp', host: '192.0.2.1', port: 9997 }]);
    expect(check).toMatchObject({ free: false, code: 'EADDRNOTAVAIL' });
    expect(check.suggestion).toBeUndefined();
    expect(check.error).toContain('192.0.2.1 is not an address of this machine');
  });
});
