// AV1 OBU framing (AV1 Bitstream & Decoding Process §5.3), as far as FLV/RTMP needs it: finding
// the sequence header in a temporal unit or an av1C record's configOBUs.
import { BitstreamError } from '../h264/bit-reader';

/** §6.2.2 Table: obu_type. */
export const Av1ObuType = {
  SequenceHeader: 1,
  TemporalDelimiter: 2,
  FrameHeader: 3,
  TileGroup: 4,
  Metadata: 5,
  Frame: 6,
  RedundantFrameHeader: 7,
  TileList: 8,
  Padding: 15,
} as const;

export interface Av1Obu {
  type: number;
  temporalId: number;
  spatialId: number;
  /** The whole OBU including its header (a view). */
  data: Buffer;
  /** The payload after the header and size field (a view). */
  payload: Buffer;
}

/** §4.10.5 leb128(): at most 8 bytes; returns value and byte count. */
export function readLeb128(buf: Buffer, pos: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    if (pos + i >= buf.length) throw new BitstreamError('TRUNCATED', `AV1 leb128 truncated at byte ${pos + i}`);
    const b = buf[pos + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) throw new BitstreamError('INVALID', 'AV1 leb128 value above 2^32 - 1');
      return { value, length: i + 1 };
    }
  }
  throw new BitstreamError('INVALID', 'AV1 leb128 longer than 8 bytes');
}

/**
 * Splits a low-overhead bitstream (§5.2, every OBU with obu_has_size_field, as FLV and MP4 carry
 * it). An OBU without a size field runs to the end of the buffer.
 */
export function splitObus(buf: Buffer): Av1Obu[] {
  const out: Av1Obu[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const h = buf[pos++];
    if (h & 0x80) throw new BitstreamError('INVALID', `AV1 OBU forbidden bit set at byte ${start}`);
    const type = (h >> 3) & 0xf;
    let temporalId = 0;
    let spatialId = 0;
    if (h & 0x04) {
      if (pos >= buf.length) throw new BitstreamError('TRUNCATED', `AV1 OBU extension header truncated at byte ${pos}`);
      temporalId = buf[pos] >> 5;
      spatialId = (buf[pos] >> 3) & 3;
      pos++;
    }
    let size: number;
    if (h & 0x02) {
      const leb = readLeb128(buf, pos);
      pos += leb.length;
      size = leb.value;
      if (size > buf.length - pos) throw new BitstreamError('TRUNCATED', `AV1 OBU of ${size} bytes at byte ${start} runs past the buffer`);
    } else {
      size = buf.length - pos;
    }
    out.push({ type, temporalId, spatialId, data: buf.subarray(start, pos + size), payload: buf.subarray(pos, pos + size) });
    pos += size;
  }
  return out;
}
