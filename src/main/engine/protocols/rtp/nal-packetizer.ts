// The packetization algorithm H.264 (RFC 6184 §5.7–5.8) and H.265 (RFC 7798 §4.4.2–4.4.3) share:
// NAL units that fit go alone or aggregated (STAP-A / AP) with their neighbours; a NAL unit too
// large for one packet is split into fragmentation units (FU-A / FU). Only the payload headers
// differ, so the codecs describe those and this file does the rest.
import type { RtpSequencer } from './rtp-sequencer';
import { RTP_HEADER_SIZE } from './packet';

export interface NalPayloadFormat {
  /** NAL unit header size: 1 (H.264) or 2 (H.265). */
  readonly nalHeaderSize: number;
  /** Aggregation packet header (STAP-A / AP) for these NAL units. */
  aggregationHeader(nalus: readonly Buffer[]): Buffer;
  /** Bytes of FU headers before each fragment: 2 (FU indicator + header) or 3 (PayloadHdr + FU header). */
  readonly fragmentHeaderSize: number;
  /** Writes the FU headers for a fragment of `nal` at `out[pos]`. */
  writeFragmentHeader(out: Buffer, pos: number, nal: Buffer, start: boolean, end: boolean): void;
}

/** Each aggregated NAL unit carries a 16-bit size (RFC 6184 §5.7.1, RFC 7798 §4.4.2). */
const AGGREGATION_SIZE_FIELD = 2;

/** Packets for one access unit; the marker bit is set on the last one (RFC 6184 §5.1). */
export function packetizeNalUnits(seq: RtpSequencer, format: NalPayloadFormat, nalus: readonly Buffer[], timestamp: number): Buffer[] {
  const max = seq.maxRtpPayloadSize;
  const out: Buffer[] = [];
  let group: Buffer[] = [];
  let groupSize = 0;

  const flushGroup = () => {
    if (group.length === 1) {
      const p = seq.packet(group[0].length, false, timestamp);
      group[0].copy(p, RTP_HEADER_SIZE);
      out.push(p);
    } else if (group.length > 1) {
      const header = format.aggregationHeader(group);
      const p = seq.packet(groupSize, false, timestamp);
      let pos = RTP_HEADER_SIZE + header.copy(p, RTP_HEADER_SIZE);
      for (const nal of group) {
        p.writeUInt16BE(nal.length, pos);
        pos += AGGREGATION_SIZE_FIELD + nal.copy(p, pos + AGGREGATION_SIZE_FIELD);
      }
      out.push(p);
    }
    group = [];
    groupSize = 0;
  };

  for (const nal of nalus) {
    // Header-only units are valid (end of sequence / stream); anything shorter is not a NAL unit.
    if (nal.length < format.nalHeaderSize) continue;
    if (nal.length > max) {
      flushGroup();
      fragment(seq, format, nal, timestamp, out);
      continue;
    }
    const added = AGGREGATION_SIZE_FIELD + nal.length;
    if (group.length > 0 && groupSize + added > max) flushGroup();
    if (group.length === 0) groupSize = format.nalHeaderSize;
    group.push(nal);
    groupSize += added;
  }
  flushGroup();
  if (out.length > 0) out[out.length - 1][1] |= 0x80;
  return out;
}

function fragment(seq: RtpSequencer, format: NalPayloadFormat, nal: Buffer, timestamp: number, out: Buffer[]): void {
  const chunk = seq.maxRtpPayloadSize - format.fragmentHeaderSize;
  // The NAL header is not sent; the FU headers carry its fields (RFC 6184 §5.8, RFC 7798 §4.4.3).
  let pos = format.nalHeaderSize;
  while (pos < nal.length) {
    const n = Math.min(chunk, nal.length - pos);
    const p = seq.packet(format.fragmentHeaderSize + n, false, timestamp);
    format.writeFragmentHeader(p, RTP_HEADER_SIZE, nal, pos === format.nalHeaderSize, pos + n === nal.length);
    nal.copy(p, RTP_HEADER_SIZE + format.fragmentHeaderSize, pos, pos + n);
    out.push(p);
    pos += n;
  }
}
