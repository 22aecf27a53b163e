// ICE host candidates and UDP ports: webrtcIPsFromInterfaces(List), webrtcAdditionalHosts and the
// webrtcLocalUDPAddress port range, as computed and as answered to a real werift viewer.
import type os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interfaceAddresses, peerNetworkOf } from '../../../src/main/engine/servers/webrtc/peer-network';
import { WEBRTC_UDP_PORT_COUNT, webrtcUdpPortRange } from '../../../src/main/engine/servers/webrtc/udp-port-range';
import { defaultConfig, type Config } from '../../../src/shared/config';
import { waitFor } from '../../helpers/ffmpeg';
import { httpRequest, wheperiftClient } from './clients';
import { publishedEngine, type PublishedEngine } from './published-engine';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, scopeid: family === 'IPv6' ? 0 : undefined }) as os.NetworkInterfaceInfo;

const INTERFACES: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6'), info('2001:db8::20', 'IPv6')],
  wlan0: [info('10.0.0.7', 'IPv4'), info('169.254.3.3', 'IPv4')],
};

const conf = (over: Partial<Config>): Config => ({ ...defaultConfig(), ...over });

describe('ICE host candidates', () => {
  it('takes every usable interface address, IPv4 first, without link-local ones', () => {
    expect(interfaceAddresses([], INTERFACES)).toEqual(['127.0.0.1', '192.168.1.20', '10.0.0.7', '::1', '2001:db8::20']);
  });

  it('keeps only the interfaces named in webrtcIPsFromInterfacesList', async () => {
    const n = await peerNetworkOf(conf({ webrtcIPsFromInterfacesList: ['eth0'], webrtcLocalUDPAddress: '' }), undefined, INTERFACES);
    expect(n.hosts).toEqual(['192.168.1.20', '2001:db8::20']);
    expect(n.portRange).toBeUndefined();
  });

  it('offers only webrtcAdditionalHosts when webrtcIPsFromInterfaces is off, resolving host names', async () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m) } as unknown as Parameters<typeof peerNetworkOf>[1];
    const n = await peerNetworkOf(conf({ webrtcIPsFromInterfaces: false, webrtcAdditionalHosts: ['203.0.113.9', 'localhost', 'no-such-host.invalid'] }), log, INTERFACES);
    expect(n.hosts).toContain('203.0.113.9');
    expect(n.hosts.some((h) => h === '127.0.0.1' || h === '::1')).toBe(true);
    expect(n.hosts).not.toContain('192.168.1.20');
    expect(warnings.join('\n')).toMatch(/no-such-host\.invalid.*does not resolve/);
  });

  it('turns webrtcLocalUDPAddress into a bounded port range; a bound host limits the interface addresses', async () => {
    expect(webrtcUdpPortRange(conf({}))).toEqual({ host: '', ports: [8190, 8189 + WEBRTC_UDP_PORT_COUNT - 1] });
    expect(webrtcUdpPortRange(conf({ webrtcLocalUDPAddress: '' }))).toBeNull();
    const n = await peerNetworkOf(conf({ webrtcLocalUDPAddress: '192.168.1.20:9000', webrtcAdditionalHosts: ['203.0.113.9'] }), undefined, INTERFACES);
    expect(n).toEqual({ hosts: ['192.168.1.20', '203.0.113.9'], portRange: [9001, 9000 + WEBRTC_UDP_PORT_COUNT - 1], bindAddress: '192.168.1.20' });
  });
});

describe('WHEP answers with the configured candidates', () => {
  let t: PublishedEngine;

  beforeAll(async () => { t = await publishedEngine({ cam: { audio: false } }, { webrtcIPsFromInterfaces: false, webrtcAdditionalHosts: ['127.0.0.1'] }); });
  afterAll(async () => { await t?.stop(); });

  it('offers the additional host on ports of the range to concurrent viewers, which all play', async () => {
    const viewers = await Promise.all([0, 1, 2, 3].map(() => wheperiftClient(t.whep('cam'))));
    t.clients.push(...viewers);
    const seen = new Set<number>();
    for (const v of viewers) {
      expect(v.reply.status, v.reply.body).toBe(201);
      // Every m-line of the BUNDLE repeats the same candidates.
      const candidates = [...new Set([...v.reply.body.matchAll(/a=candidate:\S+ \d+ udp \d+ (\S+) (\d+) typ host/g)].map((c) => `${c[1]} ${c[2]}`))];
      expect(candidates).toHaveLength(1);
      const [host, port] = candidates[0].split(' ');
      expect(host).toBe('127.0.0.1');
      expect(Number(port)).toBeGreaterThanOrEqual(t.ports.webrtcUdp);
      expect(Number(port)).toBeLessThan(t.ports.webrtcUdp + WEBRTC_UDP_PORT_COUNT);
      seen.add(Number(port));
    }
    // Gathering is serialized: no two sessions got the same port.
    expect(seen.size).toBe(4);
    await waitFor(() => viewers.every((v) => v.frames > 0), 'every viewer plays', 100, 100);
    expect(t.engine.status().listeners.find((l) => l.name === 'webrtcUdp')).toMatchObject({ state: 'listening' });
  }, 40_000);

  it('answers 503 with the reason when there is no host to offer', async () => {
    await t.engine.reload({ ...t.engine.config, webrtcAdditionalHosts: [] });
    const r = await httpRequest(t.whep('cam'), {
      method: 'POST', headers: { 'Content-Type': 'application/sdp' },
      body: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\na=setup:actpass\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f\r\n',
    });
    expect(r.status, r.body).toBe(503);
    expect(r.body).toMatch(/webrtcIPsFromInterfaces|webrtcAdditionalHosts/);
  }, 20_000);
});
