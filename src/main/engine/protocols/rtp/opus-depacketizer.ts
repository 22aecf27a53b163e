// Opus from RTP (RFC 7587 §4.2): each payload is one Opus packet; no reassembly, so a loss costs
// exactly the frames lost (the decoder conceals them).
import type { AccessUnit } from '../media/types';
import type { RtpDepacketizerOptions } from './depacketizer';
import type { RtpPacket } from './packet';
import { RtpReceiverBase } from './rtp-receiver';

export class OpusDepacketizer extends RtpReceiverBase {
  constructor(trackIndex: number, opts: RtpDepacketizerOptions = {}) {
    super(trackIndex, 48000, opts);
  }

  protected onLoss(): void {}

  protected onPacket(p: RtpPacket, pts: number, out: AccessUnit[]): void {
    // §4.2 / RFC 6716 §3.2.1: an empty payload is DTX with nothing to decode.
    if (p.payload.length === 0) return;
    out.push({ track: this.trackIndex, dts: pts, pts, key: true, payload: p.payload });
  }
}
