// HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1): the hvcC box, and the body of an
// Enhanced RTMP 'hvc1' SequenceStart.
import { BitReader, BitstreamError } from '../h264/bit-reader';
import { H265NalType } from './nal-units';
import { parseH265Sps, type H265ProfileTierLevel } from './sps';

export interface HevcNalArray {
  /** array_completeness: all NAL units of this type are in the record (none in-band). */
  complete: boolean;
  nalType: number;
  nalus: Buffer[];
}

export interface HevcDecoderConfig {
  profileTierLevel: H265ProfileTierLevel;
  minSpatialSegmentationIdc: number;
  parallelismType: number;
  chromaFormat: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  avgFrameRate: number;
  constantFrameRate: number;
  numTemporalLayers: number;
  temporalIdNested: boolean;
  nalLengthSize: number;
  arrays: HevcNalArray[];
}

const HEADER_SIZE = 23;

function truncated(at: number): never {
  throw new BitstreamError('TRUNCATED', `HEVCDecoderConfigurationRecord truncated at byte ${at}`);
}

/** Parses a record; NAL units are views into `buf`. */
export function parseHevcDecoderConfig(buf: Buffer): HevcDecoderConfig {
  if (buf.length < HEADER_SIZE) truncated(buf.length);
  if (buf[0] !== 1) throw new BitstreamError('INVALID', `HEVCDecoderConfigurationRecord version ${buf[0]}; expected 1`);
  const r = new BitReader(buf, 1, 'hvcC');
  const profileSpace = r.readBits(2);
  const tierFlag = r.readBits(1);
  const profileIdc = r.readBits(5);
  const compatibilityFlags = r.readBits(32);
  const constraintIndicatorFlags = Buffer.from(buf.subarray(6, 12));
  const levelIdc = buf[12];
  const nalLengthSize = (buf[21] & 3) + 1;
  if (nalLengthSize === 3) throw new BitstreamError('INVALID', 'hvcC: lengthSizeMinusOne = 2 is not allowed');
  const config: HevcDecoderConfig = {
    profileTierLevel: { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintIndicatorFlags, levelIdc },
    minSpatialSegmentationIdc: buf.readUInt16BE(13) & 0x0fff,
    parallelismType: buf[15] & 3,
    chromaFormat: buf[16] & 3,
    bitDepthLuma: (buf[17] & 7) + 8,
    bitDepthChroma: (buf[18] & 7) + 8,
    avgFrameRate: buf.readUInt16BE(19),
    constantFrameRate: buf[21] >> 6,
    numTemporalLayers: (buf[21] >> 3) & 7,
    temporalIdNested: ((buf[21] >> 2) & 1) === 1,
    nalLengthSize,
    arrays: [],
  };
  const numArrays = buf[22];
  let pos = HEADER_SIZE;
  for (let i = 0; i < numArrays; i++) {
    if (pos + 3 > buf.length) truncated(pos);
    const array: HevcNalArray = { complete: (buf[pos] & 0x80) !== 0, nalType: buf[pos] & 0x3f, nalus: [] };
    const count = buf.readUInt16BE(pos + 1);
    pos += 3;
    for (let j = 0; j < count; j++) {
      if (pos + 2 > buf.length) truncated(pos);
      const length = buf.readUInt16BE(pos);
      pos += 2;
      if (pos + length > buf.length) truncated(pos);
      array.nalus.push(buf.subarray(pos, pos + length));
      pos += length;
    }
    config.arrays.push(array);
  }
  return config;
}

/** The first NAL unit of a type in a record (e.g. the SPS). */
export function hevcConfigNalu(config: HevcDecoderConfig, nalType: number): Buffer | undefined {
  return config.arrays.find((a) => a.nalType === nalType && a.nalus.length > 0)?.nalus[0];
}

export interface HevcDecoderConfigInput {
  vps: Buffer | Buffer[];
  sps: Buffer | Buffer[];
  pps: Buffer | Buffer[];
  /** Other arrays to carry, e.g. prefix SEI. */
  extraArrays?: HevcNalArray[];
  nalLengthSize?: 1 | 2 | 4;
}

/**
 * Builds a record from parameter sets; profile/tier/level, chroma format, bit depths and
 * temporal layering come from the first SPS. min_spatial_segmentation_idc and parallelismType
 * are 0 ("unknown"), which every decoder accepts. Arrays are marked complete, as the 'hvc1'
 * sample entry that Enhanced RTMP uses requires.
 */
export function buildHevcDecoderConfig(input: HevcDecoderConfigInput): Buffer {
  const list = (x: Buffer | Buffer[]) => (Array.isArray(x) ? x : [x]);
  const spsList = list(input.sps);
  if (spsList.length === 0) throw new BitstreamError('INVALID', 'HEVCDecoderConfigurationRecord needs an SPS');
  const sps = parseH265Sps(spsList[0]);
  const arrays: HevcNalArray[] = [
    { complete: true, nalType: H265NalType.Vps, nalus: list(input.vps) },
    { complete: true, nalType: H265NalType.Sps, nalus: spsList },
    { complete: true, nalType: H265NalType.Pps, nalus: list(input.pps) },
    ...(input.extraArrays ?? []),
  ].filter((a) => a.nalus.length > 0);
  let size = HEADER_SIZE;
  for (const a of arrays) {
    if (a.nalus.length > 0xffff) throw new BitstreamError('INVALID', 'too many NAL units for an hvcC array');
    size += 3;
    for (const n of a.nalus) {
      if (n.length > 0xffff) throw new BitstreamError('INVALID', `NAL unit of ${n.length} bytes does not fit an hvcC`);
      size += 2 + n.length;
    }
  }
  const out = Buffer.allocUnsafe(size);
  const ptl = sps.profileTierLevel;
  out[0] = 1;
  out[1] = (ptl.profileSpace << 6) | (ptl.tierFlag << 5) | ptl.profileIdc;
  out.writeUInt32BE(ptl.compatibilityFlags >>> 0, 2);
  ptl.constraintIndicatorFlags.copy(out, 6, 0, 6);
  out[12] = ptl.levelIdc;
  out.writeUInt16BE(0xf000, 13); // reserved 1111 + min_spatial_segmentation_idc 0
  out[15] = 0xfc; // reserved 111111 + parallelismType 0
  out[16] = 0xfc | sps.chromaFormatIdc;
  out[17] = 0xf8 | (sps.bitDepthLuma - 8);
  out[18] = 0xf8 | (sps.bitDepthChroma - 8);
  out.writeUInt16BE(0, 19); // avgFrameRate: unspecified
  out[21] = (Math.min(sps.maxSubLayers, 7) << 3) | ((sps.temporalIdNesting ? 1 : 0) << 2) | ((input.nalLengthSize ?? 4) - 1);
  out[22] = arrays.length;
  let pos = HEADER_SIZE;
  for (const a of arrays) {
    out[pos] = (a.complete ? 0x80 : 0) | (a.nalType & 0x3f);
    out.writeUInt16BE(a.nalus.length, pos + 1);
    pos += 3;
    for (const n of a.nalus) {
      pos = out.writeUInt16BE(n.length, pos);
      pos += n.copy(out, pos);
    }
  }
  return out;
}
