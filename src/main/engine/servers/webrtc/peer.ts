// A werift RTCPeerConnection configured for this server (DESIGN §9): ICE servers from our config
// only (werift would ask Google's STUN server), exactly the host candidates of peer-network.ts
// (werift would enumerate every interface itself and leave loopback out), and the codecs we send
// named explicitly (werift defaults to VP8).
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCIceServer } from 'werift';
import type { Config } from '../../../../shared/config';
import { parseDuration } from '../../../../shared/config';
import type { PeerNetwork } from './peer-network';
import type { PeerSettings } from './peer-worker-messages';

export interface PeerCodecs {
  /** fmtp of the offer's H.264 entry we chose (offer-codecs.ts). */
  h264Fmtp: string;
}

/** webrtcICEServers2 → RTCIceServer (entries marked clientOnly are for the pages, not for us). */
export function iceServersOf(config: Pick<Config, 'webrtcICEServers2'>): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of config.webrtcICEServers2 ?? []) {
    if (s.clientOnly) continue;
    out.push({ urls: s.url, username: s.username || undefined, credential: s.password || undefined });
  }
  return out;
}

/** No host candidate could be gathered (no address to offer, or no free port in the range): 503. */
export class NoCandidatesError extends Error {}

export function createPeer(config: PeerSettings, codecs: PeerCodecs, network: PeerNetwork): RTCPeerConnection {
  if (network.hosts.length === 0) {
    throw new NoCandidatesError('no ICE host candidate to offer: enable webrtcIPsFromInterfaces (check webrtcIPsFromInterfacesList) or set webrtcAdditionalHosts');
  }
  let stunTimeoutS = 5;
  try { stunTimeoutS = parseDuration(config.webrtcSTUNGatherTimeout) / 1000; } catch { /* keep the default */ }
  return new RTCPeerConnection({
    iceServers: iceServersOf(config),
    // werift's own interface enumeration is off (it has no per-interface choice and drops
    // loopback); every host candidate comes from iceAdditionalHostAddresses.
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: network.hosts,
    ...(network.portRange ? { icePortRange: network.portRange } : {}),
    ...(network.bindAddress ? { iceInterfaceAddresses: { udp4: network.bindAddress } } : {}),
    iceStunGatherTimeout: stunTimeoutS,
    iceUseLinkLocalAddress: false,
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/H264',
          clockRate: 90000,
          parameters: codecs.h264Fmtp,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }],
        }),
      ],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
  });
}

/**
 * Within a port range werift probes a free port, closes it and binds it again (findPort): two
 * peers gathering at once can pick the same port, and the second bind's EADDRINUSE is an
 * unhandled socket error inside werift. So peers of this process gather one at a time.
 */
let gathering: Promise<unknown> = Promise.resolve();

/** setLocalDescription (which gathers every host candidate), serialized; throws NoCandidatesError if none came. */
export function setLocalAndGather(pc: RTCPeerConnection, description: Parameters<RTCPeerConnection['setLocalDescription']>[0], network: PeerNetwork): Promise<string> {
  const run = async (): Promise<string> => {
    await pc.setLocalDescription(description);
    const sdp = pc.localDescription?.sdp ?? '';
    if (!/\r?\na=candidate:/.test(sdp)) {
      const where = network.portRange ? ` in UDP ports ${network.portRange[0]}–${network.portRange[1]} (webrtcLocalUDPAddress)` : '';
      throw new NoCandidatesError(`no ICE candidate could be gathered${where}: too many sessions, or the ports are taken`);
    }
    return sdp;
  };
  return withGatheringLock(network, run);
}

/**
 * Runs `gather` after every earlier gathering of this thread in the port range. Peers in worker
 * threads gather in their own module instance: the pool (peer-worker-pool.ts) runs each worker's
 * whole answer under this lock of the main thread, so WHIP and WHEP peers never race either.
 */
export function withGatheringLock<T>(network: PeerNetwork, gather: () => Promise<T>): Promise<T> {
  if (!network.portRange) return gather();
  const next = gathering.then(gather, gather);
  gathering = next.catch(() => undefined);
  return next;
}
