// Windows Firewall help: the netsh commands for the listeners a real engine would open, and the
// WebRTC UDP range exactly as servers/webrtc/udp-port-range.ts computes it.
import { describe, expect, it } from 'vitest';
import type { ListenerStatus } from '../../../src/shared/api';
import { defaultConfig, type Config } from '../../../src/shared/config';
import { createEngine } from '../../../src/main/engine/engine';
import { WEBRTC_UDP_PORT_COUNT, webrtcUdpPortRange } from '../../../src/main/engine/servers/webrtc/udp-port-range';
import {
  firewallPlan, listenerHost, netshAddRule, netshDeleteRule, netshScript, WEBRTC_UDP_PORTS,
} from '../../../src/renderer/src/features/diagnostics/firewall-rules';

const statusOf = (over: Partial<Config> = {}) => createEngine({ config: { ...defaultConfig(), logDestinations: [], ...over } }).status();

describe('firewallPlan', () => {
  it('has one inbound rule per reachable listener of the default config, API left out (loopback)', () => {
    const plan = firewallPlan(statusOf().listeners);
    expect(plan.rules.map((r) => [r.listener, r.protocol, r.ports])).toEqual([
      ['rtsp', 'TCP', '8554'],
      ['rtp', 'UDP', '8000'],
      ['rtcp', 'UDP', '8001'],
      ['rtmp', 'TCP', '1935'],
      ['hls', 'TCP', '8888'],
      ['webrtc', 'TCP', '8889'],
      ['webrtcUdp', 'UDP', '8189-8444'],
    ]);
    expect(plan.localOnly.map((l) => l.name)).toEqual(['api']);
  });

  it('covers the whole WebRTC media range the engine binds', () => {
    expect(WEBRTC_UDP_PORTS).toBe(WEBRTC_UDP_PORT_COUNT);
    for (const address of [':8189', ':40000', ':65400']) {
      const rule = firewallPlan(statusOf({ webrtcLocalUDPAddress: address }).listeners).rules.find((r) => r.listener === 'webrtcUdp')!;
      const [first, last] = rule.ports.split('-').map(Number);
      const sessions = webrtcUdpPortRange({ webrtcLocalUDPAddress: address })!.ports;
      // The listener's claim port, then every port sessions use.
      expect(first).toBe(sessions[0] - 1);
      expect(last).toBe(sessions[1]);
      expect(last).toBeLessThanOrEqual(65535);
    }
  });

  it('follows the encryption modes and the enable switches', () => {
    const strict = firewallPlan(statusOf({ rtspEncryption: 'strict', rtmpEncryption: 'optional', hls: false, webrtc: false, api: false }).listeners);
    expect(strict.rules.map((r) => `${r.protocol} ${r.ports}`)).toEqual(['TCP 8322', 'TCP 1935', 'TCP 1936']);
    expect(strict.localOnly).toEqual([]);
    const lanApi = firewallPlan(statusOf({ apiAddress: ':9997', metrics: true, metricsAddress: '[::1]:9998' }).listeners);
    expect(lanApi.rules.map((r) => r.listener)).toContain('api');
    expect(lanApi.localOnly.map((l) => l.name)).toEqual(['metrics']);
  });

  it('reads the host of configured addresses', () => {
    expect(listenerHost(':8554')).toBe('');
    expect(listenerHost('127.0.0.1:9997')).toBe('127.0.0.1');
    expect(listenerHost('[::1]:9997')).toBe('::1');
    expect(listenerHost('192.168.1.5:8554')).toBe('192.168.1.5');
  });
});

describe('netsh commands', () => {
  const rtsp: ListenerStatus = { name: 'rtsp', label: 'RTSP', key: 'rtspAddress', protocol: 'tcp', address: ':8554', port: 8554, state: 'stopped' };
  const udp: ListenerStatus = { name: 'webrtcUdp', label: 'WebRTC media (UDP)', key: 'webrtcLocalUDPAddress', protocol: 'udp', address: ':8189', port: 8189, state: 'listening' };
  const [tcpRule, udpRule] = firewallPlan([rtsp, udp]).rules;

  it('adds an inbound allow rule for exactly the port, on private networks unless asked', () => {
    expect(netshAddRule(tcpRule)).toBe('netsh advfirewall firewall add rule name="Relaybox RTSP TCP 8554" dir=in action=allow protocol=TCP localport=8554 profile=private');
    expect(netshAddRule(udpRule, 'private,public')).toBe('netsh advfirewall firewall add rule name="Relaybox WebRTC media (UDP) UDP 8189-8444" dir=in action=allow protocol=UDP localport=8189-8444 profile=private,public');
  });

  it('removes the same rule by name, protocol and port', () => {
    expect(netshDeleteRule(tcpRule)).toBe('netsh advfirewall firewall delete rule name="Relaybox RTSP TCP 8554" dir=in protocol=TCP localport=8554');
  });

  it('joins the rules into a script for cmd.exe (CRLF), empty when there are none', () => {
    expect(netshScript([tcpRule, udpRule]).split('\r\n')).toEqual([netshAddRule(tcpRule), netshAddRule(udpRule), '']);
    expect(netshScript([])).toBe('');
  });

  it('never lets a label break out of the quoted name', () => {
    const [rule] = firewallPlan([{ ...rtsp, label: 'x" & del C:\\ & "' }]).rules;
    const cmd = netshAddRule(rule);
    expect(cmd.match(/"/g)).toHaveLength(2);
  });

  it('skips disabled listeners and port 0', () => {
    expect(firewallPlan([{ ...rtsp, state: 'disabled' }, { ...rtsp, port: 0 }]).rules).toEqual([]);
  });
});
