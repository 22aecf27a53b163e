// Opus over RTP (RFC 7587 §4.2): one Opus packet per RTP packet, timestamps at 48 kHz. Opus
// cannot be fragmented; a packet larger than the limit (only possible with long multi-frame
// packets) is sent anyway and left to IP fragmentation.
import type { AccessUnit, AudioTrack } from '../media/types';
import { RTP_HEADER_SIZE } from './packet';
import type { RtpPacketizer } from './packetizer';
import { RtpSequencer, type RtpPacketizerOptions } from './rtp-sequencer';

export class OpusPacketizer implements RtpPacketizer {
  private readonly seq: RtpSequencer;

  constructor(track: AudioTrack, opts: RtpPacketizerOptions) {
    this.seq = new RtpSequencer(opts, track.clockRate);
  }

  get ssrc(): number { return this.seq.ssrc; }
  get payloadType(): number { return this.seq.payloadType; }
  get clockRate(): number { return this.seq.clockRate; }
  get nextSequenceNumber(): number { return this.seq.nextSequenceNumber; }
  get lastTimestamp(): number | undefined { return this.seq.lastTimestamp; }
  rtpTimestamp(pts: number): number { return this.seq.rtpTimestamp(pts); }
  rebase(nextPts: number, gap = 960): void { this.seq.rebase(nextPts, gap); }

  packetize(au: AccessUnit): Buffer[] {
    const frame = au.payload;
    if (!frame || frame.length === 0) return [];
    // RFC 3551 §4.1: the marker flags the first packet of a talkspurt; we have no DTX, so never.
    const p = this.seq.packet(frame.length, false, this.seq.rtpTimestamp(au.pts));
    frame.copy(p, RTP_HEADER_SIZE);
    return [p];
  }
}
