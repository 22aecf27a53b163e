// The per-stream RTP state every packetizer shares: SSRC, sequence numbers and the mapping from
// track timestamps to RTP timestamps (RFC 3550 §5.1: random initial values), kept continuous
// when a new publisher's timestamps start over.
import { randomBytes } from 'node:crypto';
import { RtpError } from './errors';
import { RTP_HEADER_SIZE, writeRtpFixedHeader } from './packet';

export interface RtpPacketizerOptions {
  payloadType: number;
  /** Random when absent (RFC 3550 §8.1). */
  ssrc?: number;
  /** Random when absent (§5.1: "should be random"). */
  initialSequence?: number;
  /** RTP timestamp of track timestamp 0; random when absent. */
  initialTimestamp?: number;
  /**
   * Largest UDP payload, i.e. the whole RTP packet (12-byte header included), as MediaMTX's
   * `udpMaxPayloadSize` means it: default 1452; 1200 for WebRTC (room for SRTP and TURN).
   */
  maxPayloadSize?: number;
}

export const DEFAULT_MAX_PAYLOAD_SIZE = 1452;
export const WEBRTC_MAX_PAYLOAD_SIZE = 1200;

function random32(): number {
  return randomBytes(4).readUInt32BE(0);
}

export class RtpSequencer {
  readonly ssrc: number;
  readonly payloadType: number;
  /** Largest RTP payload: maxPayloadSize minus the 12-byte header. */
  readonly maxRtpPayloadSize: number;
  nextSequenceNumber: number;
  private offset: number;
  private lastRtpTimestamp: number | undefined;

  constructor(
    opts: RtpPacketizerOptions,
    readonly clockRate: number,
  ) {
    if (!Number.isInteger(opts.payloadType) || opts.payloadType < 0 || opts.payloadType > 127) {
      throw new RtpError('INVALID', `payload type ${opts.payloadType} out of range 0–127`);
    }
    const maxPayloadSize = opts.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE;
    // Below ~32 bytes not even an FU header and a few NAL bytes fit; refuse instead of looping.
    if (!Number.isInteger(maxPayloadSize) || maxPayloadSize < RTP_HEADER_SIZE + 20 || maxPayloadSize > 65535) {
      throw new RtpError('INVALID', `maxPayloadSize ${maxPayloadSize}; must be 32–65535`);
    }
    this.payloadType = opts.payloadType;
    this.ssrc = (opts.ssrc ?? random32()) >>> 0;
    this.nextSequenceNumber = (opts.initialSequence ?? random32()) & 0xffff;
    this.offset = (opts.initialTimestamp ?? random32()) >>> 0;
    this.maxRtpPayloadSize = maxPayloadSize - RTP_HEADER_SIZE;
  }

  /** RTP timestamp for a track timestamp (pts), modulo 2^32. */
  rtpTimestamp(pts: number): number {
    return (this.offset + pts) >>> 0;
  }

  /** The RTP timestamp of the last packet built, if any. */
  get lastTimestamp(): number | undefined {
    return this.lastRtpTimestamp;
  }

  /**
   * A new publisher starts: map its track timestamp `nextPts` to `gap` ticks after the last RTP
   * timestamp sent, so readers see one continuous stream (sequence numbers continue anyway).
   */
  rebase(nextPts: number, gap: number): void {
    if (this.lastRtpTimestamp === undefined) return;
    this.offset = (this.lastRtpTimestamp + gap - nextPts) >>> 0;
  }

  /** Allocates a packet with its fixed header written; the caller fills the payload at 12. */
  packet(payloadSize: number, marker: boolean, rtpTimestamp: number): Buffer {
    const out = Buffer.allocUnsafe(RTP_HEADER_SIZE + payloadSize);
    writeRtpFixedHeader(out, marker, this.payloadType, this.nextSequenceNumber, rtpTimestamp, this.ssrc);
    this.nextSequenceNumber = (this.nextSequenceNumber + 1) & 0xffff;
    this.lastRtpTimestamp = rtpTimestamp;
    return out;
  }
}
