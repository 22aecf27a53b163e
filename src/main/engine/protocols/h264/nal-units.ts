// NAL unit framing shared by H.264 and H.265: length-prefixed ("AVCC", ISO 14496-15 §5.3.2, used
// by FLV/RTMP/MP4) and start-code-delimited (Annex B, used by MPEG-TS and raw files).
import { BitstreamError } from './bit-reader';

/** H.264 Table 7-1. */
export const H264NalType = {
  NonIdrSlice: 1,
  SliceDataA: 2,
  IdrSlice: 5,
  Sei: 6,
  Sps: 7,
  Pps: 8,
  Aud: 9,
  EndOfSequence: 10,
  EndOfStream: 11,
  Filler: 12,
  SpsExtension: 13,
} as const;

export function h264NalType(nal: Buffer): number {
  return nal[0] & 0x1f;
}

/** An access unit is a random access point when it holds an IDR slice. */
export function h264HasIdr(nalus: readonly Buffer[]): boolean {
  for (const n of nalus) if (n.length > 0 && (n[0] & 0x1f) === H264NalType.IdrSlice) return true;
  return false;
}

/**
 * Splits length-prefixed NAL units. The results are views into `data` (no copies). Zero-length
 * units are skipped (some encoders pad with them). Throws BitstreamError when a length runs past
 * the end.
 */
export function splitLengthPrefixed(data: Buffer, lengthSize = 4): Buffer[] {
  if (lengthSize !== 1 && lengthSize !== 2 && lengthSize !== 3 && lengthSize !== 4) {
    throw new BitstreamError('INVALID', `NAL unit length size ${lengthSize}; must be 1–4`);
  }
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + lengthSize > data.length) {
      throw new BitstreamError('TRUNCATED', `NAL unit length field truncated at byte ${pos}`);
    }
    const length = data.readUIntBE(pos, lengthSize);
    pos += lengthSize;
    if (length > data.length - pos) {
      throw new BitstreamError('TRUNCATED', `NAL unit of ${length} bytes at byte ${pos} runs past the ${data.length}-byte buffer`);
    }
    if (length > 0) out.push(data.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

export function lengthPrefixedSize(nalus: readonly Buffer[], lengthSize = 4): number {
  let size = 0;
  for (const n of nalus) size += lengthSize + n.length;
  return size;
}

/** Writes NAL units with length prefixes into `target` at `pos`; returns the end offset. */
export function writeLengthPrefixed(target: Buffer, pos: number, nalus: readonly Buffer[], lengthSize = 4): number {
  for (const n of nalus) {
    target.writeUIntBE(n.length, pos, lengthSize);
    pos += lengthSize;
    pos += n.copy(target, pos);
  }
  return pos;
}

export function joinLengthPrefixed(nalus: readonly Buffer[], lengthSize = 4): Buffer {
  const out = Buffer.allocUnsafe(lengthPrefixedSize(nalus, lengthSize));
  writeLengthPrefixed(out, 0, nalus, lengthSize);
  return out;
}

/**
 * Splits an Annex B byte stream at 3- and 4-byte start codes (H.264 Annex B). Views into `data`;
 * trailing zero bytes of a unit (trailing_zero_8bits) are trimmed.
 */
export function splitAnnexB(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = -1;
  let i = 0;
  const n = data.length;
  while (i + 2 < n) {
    if (data[i + 2] > 1) {
      i += 3;
    } else if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) pushTrimmed(out, data, start, i);
      start = i + 3;
      i += 3;
    } else {
      i++;
    }
  }
  if (start >= 0) pushTrimmed(out, data, start, n);
  return out;
}

function pushTrimmed(out: Buffer[], data: Buffer, start: number, end: number): void {
  while (end > start && data[end - 1] === 0) end--;
  if (end > start) out.push(data.subarray(start, end));
}
