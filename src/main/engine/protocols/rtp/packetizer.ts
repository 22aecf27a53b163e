// The packetizer contract and its factory. A packetizer turns one access unit into complete RTP
// packets, once per stream; the server wraps it in an OutputFormat ("rtp-h264/1452") and shares
// the Buffers among all readers of that format (DESIGN §6).
import type { AccessUnit, Track } from '../media/types';
import { RtpError } from './errors';
import { AacPacketizer } from './aac-packetizer';
import { H264Packetizer, type H264PacketizerOptions } from './h264-packetizer';
import { H265Packetizer } from './h265-packetizer';
import { OpusPacketizer } from './opus-packetizer';

export type { RtpPacketizerOptions } from './rtp-sequencer';
export { DEFAULT_MAX_PAYLOAD_SIZE, WEBRTC_MAX_PAYLOAD_SIZE } from './rtp-sequencer';

export interface RtpPacketizer {
  /** Complete RTP packets for one access unit, in send order; [] when there is nothing to send. */
  packetize(au: AccessUnit): Buffer[];
  readonly ssrc: number;
  readonly payloadType: number;
  readonly clockRate: number;
  /** The sequence number the next packet will carry. */
  readonly nextSequenceNumber: number;
  /** RTP timestamp of the last packet sent (for RTP-Info and sender reports). */
  readonly lastTimestamp: number | undefined;
  /** RTP timestamp that a track timestamp maps to. */
  rtpTimestamp(pts: number): number;
  /**
   * A new publisher took over the path: its first unit (track timestamp `nextPts`) goes out
   * `gap` ticks after the last one sent (default: one 30 fps frame for video, 20 ms for audio).
   */
  rebase(nextPts: number, gap?: number): void;
}

/** Options for createPacketizer; `prependParameterSets` applies to H.264/H.265. */
export type CreatePacketizerOptions = H264PacketizerOptions;

export function createPacketizer(track: Track, opts: CreatePacketizerOptions): RtpPacketizer {
  if (track.kind === 'video') {
    if (track.codec === 'H264') return new H264Packetizer(track, opts);
    if (track.codec === 'H265') return new H265Packetizer(track, opts);
  } else {
    if (track.codec === 'AAC') return new AacPacketizer(track, opts);
    if (track.codec === 'Opus') return new OpusPacketizer(track, opts);
  }
  throw new RtpError('UNSUPPORTED', `no RTP packetizer for ${track.kind} codec ${track.codec}`);
}

/** Default rebase gap: one 30 fps frame for video, 20 ms for audio. */
export function defaultRebaseGap(track: Track): number {
  return track.kind === 'video' ? 3000 : Math.round(track.clockRate / 50);
}
