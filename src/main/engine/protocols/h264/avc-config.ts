// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): the avcC box, and the body of an
// FLV/RTMP AVC sequence header.
import { BitstreamError } from './bit-reader';
import { parseH264Sps } from './sps';

export interface AvcDecoderConfig {
  profileIndication: number;
  profileCompatibility: number;
  levelIndication: number;
  /** Bytes in each NAL unit length prefix: 1, 2 or 4. */
  nalLengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
  /** High-profile extension (§5.3.3.1.2), when present. */
  chromaFormat?: number;
  bitDepthLuma?: number;
  bitDepthChroma?: number;
  spsExt?: Buffer[];
}

/**
 * Whether a profile's record carries the chroma/bit-depth extension. The 2nd edition listed
 * 100/110/122/144; later editions (and FFmpeg) use "any profile but Baseline, Main, Extended",
 * which also covers 244 (High 4:4:4 Predictive) and the SVC/MVC profiles.
 */
function hasExtension(profile: number): boolean {
  return profile !== 66 && profile !== 77 && profile !== 88;
}

function truncated(at: number): never {
  throw new BitstreamError('TRUNCATED', `AVCDecoderConfigurationRecord truncated at byte ${at}`);
}

function readNalList(buf: Buffer, pos: number, count: number, out: Buffer[]): number {
  for (let i = 0; i < count; i++) {
    if (pos + 2 > buf.length) truncated(pos);
    const length = buf.readUInt16BE(pos);
    pos += 2;
    if (pos + length > buf.length) truncated(pos);
    out.push(buf.subarray(pos, pos + length));
    pos += length;
  }
  return pos;
}

/** Parses a record; parameter sets are views into `buf`. */
export function parseAvcDecoderConfig(buf: Buffer): AvcDecoderConfig {
  if (buf.length < 7) truncated(buf.length);
  if (buf[0] !== 1) throw new BitstreamError('INVALID', `AVCDecoderConfigurationRecord version ${buf[0]}; expected 1`);
  const nalLengthSize = (buf[4] & 3) + 1;
  if (nalLengthSize === 3) throw new BitstreamError('INVALID', 'AVCDecoderConfigurationRecord: lengthSizeMinusOne = 2 is not allowed');
  const config: AvcDecoderConfig = {
    profileIndication: buf[1],
    profileCompatibility: buf[2],
    levelIndication: buf[3],
    nalLengthSize,
    sps: [],
    pps: [],
  };
  let pos = readNalList(buf, 6, buf[5] & 0x1f, config.sps);
  if (pos + 1 > buf.length) truncated(pos);
  pos = readNalList(buf, pos + 1, buf[pos], config.pps);
  // The extension is optional in practice: FFmpeg before 2023 and many encoders omit it.
  if (hasExtension(config.profileIndication) && pos + 4 <= buf.length) {
    config.chromaFormat = buf[pos] & 3;
    config.bitDepthLuma = (buf[pos + 1] & 7) + 8;
    config.bitDepthChroma = (buf[pos + 2] & 7) + 8;
    config.spsExt = [];
    readNalList(buf, pos + 4, buf[pos + 3], config.spsExt);
  }
  return config;
}

export interface AvcDecoderConfigInput {
  sps: Buffer | Buffer[];
  pps: Buffer | Buffer[];
  nalLengthSize?: 1 | 2 | 4;
  /** Write the high-profile extension for profiles other than 66/77/88. Default true (§5.3.3.1.2). */
  highProfileExtension?: boolean;
}

/** Builds a record from parameter sets; profile and level come from the first SPS. */
export function buildAvcDecoderConfig(input: AvcDecoderConfigInput): Buffer {
  const spsList = Array.isArray(input.sps) ? input.sps : [input.sps];
  const ppsList = Array.isArray(input.pps) ? input.pps : [input.pps];
  const first = spsList[0];
  if (!first || first.length < 4) throw new BitstreamError('INVALID', 'AVCDecoderConfigurationRecord needs an SPS');
  if (spsList.length > 31 || ppsList.length > 255) throw new BitstreamError('INVALID', 'too many parameter sets for an avcC');
  const profile = first[1];
  const extension = (input.highProfileExtension ?? true) && hasExtension(profile);
  const sps = extension ? parseH264Sps(first) : undefined;
  let size = 7 + (extension ? 4 : 0);
  for (const n of [...spsList, ...ppsList]) {
    if (n.length > 0xffff) throw new BitstreamError('INVALID', `parameter set of ${n.length} bytes does not fit an avcC`);
    size += 2 + n.length;
  }
  const out = Buffer.allocUnsafe(size);
  out[0] = 1;
  out[1] = profile;
  out[2] = first[2];
  out[3] = first[3];
  out[4] = 0xfc | ((input.nalLengthSize ?? 4) - 1);
  out[5] = 0xe0 | spsList.length;
  let pos = 6;
  for (const n of spsList) {
    pos = out.writeUInt16BE(n.length, pos);
    pos += n.copy(out, pos);
  }
  out[pos++] = ppsList.length;
  for (const n of ppsList) {
    pos = out.writeUInt16BE(n.length, pos);
    pos += n.copy(out, pos);
  }
  if (sps) {
    out[pos++] = 0xfc | sps.chromaFormatIdc;
    out[pos++] = 0xf8 | (sps.bitDepthLuma - 8);
    out[pos++] = 0xf8 | (sps.bitDepthChroma - 8);
    out[pos++] = 0; // numOfSequenceParameterSetExt
  }
  return out;
}
