// The messages between the WebRTC server (main thread) and a viewer-peer worker
// (peer-worker.ts). The main thread keeps signalling, the path reader and the RTP packetizing;
// a worker holds the werift peers (ICE, DTLS, SRTP: the per-viewer cost) of its viewers.
// RTP bytes cross once per worker (media-batch.ts), not once per viewer.
import type { Config } from '../../../../shared/config';
import type { PeerNetwork } from './peer-network';

/** The settings a worker needs to build a peer (peer.ts createPeer). */
export type PeerSettings = Pick<Config, 'webrtcICEServers2' | 'webrtcSTUNGatherTimeout'>;

export type MediaTrackKind = 'video' | 'audio';

/** `sizes` cut the batch's bytes into packets; each packet goes to every peer in `ids`. */
export interface RtpOp {
  t: 'rtp';
  track: MediaTrackKind;
  ids: number[];
  sizes: number[];
}

/** werift replaceRTP on a peer's video sender: the next packet continues `offset` ticks later. */
export interface TimelineOp {
  t: 'timeline';
  id: number;
  offset: number;
}

export type MediaOp = RtpOp | TimelineOp;

export type ToPeerWorker =
  | { t: 'open'; id: number; offer: string; h264Fmtp: string; settings: PeerSettings; network: PeerNetwork }
  | { t: 'close'; id: number }
  /** The main thread's port-range gathering lock is held for peer `id` (answers 'gather'). */
  | { t: 'gather-go'; id: number }
  /** One batch: the bytes of all its RTP ops back to back, in op order. */
  | { t: 'media'; seq: number; data: ArrayBuffer; ops: MediaOp[] };

export type FromPeerWorker =
  /** The worker loaded werift and takes peers. */
  | { t: 'ready' }
  | { t: 'answered'; id: number; sdp: string; video: boolean; audio: boolean }
  | { t: 'failed'; id: number; message: string; noCandidates: boolean }
  /** RTCPeerConnection.connectionState of a peer. */
  | { t: 'state'; id: number; state: string }
  /** The viewer sent RTCP (reported at most every RTCP_REPORT_MS per peer): it is alive. */
  | { t: 'rtcp'; id: number }
  /** RFC 4585 §6.3.1 picture loss indication from the viewer. */
  | { t: 'pli'; id: number }
  /**
   * Peer `id` is about to gather candidates in the port range, or is done with it: werift probes
   * a port then binds it (peer.ts), so gathering is serialized with every other thread's.
   */
  | { t: 'gather'; id: number }
  | { t: 'gather-done'; id: number }
  /** Media batch `seq` was handed to the peers. */
  | { t: 'done'; seq: number };

/** Liveness needs no finer grain: readTimeout is seconds, browsers send RTCP every second. */
export const RTCP_REPORT_MS = 200;
