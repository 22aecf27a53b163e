import { describe, expect, it } from 'vitest';
import { netstatOwnerPid, parseNetstatWindows, type PortProtocol } from '../../../src/main/engine/system';
import { fixtureBytes, fixtureLatin1 } from './read-fixture';

describe('parseNetstatWindows', () => {
  it.each([
    'windows-netstat-tcp-en.txt',
    'windows-netstat-tcpv6-en.txt',
    'windows-netstat-udp-en.txt',
    'windows-netstat-tcp-de-cp850.txt',
  ])('%s keeps its CRLF line endings', (name) => {
    expect(fixtureBytes(name).includes('\r\n')).toBe(true);
  });

  it('reads every data row of an English -p TCP capture and nothing of the headers', () => {
    const rows = parseNetstatWindows(fixtureLatin1('windows-netstat-tcp-en.txt'));
    expect(rows).toHaveLength(15);
    expect(rows[0]).toEqual({
      protocol: 'tcp',
      localHost: '0.0.0.0',
      localPort: 135,
      foreign: '0.0.0.0:0',
      state: 'LISTENING',
      listening: true,
      pid: 1104,
    });
    const established = rows.find((r) => r.localPort === 52311)!;
    expect(established).toMatchObject({ localHost: '192.168.1.20', listening: false, state: 'ESTABLISHED', pid: 5124 });
  });

  it('reads IPv6 rows: [::], [::1], link-local with a zone, long global addresses', () => {
    const rows = parseNetstatWindows(fixtureLatin1('windows-netstat-tcpv6-en.txt'));
    expect(rows.map((r) => [r.localHost, r.localPort, r.listening])).toEqual([
      ['::', 135, true],
      ['::', 445, true],
      ['::', 1935, true],
      ['::', 8888, true],
      ['::', 49664, true],
      ['::1', 8889, true],
      ['::1', 8889, false],
      ['::1', 62011, false],
      ['fe80::5d1c:2f0e:9a41:c3b7%12', 139, true],
      ['2a02:810d:4b3f:f200:b1e4:7a02:c9d1:3e55', 62030, false],
    ]);
  });

  it('reads UDP rows, which have no state column', () => {
    const rows = parseNetstatWindows(fixtureLatin1('windows-netstat-udp-en.txt'));
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.protocol === 'udp' && r.state === '' && !r.listening)).toBe(true);
    expect(rows.find((r) => r.localPort === 59950)).toMatchObject({ foreign: '127.0.0.1:59950', pid: 2272 });
    const v6 = parseNetstatWindows(fixtureLatin1('windows-netstat-udpv6-en.txt'));
    expect(v6.map((r) => `${r.localHost}/${r.localPort}/${r.pid}`)).toEqual([
      '::/500/4920',
      '::/5353/2280',
      '::/8189/14076',
      '::1/1900/5096',
      'fe80::5d1c:2f0e:9a41:c3b7%12/1900/5096',
    ]);
  });

  it('finds listeners on translated Windows without knowing the words (German cp850, Chinese cp950)', () => {
    const de = parseNetstatWindows(fixtureLatin1('windows-netstat-tcp-de-cp850.txt'));
    expect(de).toHaveLength(7);
    expect(de.filter((r) => r.listening).map((r) => r.localPort)).toEqual([135, 445, 8554, 9997]);
    const tw = parseNetstatWindows(fixtureLatin1('windows-netstat-tcpv6-zh-tw-cp950.txt'));
    expect(tw.filter((r) => r.listening).map((r) => [r.localPort, r.pid])).toEqual([
      [135, 1196],
      [8554, 17072],
      [49669, 3368],
    ]);
  });
});

describe('netstatOwnerPid', () => {
  const tcp = [
    ...parseNetstatWindows(fixtureLatin1('windows-netstat-tcp-en.txt')),
    ...parseNetstatWindows(fixtureLatin1('windows-netstat-tcpv6-en.txt')),
  ];
  const udp = [
    ...parseNetstatWindows(fixtureLatin1('windows-netstat-udp-en.txt')),
    ...parseNetstatWindows(fixtureLatin1('windows-netstat-udpv6-en.txt')),
  ];
  it.each<[PortProtocol, number, number | undefined, string]>([
    ['tcp', 1935, 9412, 'IPv4 and IPv6 listener of one process'],
    ['tcp', 8554, 15880, 'held on 127.0.0.1 only'],
    ['tcp', 8888, 14076, 'IPv6 only ([::])'],
    ['tcp', 8889, 14076, '[::1] only'],
    ['tcp', 445, 4, 'System (HTTP.sys/SMB)'],
    ['tcp', 62011, undefined, 'a client socket does not hold a listening port'],
    ['tcp', 443, undefined, 'a port that appears only as a foreign address'],
    ['tcp', 52320, undefined, 'TIME_WAIT under PID 0'],
    ['udp', 8000, 15880, 'unconnected UDP'],
    ['udp', 54065, 6220, 'connected UDP still holds its port'],
    ['udp', 8189, 14076, 'UDP on [::] only'],
    ['udp', 1935, undefined, 'nothing on UDP 1935'],
  ])('%s %i → %s (%s)', (protocol, port, pid) => {
    expect(netstatOwnerPid(protocol === 'tcp' ? tcp : udp, protocol, port)).toBe(pid);
  });
});
