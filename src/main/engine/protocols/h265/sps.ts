// H.265 sequence parameter set (ITU-T H.265 §7.3.2.2), up to the fields a server needs: the
// profile/tier/level (for hvcC and codec strings), chroma format, bit depth and picture size.
import { BitReader, BitstreamError } from '../h264/bit-reader';
import { nalToRbsp } from '../h264/rbsp';

export interface H265ProfileTierLevel {
  profileSpace: number;
  tierFlag: number;
  profileIdc: number;
  /** general_profile_compatibility_flag[0..31], flag 0 in the most significant bit. */
  compatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag on, as 6 bytes. */
  constraintIndicatorFlags: Buffer;
  levelIdc: number;
}

export interface H265Sps {
  vpsId: number;
  maxSubLayers: number;
  temporalIdNesting: boolean;
  profileTierLevel: H265ProfileTierLevel;
  spsId: number;
  chromaFormatIdc: number;
  separateColourPlane: boolean;
  codedWidth: number;
  codedHeight: number;
  conformanceWindow: { left: number; right: number; top: number; bottom: number };
  width: number;
  height: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /**
   * sps_max_num_reorder_pics for the highest sub-layer (§7.4.3.2.1): the most pictures that may
   * precede any picture in decoding order and follow it in output order. Unset when truncated.
   */
  maxNumReorderPics?: number;
}

/** §7.3.3 profile_tier_level(1, maxNumSubLayersMinus1). */
export function readProfileTierLevel(r: BitReader, maxSubLayersMinus1: number): H265ProfileTierLevel {
  const profileSpace = r.readBits(2);
  const tierFlag = r.readBits(1);
  const profileIdc = r.readBits(5);
  const compatibilityFlags = r.readBits(32);
  const constraintIndicatorFlags = Buffer.allocUnsafe(6);
  for (let i = 0; i < 6; i++) constraintIndicatorFlags[i] = r.readBits(8);
  const levelIdc = r.readBits(8);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.readFlag());
    levelPresent.push(r.readFlag());
  }
  if (maxSubLayersMinus1 > 0) r.skipBits(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skipBits(88);
    if (levelPresent[i]) r.skipBits(8);
  }
  return { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintIndicatorFlags, levelIdc };
}

/** Parses an SPS NAL unit (with its 2-byte NAL header, without a start code). */
export function parseH265Sps(nal: Buffer): H265Sps {
  if (nal.length < 3) throw new BitstreamError('TRUNCATED', `H.265 SPS of ${nal.length} bytes`);
  const type = (nal[0] >> 1) & 0x3f;
  if (type !== 33) throw new BitstreamError('INVALID', `H.265 NAL type ${type} is not an SPS (33)`);
  const r = new BitReader(nalToRbsp(nal), 2, 'H.265 SPS');
  const vpsId = r.readBits(4);
  const maxSubLayersMinus1 = r.readBits(3);
  if (maxSubLayersMinus1 > 6) throw new BitstreamError('INVALID', `H.265 SPS: sps_max_sub_layers_minus1 = ${maxSubLayersMinus1}, at most 6`);
  const temporalIdNesting = r.readFlag();
  const profileTierLevel = readProfileTierLevel(r, maxSubLayersMinus1);
  const spsId = r.readUEMax(15, 'sps_seq_parameter_set_id');
  const chromaFormatIdc = r.readUEMax(3, 'chroma_format_idc');
  const separateColourPlane = chromaFormatIdc === 3 ? r.readFlag() : false;
  const codedWidth = r.readUE();
  const codedHeight = r.readUE();
  const conformanceWindow = { left: 0, right: 0, top: 0, bottom: 0 };
  if (r.readFlag()) {
    conformanceWindow.left = r.readUE();
    conformanceWindow.right = r.readUE();
    conformanceWindow.top = r.readUE();
    conformanceWindow.bottom = r.readUE();
  }
  const bitDepthLuma = 8 + r.readUEMax(8, 'bit_depth_luma_minus8');
  const bitDepthChroma = 8 + r.readUEMax(8, 'bit_depth_chroma_minus8');
  // §7.4.3.2.1 (6-1, 6-2): window offsets are in chroma sample units.
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const width = codedWidth - subWidthC * (conformanceWindow.left + conformanceWindow.right);
  const height = codedHeight - subHeightC * (conformanceWindow.top + conformanceWindow.bottom);
  if (codedWidth === 0 || codedHeight === 0 || width <= 0 || height <= 0) {
    throw new BitstreamError('INVALID', `H.265 SPS: picture ${codedWidth}x${codedHeight} with window ${JSON.stringify(conformanceWindow)}`);
  }
  const maxNumReorderPics = readMaxNumReorderPics(r, maxSubLayersMinus1);
  return {
    vpsId,
    maxSubLayers: maxSubLayersMinus1 + 1,
    temporalIdNesting,
    profileTierLevel,
    spsId,
    chromaFormatIdc,
    separateColourPlane,
    codedWidth,
    codedHeight,
    conformanceWindow,
    width,
    height,
    bitDepthLuma,
    bitDepthChroma,
    maxNumReorderPics,
  };
}

/** §7.3.2.2.1: the sub-layer ordering info that follows the bit depths; its last entry applies. */
function readMaxNumReorderPics(r: BitReader, maxSubLayersMinus1: number): number | undefined {
  try {
    r.readUEMax(12, 'log2_max_pic_order_cnt_lsb_minus4');
    const perSubLayer = r.readFlag();
    let reorder = 0;
    for (let i = perSubLayer ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
      r.readUEMax(15, 'sps_max_dec_pic_buffering_minus1');
      reorder = r.readUEMax(15, 'sps_max_num_reorder_pics');
      r.readUE(); // sps_max_latency_increase_plus1
    }
    return reorder;
  } catch (err) {
    if (!(err instanceof BitstreamError)) throw err;
    return undefined;
  }
}
