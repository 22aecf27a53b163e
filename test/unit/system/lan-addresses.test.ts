import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostForUrl, lanAddresses } from '../../../src/main/engine/system';

function info(address: string, family: 'IPv4' | 'IPv6', internal = false): os.NetworkInterfaceInfo {
  const base = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 };
}

describe('lanAddresses', () => {
  it('keeps reachable addresses, IPv4 first; drops loopback and IPv6 link-local', () => {
    const interfaces = {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      'Wi-Fi': [info('fe80::5d1c:2f0e:9a41:c3b7', 'IPv6'), info('2a02:810d:4b3f:f200::5', 'IPv6'), info('192.168.1.20', 'IPv4')],
      'vEthernet (WSL)': [info('172.29.16.1', 'IPv4')],
    };
    expect(lanAddresses(interfaces)).toEqual([
      { name: 'Wi-Fi', address: '192.168.1.20', family: 'IPv4' },
      { name: 'vEthernet (WSL)', address: '172.29.16.1', family: 'IPv4' },
      { name: 'Wi-Fi', address: '2a02:810d:4b3f:f200::5', family: 'IPv6' },
    ]);
  });

  it('reads Node 18.0-18.3 numeric families', () => {
    const legacy = { eth0: [{ ...info('10.0.0.7', 'IPv4'), family: 4 as unknown as 'IPv4' }] };
    expect(lanAddresses(legacy)).toEqual([{ name: 'eth0', address: '10.0.0.7', family: 'IPv4' }]);
  });

  it('reads this machine without throwing and never returns internal addresses', () => {
    for (const a of lanAddresses()) expect(['127.0.0.1', '::1']).not.toContain(a.address);
  });
});

describe('hostForUrl', () => {
  it.each([
    ['192.168.1.20', '192.168.1.20'],
    ['2a02:810d::5', '[2a02:810d::5]'],
  ])('%s → %s', (address, host) => {
    expect(hostForUrl(address)).toBe(host);
  });
});
