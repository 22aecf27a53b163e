// The table of every socket the engine opens: which config keys enable and address it, and which
// keys force a restart when they change (the hot-reload diff, like mediamtx core.closeResources).
import { parseAddress, type Config } from '../../shared/config';
import type { ListenerName } from '../../shared/api';

export interface ListenerDef {
  name: ListenerName;
  label: string;
  /** Config key holding the address. */
  key: keyof Config & string;
  protocol: 'tcp' | 'udp';
  /** Control-plane listeners stay up when the user stops the media server. */
  control: boolean;
  enabled(c: Config): boolean;
  /** Config keys (besides `key`) whose change restarts this listener. A trailing * is a prefix. */
  restartOn: string[];
}

const has = (list: unknown, v: string) => Array.isArray(list) && list.includes(v);
/** rtspEncryption "strict" closes plain RTSP and its UDP ports: only RTSPS remains (as MediaMTX). */
const plainRtsp = (c: Config) => !!c.rtsp && c.rtspEncryption !== 'strict';

export const LISTENERS: readonly ListenerDef[] = [
  { name: 'rtsp', label: 'RTSP', key: 'rtspAddress', protocol: 'tcp', control: false,
    enabled: plainRtsp, restartOn: ['rtsp', 'rtspTransports', 'rtspEncryption', 'rtspAuthMethods'] },
  { name: 'rtsps', label: 'RTSPS (RTSP over TLS)', key: 'rtspsAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.rtsp && c.rtspEncryption !== 'no', restartOn: ['rtsp', 'rtspTransports', 'rtspEncryption', 'rtspAuthMethods', 'rtspServerKey', 'rtspServerCert'] },
  { name: 'rtp', label: 'RTP (RTSP over UDP)', key: 'rtpAddress', protocol: 'udp', control: false,
    enabled: (c) => plainRtsp(c) && has(c.rtspTransports, 'udp'), restartOn: ['rtsp', 'rtspTransports', 'rtspEncryption'] },
  { name: 'rtcp', label: 'RTCP (RTSP over UDP)', key: 'rtcpAddress', protocol: 'udp', control: false,
    enabled: (c) => plainRtsp(c) && has(c.rtspTransports, 'udp'), restartOn: ['rtsp', 'rtspTransports', 'rtspEncryption'] },
  { name: 'rtmp', label: 'RTMP', key: 'rtmpAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.rtmp && c.rtmpEncryption !== 'strict', restartOn: ['rtmp', 'rtmpEncryption'] },
  { name: 'rtmps', label: 'RTMPS (RTMP over TLS)', key: 'rtmpsAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.rtmp && c.rtmpEncryption !== 'no', restartOn: ['rtmp', 'rtmpEncryption', 'rtmpServerKey', 'rtmpServerCert'] },
  { name: 'hls', label: 'HLS + HTTP-FLV', key: 'hlsAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.hls, restartOn: ['hls', 'hlsEncryption', 'hlsServerKey', 'hlsServerCert', 'hlsVariant', 'hlsSegmentCount', 'hlsSegmentDuration', 'hlsPartDuration', 'hlsSegmentMaxSize', 'hlsAllowOrigins', 'hlsTrustedProxies', 'hlsAlwaysRemux', 'hlsMuxerCloseAfter', 'hlsDirectory'] },
  { name: 'webrtc', label: 'WebRTC (WHIP/WHEP)', key: 'webrtcAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.webrtc, restartOn: ['webrtc', 'webrtc*'] },
  { name: 'webrtcUdp', label: 'WebRTC media (UDP)', key: 'webrtcLocalUDPAddress', protocol: 'udp', control: false,
    enabled: (c) => !!c.webrtc && !!c.webrtcLocalUDPAddress, restartOn: ['webrtc'] },
  { name: 'playback', label: 'Playback (recordings)', key: 'playbackAddress', protocol: 'tcp', control: false,
    enabled: (c) => !!c.playback, restartOn: ['playback', 'playbackEncryption', 'playbackServerKey', 'playbackServerCert'] },
  { name: 'api', label: 'Control API', key: 'apiAddress', protocol: 'tcp', control: true,
    enabled: (c) => !!c.api, restartOn: ['api', 'apiEncryption', 'apiServerKey', 'apiServerCert'] },
  { name: 'metrics', label: 'Metrics', key: 'metricsAddress', protocol: 'tcp', control: true,
    enabled: (c) => !!c.metrics, restartOn: ['metrics', 'metricsEncryption', 'metricsServerKey', 'metricsServerCert'] },
];

function matches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : pattern === key;
}

/** Which listeners must restart when these global keys changed. */
export function listenersAffectedBy(changedKeys: readonly string[]): Set<ListenerName> {
  const out = new Set<ListenerName>();
  for (const def of LISTENERS) {
    if (changedKeys.some((k) => k === def.key || def.restartOn.some((p) => matches(p, k)))) out.add(def.name);
  }
  return out;
}

/** Every enabled listener's port, for the port doctor (`relaybox check-ports`, GUI). */
export function portSpecs(c: Config): { key: string; label: string; protocol: 'tcp' | 'udp'; host: string; port: number }[] {
  const out = [];
  for (const def of LISTENERS) {
    if (!def.enabled(c)) continue;
    try {
      const { host, port } = parseAddress(String(c[def.key]));
      out.push({ key: def.key, label: def.label, protocol: def.protocol, host, port });
    } catch {
      // An unparsable address is reported by config validation, not here.
    }
  }
  return out;
}
