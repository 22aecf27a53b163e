import { describe, expect, it } from 'vitest';
import {
  decodeProcNetEndpoint,
  parseProcNet,
  procNetSocketInodes,
  TCP_LISTEN,
  type PortProtocol,
} from '../../../src/main/engine/system';
import { fixtureUtf8 } from './read-fixture';

// Captured on Linux 6.x (x86_64) while one Node process listened on TCP [::]:8554,
// 0.0.0.0:1935, 127.0.0.1:9997, [::1]:8889, UDP 0.0.0.0:8000, 0.0.0.0:8001, [::]:8189, had
// a TCP client connected to 8554 and a UDP socket 127.0.0.1:41234 connected to :8000.
const tcp = parseProcNet(fixtureUtf8('linux-proc-net-tcp.txt'));
const tcp6 = parseProcNet(fixtureUtf8('linux-proc-net-tcp6.txt'));
const udp = parseProcNet(fixtureUtf8('linux-proc-net-udp.txt'));
const udp6 = parseProcNet(fixtureUtf8('linux-proc-net-udp6.txt'));

describe('parseProcNet', () => {
  it('reads IPv4 TCP rows (header skipped)', () => {
    expect(tcp.map((r) => [r.localAddress, r.localPort, r.state, r.inode])).toEqual([
      ['127.0.0.1', 9997, TCP_LISTEN, 16210],
      ['0.0.0.0', 1935, TCP_LISTEN, 16209],
      ['0.0.0.0', 2024, TCP_LISTEN, 631],
      ['127.0.0.1', 50914, 1, 16216],
    ]);
    expect(tcp[3]).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: 8554, uid: 0 });
  });

  it('reads IPv6 TCP rows: ::, ::1 and v4-mapped', () => {
    expect(tcp6.map((r) => [r.localAddress, r.localPort, r.state])).toEqual([
      ['::', 8554, TCP_LISTEN],
      ['::1', 8889, TCP_LISTEN],
      ['::ffff:127.0.0.1', 8554, 1],
    ]);
  });

  it('reads UDP rows: unconnected (7) and connected (1)', () => {
    expect(udp.map((r) => [r.localAddress, r.localPort, r.state, r.remotePort])).toEqual([
      ['0.0.0.0', 8000, 7, 0],
      ['0.0.0.0', 8001, 7, 0],
      ['127.0.0.1', 41234, 1, 8000],
    ]);
    expect(udp6.map((r) => [r.localAddress, r.localPort, r.inode])).toEqual([['::', 8189, 16214]]);
  });
});

describe('procNetSocketInodes', () => {
  it.each<[PortProtocol, number, number[], string]>([
    ['tcp', 8554, [16208], 'the listener, not the accepted connection on the same port'],
    ['tcp', 9997, [16210], '127.0.0.1 only'],
    ['tcp', 8889, [16211], '::1 only'],
    ['tcp', 50914, [], 'a client socket is no listener'],
    ['udp', 8000, [16212], 'UDP, not the socket whose remote end is 8000'],
    ['udp', 41234, [16215], 'a connected UDP socket holds its port'],
    ['udp', 8189, [16214], 'UDP on ::'],
    ['udp', 1935, [], 'nothing'],
  ])('%s %i → %j (%s)', (protocol, port, inodes) => {
    const rows = protocol === 'tcp' ? [...tcp, ...tcp6] : [...udp, ...udp6];
    expect(procNetSocketInodes(rows, protocol, port)).toEqual(inodes);
  });

  it('ignores sockets without an inode (TIME_WAIT)', () => {
    const rows = parseProcNet(
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
        '   5: 0100007F:216A 0100007F:C6E2 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000\n',
    );
    expect(rows).toHaveLength(1);
    expect(procNetSocketInodes(rows, 'udp', 8554)).toEqual([]);
  });
});

describe('decodeProcNetEndpoint', () => {
  it.each([
    ['0100007F:1F90', true, '127.0.0.1', 8080],
    ['0101A8C0:0050', true, '192.168.1.1', 80],
    ['C0A80101:0050', false, '192.168.1.1', 80],
    ['00000000000000000000000001000000:22B9', true, '::1', 8889],
    ['0000000000000000FFFF00000100007F:216A', true, '::ffff:127.0.0.1', 8554],
    ['B80D0120000000000000000001000000:0035', true, '2001:db8::1', 53],
    ['000080FE00000000FF8F3402FE4D1DFE:14E9', true, 'fe80::234:8fff:fe1d:4dfe', 5353],
    ['20010DB8000000000000000000000001:0035', false, '2001:db8::1', 53],
  ])('%s (little-endian %s) → %s:%i', (text, littleEndian, address, port) => {
    expect(decodeProcNetEndpoint(text, littleEndian)).toEqual({ address, port });
  });

  it.each(['', '0100007F', '0100007F:1F9', 'ZZ00007F:1F90', '0100007F00:1F90'])('rejects %j', (text) => {
    expect(decodeProcNetEndpoint(text)).toBeUndefined();
  });
});
