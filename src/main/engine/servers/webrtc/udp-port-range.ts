// The WebRTC media ports (issue 6 item 3). MediaMTX serves every session on the one UDP port
// webrtcLocalUDPAddress (:8189), telling sessions apart by the ICE ufrag in STUN and then by
// remote address. werift cannot: each host candidate is its own UdpTransport that werift creates
// and binds itself (ice.js getCandidatePromises → StunProtocol.connectionMade), with no way to
// hand it a shared socket short of patching werift's module for the whole process.
//
// Decision: webrtcLocalUDPAddress is the first port of a bounded range of
// WEBRTC_UDP_PORT_COUNT ports; each session binds one port per host candidate in it (documented
// in the log and the report). Firewalls and NAT forwards open the range instead of one port.
// The `webrtcUdp` listener holds the first port while media runs: a second instance (or another
// program) on the same range is then reported like any other busy port, with its owner. Sessions
// use the ports after it.
import { parseAddress, type Config } from '../../../../shared/config';
import type { Logger } from '../../log/logger';
import { bindUdp, type RunningServer } from '../listen';

/** Ports in the range: 8189–8444 by default, below RTSP's 8554 and SRT's 8890. */
export const WEBRTC_UDP_PORT_COUNT = 256;

export interface WebrtcUdpRange {
  host: string;
  ports: [number, number];
}

/** The range webrtcLocalUDPAddress stands for, or null when it is "" (any free port). */
export function webrtcUdpPortRange(config: Pick<Config, 'webrtcLocalUDPAddress'>): WebrtcUdpRange | null {
  if (!config.webrtcLocalUDPAddress) return null;
  try {
    const { host, port } = parseAddress(config.webrtcLocalUDPAddress);
    if (port === 0) return null;
    return { host, ports: [port + 1, Math.min(65535, port + WEBRTC_UDP_PORT_COUNT - 1)] };
  } catch {
    // Reported by config validation.
    return null;
  }
}

/** The `webrtcUdp` listener: claims the first port of the range; sessions use the rest. */
export async function openWebrtcUdpRange(host: string, port: number, log: Logger): Promise<RunningServer> {
  const claim = await bindUdp(host, port);
  // Nothing is expected on the claim port; stray datagrams are read and dropped.
  claim.on('message', () => undefined);
  claim.on('error', (err) => log.warn(`WebRTC UDP port ${port}: ${err.message}`));
  const last = Math.min(65535, port + WEBRTC_UDP_PORT_COUNT - 1);
  log.info(`WebRTC media uses UDP ports ${port}–${last}, one per session and host candidate: werift cannot share one UDP port among sessions. Open or forward that range (not only ${port}) for clients outside this machine.`);
  return { close: () => new Promise<void>((resolve) => claim.close(() => resolve())) };
}
