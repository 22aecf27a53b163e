// H.265 from RTP (RFC 7798) without DONL: single NAL unit packets, aggregation packets (§4.4.2)
// and fragmentation units (§4.4.3). PACI packets (§4.4.4) are counted as invalid.
import { H265DtsExtractor } from '../h265/dts-extractor';
import { H265NalType, h265HasIrap } from '../h265/nal-units';
import type { RtpDepacketizerOptions } from './depacketizer';
import { RtpError } from './errors';
import { H265PayloadType } from './h265-packetizer';
import { NalUnitDepacketizer } from './nal-depacketizer';

export class H265Depacketizer extends NalUnitDepacketizer {
  private readonly dts: H265DtsExtractor;

  /** `sps`: the SDP's sprop-sps, for streams that repeat it only there. */
  constructor(trackIndex: number, opts: RtpDepacketizerOptions = {}, sps?: Buffer) {
    super(trackIndex, opts);
    this.dts = new H265DtsExtractor(sps);
  }

  protected decodeTime(nalus: readonly Buffer[], pts: number): number {
    return this.dts.extract(nalus, pts);
  }

  protected isKey(nalus: readonly Buffer[]): boolean {
    return h265HasIrap(nalus);
  }

  protected beginsAccessUnit(payload: Buffer): boolean {
    if (payload.length < 3) return false;
    let type = (payload[0] >> 1) & 0x3f;
    let body = 2;
    if (type === H265PayloadType.Ap) {
      if (payload.length < 7) return false;
      type = (payload[4] >> 1) & 0x3f;
      body = 6;
    } else if (type === H265PayloadType.Fu) {
      if (!(payload[2] & 0x80) || payload.length < 4) return false;
      type = payload[2] & 0x3f;
      body = 3;
    }
    if (type === H265NalType.Aud || type === H265NalType.Vps || type === H265NalType.Sps || type === H265NalType.Pps || type === H265NalType.SeiPrefix) return true;
    // §7.3.6.1: first_slice_segment_in_pic_flag leads a VCL unit's slice header.
    return type < 32 && (payload[body] & 0x80) !== 0;
  }

  protected readPayload(payload: Buffer): void {
    if (payload.length < 2) throw new RtpError('INVALID', `H.265 RTP payload of ${payload.length} bytes is shorter than a NAL unit header`);
    const type = (payload[0] >> 1) & 0x3f;
    if (type < H265PayloadType.Ap) {
      this.addNalUnit(payload);
      return;
    }
    switch (type) {
      case H265PayloadType.Ap: {
        if (payload.length === 2) throw new RtpError('INVALID', 'AP without NAL units');
        let pos = 2;
        while (pos < payload.length) {
          if (pos + 2 > payload.length) throw new RtpError('INVALID', `AP size field truncated at byte ${pos}`);
          const size = payload.readUInt16BE(pos);
          pos += 2;
          if (size < 2 || pos + size > payload.length) throw new RtpError('INVALID', `AP NAL unit of ${size} bytes at byte ${pos} does not fit the packet`);
          this.addNalUnit(payload.subarray(pos, pos + size));
          pos += size;
        }
        return;
      }
      case H265PayloadType.Fu: {
        if (payload.length < 4) throw new RtpError('INVALID', `FU of ${payload.length} bytes carries no data`);
        const fu = payload[2];
        const start = (fu & 0x80) !== 0;
        const end = (fu & 0x40) !== 0;
        const data = payload.subarray(3);
        // §4.4.3: the NAL header is the PayloadHdr with Type replaced by FuType.
        if (start) this.fragmentStart(Buffer.from([(payload[0] & 0x81) | ((fu & 0x3f) << 1), payload[1]]), data);
        if (start && end) this.fragmentPart(Buffer.alloc(0), true);
        else if (!start) this.fragmentPart(data, end);
        return;
      }
      case H265PayloadType.Paci:
        throw new RtpError('UNSUPPORTED', 'H.265 PACI packets are not supported');
      default:
        throw new RtpError('INVALID', `H.265 RTP payload with reserved type ${type}`);
    }
  }
}
