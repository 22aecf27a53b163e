// H.265 over RTP (RFC 7798) without DONL (sprop-max-don-diff = 0): single NAL unit packets,
// aggregation packets (§4.4.2) and fragmentation units (§4.4.3).
import { H265NalType, h265HasIrap } from '../h265/nal-units';
import type { AccessUnit, VideoTrack } from '../media/types';
import type { H264PacketizerOptions } from './h264-packetizer';
import { packetizeNalUnits, type NalPayloadFormat } from './nal-packetizer';
import type { RtpPacketizer } from './packetizer';
import { RtpSequencer } from './rtp-sequencer';

export const H265PayloadType = { Ap: 48, Fu: 49, Paci: 50 } as const;

export const h265PayloadFormat: NalPayloadFormat = {
  nalHeaderSize: 2,
  fragmentHeaderSize: 3,
  aggregationHeader(nalus) {
    // §4.4.2: F is the OR of the F bits; LayerId and TID are the lowest of the aggregated units.
    let f = 0;
    let layerId = 63;
    let tid = 7;
    for (const n of nalus) {
      f |= n[0] & 0x80;
      layerId = Math.min(layerId, ((n[0] & 1) << 5) | (n[1] >> 3));
      tid = Math.min(tid, n[1] & 7);
    }
    return Buffer.from([f | (H265PayloadType.Ap << 1) | (layerId >> 5), ((layerId & 0x1f) << 3) | tid]);
  },
  writeFragmentHeader(out, pos, nal, start, end) {
    // §4.4.3: PayloadHdr copies F, LayerId, TID with Type 49; FU header has S, E, FuType.
    out[pos] = (nal[0] & 0x81) | (H265PayloadType.Fu << 1);
    out[pos + 1] = nal[1];
    out[pos + 2] = (start ? 0x80 : 0) | (end ? 0x40 : 0) | ((nal[0] >> 1) & 0x3f);
  },
};

export class H265Packetizer implements RtpPacketizer {
  private readonly seq: RtpSequencer;
  private readonly prepend: boolean;
  private readonly params: Map<number, Buffer> = new Map();

  constructor(track: VideoTrack, opts: H264PacketizerOptions) {
    this.seq = new RtpSequencer(opts, track.clockRate);
    this.prepend = opts.prependParameterSets ?? false;
    if (track.vps) this.params.set(H265NalType.Vps, track.vps);
    if (track.sps) this.params.set(H265NalType.Sps, track.sps);
    if (track.pps) this.params.set(H265NalType.Pps, track.pps);
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
    return packetizeNalUnits(this.seq, h265PayloadFormat, this.prepend ? this.withParameterSets(nalus) : nalus, this.seq.rtpTimestamp(au.pts));
  }

  private withParameterSets(nalus: Buffer[]): Buffer[] {
    const present = new Set<number>();
    for (const n of nalus) {
      const t = (n[0] >> 1) & 0x3f;
      if (t === H265NalType.Vps || t === H265NalType.Sps || t === H265NalType.Pps) {
        this.params.set(t, n);
        present.add(t);
      }
    }
    if (!h265HasIrap(nalus)) return nalus;
    const head: Buffer[] = [];
    let i = 0;
    if (nalus[0] && ((nalus[0][0] >> 1) & 0x3f) === H265NalType.Aud) head.push(nalus[i++]);
    for (const t of [H265NalType.Vps, H265NalType.Sps, H265NalType.Pps]) {
      const p = this.params.get(t);
      if (!present.has(t) && p) head.push(p);
    }
    return head.length === i ? nalus : [...head, ...nalus.slice(i)];
  }
}
