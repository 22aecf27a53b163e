// AV1CodecConfigurationRecord (AV1 Codec ISO Media File Format Binding §2.3.3): the av1C box,
// and the body of an Enhanced RTMP 'av01' SequenceStart.
import { BitstreamError } from '../h264/bit-reader';
import { Av1ObuType, splitObus } from './obu';
import { parseAv1SequenceHeader, type Av1SequenceHeader } from './sequence-header';

export interface Av1DecoderConfig {
  seqProfile: number;
  seqLevelIdx0: number;
  seqTier0: number;
  highBitdepth: boolean;
  twelveBit: boolean;
  monochrome: boolean;
  chromaSubsamplingX: number;
  chromaSubsamplingY: number;
  chromaSamplePosition: number;
  initialPresentationDelayMinusOne?: number;
  /** Zero or more OBUs (normally the sequence header OBU), a view. */
  configObus: Buffer;
}

export function parseAv1DecoderConfig(buf: Buffer): Av1DecoderConfig {
  if (buf.length < 4) throw new BitstreamError('TRUNCATED', `av1C of ${buf.length} bytes`);
  if (buf[0] !== 0x81) throw new BitstreamError('INVALID', `av1C marker/version byte 0x${buf[0].toString(16)}; expected 0x81`);
  const config: Av1DecoderConfig = {
    seqProfile: buf[1] >> 5,
    seqLevelIdx0: buf[1] & 0x1f,
    seqTier0: buf[2] >> 7,
    highBitdepth: (buf[2] & 0x40) !== 0,
    twelveBit: (buf[2] & 0x20) !== 0,
    monochrome: (buf[2] & 0x10) !== 0,
    chromaSubsamplingX: (buf[2] >> 3) & 1,
    chromaSubsamplingY: (buf[2] >> 2) & 1,
    chromaSamplePosition: buf[2] & 3,
    configObus: buf.subarray(4),
  };
  if (buf[3] & 0x10) config.initialPresentationDelayMinusOne = buf[3] & 0x0f;
  return config;
}

/** The sequence header OBU (whole OBU) in configOBUs or a temporal unit, if any. */
export function findAv1SequenceHeaderObu(obus: Buffer): { obu: Buffer; header: Av1SequenceHeader } | undefined {
  for (const o of splitObus(obus)) {
    if (o.type === Av1ObuType.SequenceHeader) return { obu: o.data, header: parseAv1SequenceHeader(o.payload) };
  }
  return undefined;
}

/** Builds av1C from a sequence header OBU (the whole OBU, with obu_has_size_field set). */
export function buildAv1DecoderConfig(sequenceHeaderObu: Buffer): Buffer {
  const found = findAv1SequenceHeaderObu(sequenceHeaderObu);
  if (!found) throw new BitstreamError('INVALID', 'no AV1 sequence header OBU to build av1C from');
  const h = found.header;
  const out = Buffer.allocUnsafe(4 + found.obu.length);
  out[0] = 0x81;
  out[1] = (h.seqProfile << 5) | h.seqLevelIdx0;
  out[2] =
    (h.seqTier0 << 7) |
    ((h.highBitdepth ? 1 : 0) << 6) |
    ((h.twelveBit ? 1 : 0) << 5) |
    ((h.monochrome ? 1 : 0) << 4) |
    (h.subsamplingX << 3) |
    (h.subsamplingY << 2) |
    h.chromaSamplePosition;
  out[3] = h.initialDisplayDelayMinusOne0 !== undefined ? 0x10 | h.initialDisplayDelayMinusOne0 : 0;
  found.obu.copy(out, 4);
  return out;
}
