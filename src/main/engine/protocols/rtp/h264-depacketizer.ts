// H.264 from RTP, packetization modes 0 and 1 (RFC 6184 §6.2–6.3): single NAL unit packets,
// STAP-A (§5.7.1) and FU-A (§5.8). STAP-B, MTAP and FU-B belong to the interleaved mode, which
// we do not offer: such packets are counted as invalid and their unit dropped.
import { H264DtsExtractor } from '../h264/dts-extractor';
import { H264NalType, h264HasIdr } from '../h264/nal-units';
import type { RtpDepacketizerOptions } from './depacketizer';
import { RtpError } from './errors';
import { H264PayloadType } from './h264-packetizer';
import { NalUnitDepacketizer } from './nal-depacketizer';

export class H264Depacketizer extends NalUnitDepacketizer {
  private readonly dts: H264DtsExtractor;

  /** `sps`: the SDP's sprop-parameter-sets SPS, for streams that repeat it only there. */
  constructor(trackIndex: number, opts: RtpDepacketizerOptions = {}, sps?: Buffer) {
    super(trackIndex, opts);
    this.dts = new H264DtsExtractor(sps);
  }

  protected decodeTime(nalus: readonly Buffer[], pts: number): number {
    return this.dts.extract(nalus, pts);
  }

  protected isKey(nalus: readonly Buffer[]): boolean {
    return h264HasIdr(nalus);
  }

  protected beginsAccessUnit(payload: Buffer): boolean {
    if (payload.length < 2) return false;
    let type = payload[0] & 0x1f;
    // Where the first NAL unit's first byte after its header is.
    let body = 1;
    if (type === H264PayloadType.StapA) {
      if (payload.length < 5) return false;
      type = payload[3] & 0x1f;
      body = 4;
    } else if (type === H264PayloadType.FuA) {
      if (!(payload[1] & 0x80) || payload.length < 3) return false;
      type = payload[1] & 0x1f;
      body = 2;
    }
    if (type === H264NalType.Aud || type === H264NalType.Sps || type === H264NalType.Pps || type === H264NalType.Sei) return true;
    // §7.3.3: first_mb_in_slice = 0 is ue(v) "1", the first bit of the slice header.
    return (type === H264NalType.IdrSlice || type === H264NalType.NonIdrSlice) && (payload[body] & 0x80) !== 0;
  }

  protected readPayload(payload: Buffer): void {
    if (payload.length < 1) throw new RtpError('INVALID', 'empty H.264 RTP payload');
    const type = payload[0] & 0x1f;
    if (type >= 1 && type <= 23) {
      this.addNalUnit(payload);
      return;
    }
    switch (type) {
      case H264PayloadType.StapA: {
        // §5.7.1: 16-bit size, then the NAL unit, repeated.
        let pos = 1;
        if (payload.length === 1) throw new RtpError('INVALID', 'STAP-A without NAL units');
        while (pos < payload.length) {
          if (pos + 2 > payload.length) throw new RtpError('INVALID', `STAP-A size field truncated at byte ${pos}`);
          const size = payload.readUInt16BE(pos);
          pos += 2;
          if (size === 0 || pos + size > payload.length) throw new RtpError('INVALID', `STAP-A NAL unit of ${size} bytes at byte ${pos} does not fit the packet`);
          this.addNalUnit(payload.subarray(pos, pos + size));
          pos += size;
        }
        return;
      }
      case H264PayloadType.FuA: {
        if (payload.length < 3) throw new RtpError('INVALID', `FU-A of ${payload.length} bytes carries no data`);
        const fu = payload[1];
        const start = (fu & 0x80) !== 0;
        const end = (fu & 0x40) !== 0;
        const data = payload.subarray(2);
        // §5.8: the NAL header is rebuilt from the indicator's F/NRI and the header's type.
        if (start) this.fragmentStart(Buffer.from([(payload[0] & 0xe0) | (fu & 0x1f)]), data);
        if (start && end) this.fragmentPart(Buffer.alloc(0), true);
        else if (!start) this.fragmentPart(data, end);
        return;
      }
      case H264PayloadType.StapB:
      case H264PayloadType.Mtap16:
      case H264PayloadType.Mtap24:
      case H264PayloadType.FuB:
        throw new RtpError('UNSUPPORTED', `H.264 RTP payload type ${type} needs packetization-mode 2 (interleaved), not supported`);
      default:
        throw new RtpError('INVALID', `H.264 RTP payload with reserved NAL type ${type}`);
    }
  }
}
