import { describe, expect, it } from 'vitest';
import { parseSsSockets } from '../../../src/main/engine/system';
import { fixtureUtf8 } from './read-fixture';

describe('parseSsSockets', () => {
  it('reads `ss -H -l -n -t -p`, with and without a visible process', () => {
    const sockets = parseSsSockets(fixtureUtf8('linux-ss-tcp-listen.txt'));
    expect(sockets.map((s) => [s.state, s.localHost, s.localPort, s.processes.map((p) => p.pid)])).toEqual([
      ['LISTEN', '127.0.0.1', 9997, [11465]],
      ['LISTEN', '0.0.0.0', 1935, [11465]],
      ['LISTEN', '0.0.0.0', 2024, []],
      ['LISTEN', '*', 8554, [11465]],
      ['LISTEN', '::1', 8889, [11465]],
    ]);
    expect(sockets[0].processes).toEqual([{ name: 'MainThread', pid: 11465, fd: 24 }]);
  });

  it('reads `ss -H -a -n -u -p`, connected UDP included', () => {
    const sockets = parseSsSockets(fixtureUtf8('linux-ss-udp-all.txt'));
    expect(sockets.map((s) => [s.state, s.localPort])).toEqual([
      ['UNCONN', 8000],
      ['UNCONN', 8001],
      ['ESTAB', 41234],
      ['UNCONN', 8189],
    ]);
  });

  it.each([
    [
      'tcp   LISTEN 0      4096   127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=512,fd=14))',
      '127.0.0.53',
      53,
      [{ name: 'systemd-resolve', pid: 512, fd: 14 }],
    ],
    [
      'LISTEN 0 511 [::]:8554 [::]:* users:(("nginx",pid=900,fd=6),("nginx",pid=901,fd=6))',
      '::',
      8554,
      [
        { name: 'nginx', pid: 900, fd: 6 },
        { name: 'nginx', pid: 901, fd: 6 },
      ],
    ],
    ['UNCONN 0 0 [fe80::1%eth0]:546 [::]:*', 'fe80::1', 546, []],
  ])('%s', (line, host, port, processes) => {
    expect(parseSsSockets(line)).toEqual([{ state: expect.any(String), localHost: host, localPort: port, processes }]);
  });
});
