import { describe, expect, it } from 'vitest';
import { lsofOwner, parseLsofFields } from '../../../src/main/engine/system';
import { fixtureUtf8 } from './read-fixture';

describe('parseLsofFields', () => {
  it.each([
    // Linux captures (same lsof field format as macOS); Node 24 names its main thread MainThread.
    ['linux-lsof-tcp-8554-listen.txt', [{ pid: 11465, command: 'MainThread', names: ['*:8554'] }]],
    [
      'linux-lsof-udp-8000.txt',
      [{ pid: 11465, command: 'MainThread', names: ['*:8000', '127.0.0.1:41234->127.0.0.1:8000'] }],
    ],
    ['macos-lsof-tcp-8554-listen.txt', [{ pid: 5123, command: 'node', names: ['*:8554'] }]],
    ['macos-lsof-tcp-7000-listen.txt', [{ pid: 512, command: 'ControlCenter', names: ['*:7000', '*:7000'] }]],
    ['macos-lsof-tcp-8889-listen-ipv6.txt', [{ pid: 6021, command: 'node', names: ['[::1]:8889'] }]],
    [
      'macos-lsof-udp-5353.txt',
      [
        { pid: 389, command: 'mDNSResponder', names: ['*:5353', '*:5353'] },
        { pid: 7211, command: 'Google Chrome Helper', names: ['*:5353', '*:5353'] },
      ],
    ],
  ])('%s', (name, expected) => {
    expect(parseLsofFields(fixtureUtf8(name))).toEqual(expected);
  });

  it('reads -F pc output (no names), skips unknown fields and tolerates CRLF', () => {
    expect(parseLsofFields('p42\r\ncnode\r\nf23\r\nL\r\nuroot\r\np43\ncother\n')).toEqual([
      { pid: 42, command: 'node', names: [] },
      { pid: 43, command: 'other', names: [] },
    ]);
  });

  it('gives nothing for empty output (lsof exits 1 then)', () => {
    expect(parseLsofFields('')).toEqual([]);
  });
});

describe('lsofOwner', () => {
  it.each([
    ['macos-lsof-tcp-7000-listen.txt', 7000, 512],
    ['macos-lsof-tcp-8889-listen-ipv6.txt', 8889, 6021],
    ['macos-lsof-udp-5353.txt', 5353, 389],
    ['linux-lsof-udp-8000.txt', 8000, 11465],
    ['macos-lsof-udp-53-remote-only.txt', 53, undefined],
  ])('%s port %i → PID %s', (name, port, pid) => {
    expect(lsofOwner(parseLsofFields(fixtureUtf8(name)), port)?.pid).toBe(pid);
  });
});
