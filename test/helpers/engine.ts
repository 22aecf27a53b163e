// A real engine on free loopback ports, for integration tests.
import { defaultConfig, type Config } from '../../src/shared/config';
import { freePorts } from './ports';

export interface TestPorts {
  rtsp: number; rtp: number; rtcp: number; rtmp: number; hls: number; webrtc: number; webrtcUdp: number; api: number; metrics: number;
}

export async function testConfig(overrides: Partial<Config> = {}): Promise<{ config: Config; ports: TestPorts }> {
  const [rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics] = await freePorts(9);
  const ports = { rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics };
  const a = (p: number) => `127.0.0.1:${p}`;
  const config: Config = {
    ...defaultConfig(),
    logDestinations: [],
    rtspAddress: a(rtsp), rtpAddress: a(rtp), rtcpAddress: a(rtcp), rtmpAddress: a(rtmp),
    hlsAddress: a(hls), webrtcAddress: a(webrtc), webrtcLocalUDPAddress: a(webrtcUdp),
    apiAddress: a(api), metricsAddress: a(metrics),
    ...overrides,
  };
  return { config, ports };
}

/** YAML for the same settings, for CLI tests. */
export function testConfigYaml(ports: TestPorts, extra = ''): string {
  const a = (p: number) => `127.0.0.1:${p}`;
  return [
    `rtspAddress: ${a(ports.rtsp)}`, `rtpAddress: ${a(ports.rtp)}`, `rtcpAddress: ${a(ports.rtcp)}`,
    `rtmpAddress: ${a(ports.rtmp)}`, `hlsAddress: ${a(ports.hls)}`, `webrtcAddress: ${a(ports.webrtc)}`,
    `webrtcLocalUDPAddress: ${a(ports.webrtcUdp)}`, `apiAddress: ${a(ports.api)}`, `metricsAddress: ${a(ports.metrics)}`,
    extra,
  ].join('\n');
}
