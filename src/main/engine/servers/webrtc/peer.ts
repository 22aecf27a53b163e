// A werift RTCPeerConnection configured for this server (DESIGN §9): ICE servers from our config
// only (werift would ask Google's STUN server), loopback added to the host candidates (werift
// leaves it out), and the codecs we send named explicitly (werift defaults to VP8).
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCIceServer } from 'werift';
import type { Config } from '../../../../shared/config';
import { parseDuration } from '../../../../shared/config';

export interface PeerCodecs {
  /** fmtp of the offer's H.264 entry we chose (offer-codecs.ts). */
  h264Fmtp: string;
}

/** webrtcICEServers2 → RTCIceServer (entries marked clientOnly are for the pages, not for us). */
export function iceServersOf(config: Config): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of config.webrtcICEServers2 ?? []) {
    if (s.clientOnly) continue;
    out.push({ urls: s.url, username: s.username || undefined, credential: s.password || undefined });
  }
  return out;
}

/** Hosts offered besides the interface addresses: loopback (so local players work) and webrtcAdditionalHosts. */
function additionalHosts(config: Config): string[] {
  return [...new Set(['127.0.0.1', ...(config.webrtcAdditionalHosts ?? [])])];
}

export function createPeer(config: Config, codecs: PeerCodecs): RTCPeerConnection {
  let stunTimeoutS = 5;
  try { stunTimeoutS = parseDuration(config.webrtcSTUNGatherTimeout) / 1000; } catch { /* keep the default */ }
  return new RTCPeerConnection({
    iceServers: iceServersOf(config),
    iceAdditionalHostAddresses: additionalHosts(config),
    iceStunGatherTimeout: stunTimeoutS,
    // Only interface addresses when the user wants them; loopback and additional hosts stay.
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
