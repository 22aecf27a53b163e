// H.264 over RTP, packetization-mode 1 (RFC 6184 §6.3): single NAL unit packets, STAP-A (§5.7.1)
// and FU-A (§5.8).
import { H264NalType, h264HasIdr } from '../h264/nal-units';
import type { AccessUnit, VideoTrack } from '../media/types';
import { packetizeNalUnits, type NalPayloadFormat } from './nal-packetizer';
import type { RtpPacketizer } from './packetizer';
import { RtpSequencer, type RtpPacketizerOptions } from './rtp-sequencer';

export const H264PayloadType = { StapA: 24, StapB: 25, Mtap16: 26, Mtap24: 27, FuA: 28, FuB: 29 } as const;

export interface H264PacketizerOptions extends RtpPacketizerOptions {
  /**
   * Send the parameter sets (SPS/PPS, and VPS for H.265) before every keyframe that lacks them.
   * WebRTC needs this: a browser joining mid-stream has no SDP sprop to start from.
   */
  prependParameterSets?: boolean;
}

export const h264PayloadFormat: NalPayloadFormat = {
  nalHeaderSize: 1,
  fragmentHeaderSize: 2,
  aggregationHeader(nalus) {
    // §5.7.1: F is the OR of the aggregated F bits, NRI the maximum of their NRIs.
    let f = 0;
    let nri = 0;
    for (const n of nalus) {
      f |= n[0] & 0x80;
      nri = Math.max(nri, n[0] & 0x60);
    }
    return Buffer.from([f | nri | H264PayloadType.StapA]);
  },
  writeFragmentHeader(out, pos, nal, start, end) {
    // §5.8: FU indicator keeps F and NRI; FU header has S, E, R=0 and the original type.
    out[pos] = (nal[0] & 0xe0) | H264PayloadType.FuA;
    out[pos + 1] = (start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1f);
  },
};

export class H264Packetizer implements RtpPacketizer {
  private readonly seq: RtpSequencer;
  private readonly prepend: boolean;
  private sps: Buffer | undefined;
  private pps: Buffer | undefined;

  constructor(track: VideoTrack, opts: H264PacketizerOptions) {
    this.seq = new RtpSequencer(opts, track.clockRate);
    this.prepend = opts.prependParameterSets ?? false;
    this.sps = track.sps;
    this.pps = track.pps;
  }

  get ssrc(): number { return this.seq.ssrc; }
  get payloadType(): number { return this.seq.payloadType; }
  get clockRate(): number { return this.seq.clockRate; }
  get nextSequenceNumber(): number { return this.seq.nextSequenceNumber; }
  get lastTimestamp(): number | undefined { return this.seq.lastTimestamp; }
  rtpTimestamp(pts: number): number { return this.seq.rtpTimestamp(pts); }
  rebase(nextPts: number, gap = 3000): void { this.seq.rebase(nextPts, gap); }

  packetize(au: AccessUnit): Buffer[] {
    const nalus = au.nalus;
    if (!nalus || nalus.length === 0) return [];
    return packetizeNalUnits(this.seq, h264PayloadFormat, this.prepend ? this.withParameterSets(nalus) : nalus, this.seq.rtpTimestamp(au.pts));
  }

  /** Keeps the latest in-band SPS/PPS and puts them before an IDR that lacks them. */
  private withParameterSets(nalus: Buffer[]): Buffer[] {
    let hasSps = false;
    let hasPps = false;
    for (const n of nalus) {
      const t = n[0] & 0x1f;
      if (t === H264NalType.Sps) { this.sps = n; hasSps = true; }
      else if (t === H264NalType.Pps) { this.pps = n; hasPps = true; }
    }
    if ((hasSps && hasPps) || !h264HasIdr(nalus) || !this.sps || !this.pps) return nalus;
    const head: Buffer[] = [];
    // An access unit delimiter must stay first (H.264 §7.4.1.2.3).
    let i = 0;
    if (nalus[0] && (nalus[0][0] & 0x1f) === H264NalType.Aud) head.push(nalus[i++]);
    if (!hasSps) head.push(this.sps);
    if (!hasPps) head.push(this.pps);
    return [...head, ...nalus.slice(i)];
  }
}
