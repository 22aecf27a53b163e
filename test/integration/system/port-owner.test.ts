// A real child process holds a TCP and a UDP port on 127.0.0.1; we must see it busy, name it
// by PID and executable, and offer a port that is free.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPorts,
  findPortOwner,
  formatPortTable,
  parseSsSockets,
  probePort,
  type PortProtocol,
} from '../../../src/main/engine/system';
import { startPortHolder, type PortHolder } from './port-holder';

// "node" (Linux/macOS) or "node.exe" (Windows): the name of the binary running the child.
const NODE_NAME = path.basename(realpathSync(process.execPath));

let holder: PortHolder;
beforeAll(async () => {
  holder = await startPortHolder();
});
afterAll(async () => {
  await holder?.stop();
});

function heldPort(protocol: PortProtocol): number {
  return protocol === 'tcp' ? holder.tcpPort : holder.udpPort;
}

describe.each(['tcp', 'udp'] as const)('a %s port held by a child process on 127.0.0.1', (protocol) => {
  it('is busy for 127.0.0.1 and for all interfaces', async () => {
    const port = heldPort(protocol);
    expect(await probePort(protocol, '127.0.0.1', port)).toEqual({ free: false, code: 'EADDRINUSE' });
    expect(await probePort(protocol, '', port)).toEqual({ free: false, code: 'EADDRINUSE' });
  });

  it('is owned by the child: its PID and executable name', async () => {
    const owner = await findPortOwner(protocol, heldPort(protocol));
    expect(owner).toMatchObject({ pid: holder.pid, name: NODE_NAME });
    if (process.platform === 'linux') expect(owner?.command).toContain(' -e ');
  });

  it('checkPorts names the owner and suggests a free port that collides with no other spec', async () => {
    const port = heldPort(protocol);
    const other = { key: 'otherAddress', label: 'Other', protocol, host: '', port: port + 1 };
    const [check, otherCheck] = await checkPorts([{ key: 'rtspAddress', label: 'RTSP', protocol, host: '', port }, other]);
    expect(check).toMatchObject({ free: false, code: 'EADDRINUSE', owner: { pid: holder.pid, name: NODE_NAME } });
    expect(check.suggestion).toBeDefined();
    expect(check.suggestion).not.toBe(port);
    expect(check.suggestion).not.toBe(other.port);
    expect(otherCheck.suggestion).not.toBe(check.suggestion);
    expect(await probePort(protocol, '', check.suggestion!)).toEqual({ free: true });
    expect(formatPortTable([check])).toContain(`held by ${NODE_NAME} (PID ${holder.pid}); try :${check.suggestion}`);
  });

  it.runIf(process.platform === 'linux' && hasSs())('agrees with iproute2 ss', () => {
    const port = heldPort(protocol);
    const args = ['-H', '-n', '-p', protocol === 'tcp' ? '-t' : '-u', protocol === 'tcp' ? '-l' : '-a'];
    const out = execFileSync('ss', [...args, 'sport', '=', `:${port}`], { encoding: 'utf8' });
    const pids = parseSsSockets(out).flatMap((s) => s.processes.map((p) => p.pid));
    expect(pids).toContain(holder.pid);
  });
});

describe('after the child exits', () => {
  it('both ports are free again and have no owner', async () => {
    const { tcpPort, udpPort } = holder;
    await holder.stop();
    expect(await probePort('tcp', '', tcpPort)).toEqual({ free: true });
    expect(await probePort('udp', '', udpPort)).toEqual({ free: true });
    expect(await findPortOwner('tcp', tcpPort)).toBeUndefined();
    expect(await findPortOwner('udp', udpPort)).toBeUndefined();
  });
});

function hasSs(): boolean {
  try {
    execFileSync('ss', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
