// AV1 sequence_header_obu() (AV1 Bitstream & Decoding Process §5.5): profile, level, tier, bit
// depth, chroma subsampling and the maximum frame size — what av1C and a track need.
import { BitReader, BitstreamError } from '../h264/bit-reader';

export interface Av1SequenceHeader {
  seqProfile: number;
  stillPicture: boolean;
  reducedStillPictureHeader: boolean;
  /** seq_level_idx[0] and seq_tier[0]: the first operating point. */
  seqLevelIdx0: number;
  seqTier0: number;
  initialDisplayDelayMinusOne0?: number;
  maxFrameWidth: number;
  maxFrameHeight: number;
  highBitdepth: boolean;
  twelveBit: boolean;
  bitDepth: number;
  monochrome: boolean;
  subsamplingX: number;
  subsamplingY: number;
  chromaSamplePosition: number;
  colorPrimaries: number;
  transferCharacteristics: number;
  matrixCoefficients: number;
  colorRange: number;
}

/** §4.10.3 uvlc(). */
function readUvlc(r: BitReader): number {
  let zeros = 0;
  while (!r.readFlag()) {
    if (++zeros >= 32) return 0xffffffff;
  }
  return r.readBits(zeros) + 2 ** zeros - 1;
}

/** Parses the payload of a sequence header OBU (after its OBU header and size). */
export function parseAv1SequenceHeader(payload: Buffer): Av1SequenceHeader {
  const r = new BitReader(payload, 0, 'AV1 sequence header');
  const seqProfile = r.readBits(3);
  if (seqProfile > 2) throw new BitstreamError('INVALID', `AV1 seq_profile ${seqProfile}; 0–2 are defined`);
  const stillPicture = r.readFlag();
  const reducedStillPictureHeader = r.readFlag();
  let seqLevelIdx0 = 0;
  let seqTier0 = 0;
  let initialDisplayDelayMinusOne0: number | undefined;
  if (reducedStillPictureHeader) {
    seqLevelIdx0 = r.readBits(5);
  } else {
    let decoderModelInfoPresent = false;
    let bufferDelayLength = 0;
    if (r.readFlag()) {
      // timing_info()
      r.skipBits(64); // num_units_in_display_tick, time_scale
      if (r.readFlag()) readUvlc(r); // equal_picture_interval → num_ticks_per_picture_minus_1
      decoderModelInfoPresent = r.readFlag();
      if (decoderModelInfoPresent) {
        bufferDelayLength = r.readBits(5) + 1;
        r.skipBits(32 + 5 + 5); // num_units_in_decoding_tick, two length fields
      }
    }
    const initialDisplayDelayPresent = r.readFlag();
    const operatingPoints = r.readBits(5) + 1;
    for (let i = 0; i < operatingPoints; i++) {
      r.skipBits(12); // operating_point_idc
      const level = r.readBits(5);
      const tier = level > 7 ? r.readBits(1) : 0;
      if (decoderModelInfoPresent && r.readFlag()) r.skipBits(2 * bufferDelayLength + 1);
      let delay: number | undefined;
      if (initialDisplayDelayPresent && r.readFlag()) delay = r.readBits(4);
      if (i === 0) {
        seqLevelIdx0 = level;
        seqTier0 = tier;
        initialDisplayDelayMinusOne0 = delay;
      }
    }
  }
  const widthBits = r.readBits(4) + 1;
  const heightBits = r.readBits(4) + 1;
  const maxFrameWidth = r.readBits(widthBits) + 1;
  const maxFrameHeight = r.readBits(heightBits) + 1;
  if (!reducedStillPictureHeader && r.readFlag()) r.skipBits(4 + 3); // frame id lengths
  r.skipBits(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
  if (!reducedStillPictureHeader) {
    r.skipBits(4); // interintra, masked compound, warped motion, dual filter
    const orderHint = r.readFlag();
    if (orderHint) r.skipBits(2); // jnt_comp, ref_frame_mvs
    let forceScreenContentTools = 2;
    if (!r.readFlag()) forceScreenContentTools = r.readBits(1);
    if (forceScreenContentTools > 0 && !r.readFlag()) r.skipBits(1); // seq_force_integer_mv
    if (orderHint) r.skipBits(3);
  }
  r.skipBits(3); // superres, cdef, restoration
  // color_config() §5.5.2
  const highBitdepth = r.readFlag();
  let twelveBit = false;
  if (seqProfile === 2 && highBitdepth) twelveBit = r.readFlag();
  const bitDepth = twelveBit ? 12 : highBitdepth ? 10 : 8;
  const monochrome = seqProfile === 1 ? false : r.readFlag();
  let colorPrimaries = 2;
  let transferCharacteristics = 2;
  let matrixCoefficients = 2;
  if (r.readFlag()) {
    colorPrimaries = r.readBits(8);
    transferCharacteristics = r.readBits(8);
    matrixCoefficients = r.readBits(8);
  }
  let colorRange: number;
  let subsamplingX = 1;
  let subsamplingY = 1;
  let chromaSamplePosition = 0;
  if (monochrome) {
    colorRange = r.readBits(1);
  } else if (colorPrimaries === 1 && transferCharacteristics === 13 && matrixCoefficients === 0) {
    colorRange = 1; // sRGB: 4:4:4
    subsamplingX = 0;
    subsamplingY = 0;
  } else {
    colorRange = r.readBits(1);
    if (seqProfile === 1) {
      subsamplingX = 0;
      subsamplingY = 0;
    } else if (seqProfile === 2) {
      if (bitDepth === 12) {
        subsamplingX = r.readBits(1);
        subsamplingY = subsamplingX ? r.readBits(1) : 0;
      } else {
        subsamplingY = 0;
      }
    }
    if (subsamplingX && subsamplingY) chromaSamplePosition = r.readBits(2);
  }
  const header: Av1SequenceHeader = {
    seqProfile,
    stillPicture,
    reducedStillPictureHeader,
    seqLevelIdx0,
    seqTier0,
    maxFrameWidth,
    maxFrameHeight,
    highBitdepth,
    twelveBit,
    bitDepth,
    monochrome,
    subsamplingX,
    subsamplingY,
    chromaSamplePosition,
    colorPrimaries,
    transferCharacteristics,
    matrixCoefficients,
    colorRange,
  };
  if (initialDisplayDelayMinusOne0 !== undefined) header.initialDisplayDelayMinusOne0 = initialDisplayDelayMinusOne0;
  return header;
}

/** AV1-ISOBMFF §5 codec string "av01.P.LLT.DD" (short form). */
export function av1CodecString(h: Av1SequenceHeader): string {
  return `av01.${h.seqProfile}.${String(h.seqLevelIdx0).padStart(2, '0')}${h.seqTier0 ? 'H' : 'M'}.${String(h.bitDepth).padStart(2, '0')}`;
}
