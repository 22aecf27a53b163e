// H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) — what a server needs: profile, level,
// picture size after cropping, chroma format, bit depth, and the frame rate when VUI has timing.
import { BitReader, BitstreamError } from './bit-reader';
import { nalToRbsp } from './rbsp';

export interface H264Sps {
  profileIdc: number;
  /** constraint_set0..5 flags and the two reserved bits, as the byte that follows profile_idc. */
  constraintFlags: number;
  levelIdc: number;
  spsId: number;
  chromaFormatIdc: number;
  separateColourPlane: boolean;
  bitDepthLuma: number;
  bitDepthChroma: number;
  frameMbsOnly: boolean;
  /** Decoded size before cropping (macroblock multiples). */
  codedWidth: number;
  codedHeight: number;
  crop: { left: number; right: number; top: number; bottom: number };
  /** Display size: coded size minus the cropping window. */
  width: number;
  height: number;
  maxNumRefFrames: number;
  /** pic_order_cnt_type (§7.4.2.1.1): 2 means output order equals decoding order. */
  picOrderCntType: number;
  /**
   * VUI bitstream_restriction (Annex E.2.1): the most frames that may precede any frame in
   * decoding order and follow it in output order, when the encoder wrote it.
   */
  maxNumReorderFrames?: number;
  /** Sample aspect ratio from VUI, when present. */
  sar?: { width: number; height: number };
  /** Frames per second from VUI timing (time_scale / (2 · num_units_in_tick)), when present. */
  frameRate?: number;
}

/** §7.4.2.1.1: profiles whose SPS carries chroma format, bit depth and scaling lists. */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Table E-1: sample aspect ratios for aspect_ratio_idc 1–16. */
const SAR_TABLE: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [1, 1], [12, 11], [10, 11], [16, 11], [40, 33], [24, 11], [20, 11], [32, 11],
  [80, 33], [18, 11], [15, 11], [64, 33], [160, 99], [4, 3], [3, 2], [2, 1],
];

/** §7.3.2.1.1.1: scaling_list() — parsed only to skip it. */
function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) {
      const delta = r.readSE();
      if (delta < -128 || delta > 127) throw new BitstreamError('INVALID', `H.264 SPS: delta_scale ${delta} out of range`);
      next = (last + delta + 256) % 256;
    }
    last = next === 0 ? last : next;
  }
}

/** Parses an SPS NAL unit (with its 1-byte NAL header, without a start code). */
export function parseH264Sps(nal: Buffer): H264Sps {
  if (nal.length < 4) throw new BitstreamError('TRUNCATED', `H.264 SPS of ${nal.length} bytes`);
  if ((nal[0] & 0x1f) !== 7) throw new BitstreamError('INVALID', `H.264 NAL type ${nal[0] & 0x1f} is not an SPS (7)`);
  const r = new BitReader(nalToRbsp(nal), 1, 'H.264 SPS');
  const profileIdc = r.readBits(8);
  const constraintFlags = r.readBits(8);
  const levelIdc = r.readBits(8);
  const spsId = r.readUEMax(31, 'seq_parameter_set_id');
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.readUEMax(3, 'chroma_format_idc');
    if (chromaFormatIdc === 3) separateColourPlane = r.readFlag();
    bitDepthLuma = 8 + r.readUEMax(6, 'bit_depth_luma_minus8');
    bitDepthChroma = 8 + r.readUEMax(6, 'bit_depth_chroma_minus8');
    r.skipBits(1); // qpprime_y_zero_transform_bypass_flag
    if (r.readFlag()) {
      // seq_scaling_matrix_present_flag: 6 4x4 lists, then 2 (or 6 for 4:4:4) 8x8 lists.
      const lists = chromaFormatIdc !== 3 ? 8 : 12;
      for (let i = 0; i < lists; i++) {
        if (r.readFlag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  r.readUEMax(12, 'log2_max_frame_num_minus4');
  const picOrderCntType = r.readUEMax(2, 'pic_order_cnt_type');
  if (picOrderCntType === 0) {
    r.readUEMax(12, 'log2_max_pic_order_cnt_lsb_minus4');
  } else if (picOrderCntType === 1) {
    r.skipBits(1); // delta_pic_order_always_zero_flag
    r.readSE(); // offset_for_non_ref_pic
    r.readSE(); // offset_for_top_to_bottom_field
    const cycle = r.readUEMax(255, 'num_ref_frames_in_pic_order_cnt_cycle');
    for (let i = 0; i < cycle; i++) r.readSE();
  }
  const maxNumRefFrames = r.readUE();
  r.skipBits(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.readUE() + 1;
  const heightMapUnits = r.readUE() + 1;
  const frameMbsOnly = r.readFlag();
  if (!frameMbsOnly) r.skipBits(1); // mb_adaptive_frame_field_flag
  r.skipBits(1); // direct_8x8_inference_flag
  const crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (r.readFlag()) {
    crop.left = r.readUE();
    crop.right = r.readUE();
    crop.top = r.readUE();
    crop.bottom = r.readUE();
  }
  const codedWidth = widthMbs * 16;
  const codedHeight = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
  // §7.4.2.1.1, equations 7-19..7-22: crop units depend on ChromaArrayType.
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaFormatIdc === 3 ? 1 : 2;
  const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
  const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
  const width = codedWidth - cropUnitX * (crop.left + crop.right);
  const height = codedHeight - cropUnitY * (crop.top + crop.bottom);
  if (width <= 0 || height <= 0) {
    throw new BitstreamError('INVALID', `H.264 SPS: cropping (${JSON.stringify(crop)}) exceeds the ${codedWidth}x${codedHeight} picture`);
  }
  const sps: H264Sps = {
    profileIdc,
    constraintFlags,
    levelIdc,
    spsId,
    chromaFormatIdc,
    separateColourPlane,
    bitDepthLuma,
    bitDepthChroma,
    frameMbsOnly,
    codedWidth,
    codedHeight,
    crop,
    width,
    height,
    maxNumRefFrames,
    picOrderCntType,
  };
  if (r.bitsLeft > 0 && r.readFlag()) readVui(r, sps);
  return sps;
}

/** Annex E.1.1, up to bitstream_restriction; a truncated VUI leaves the fields it did not reach unset. */
function readVui(r: BitReader, sps: H264Sps): void {
  try {
    if (r.readFlag()) {
      const idc = r.readBits(8);
      if (idc === 255) {
        sps.sar = { width: r.readBits(16), height: r.readBits(16) };
      } else if (idc > 0 && idc < SAR_TABLE.length) {
        sps.sar = { width: SAR_TABLE[idc][0], height: SAR_TABLE[idc][1] };
      }
    }
    if (r.readFlag()) r.skipBits(1); // overscan_appropriate_flag
    if (r.readFlag()) {
      r.skipBits(4); // video_format, video_full_range_flag
      if (r.readFlag()) r.skipBits(24); // colour description
    }
    if (r.readFlag()) {
      r.readUE();
      r.readUE();
    }
    if (r.readFlag()) {
      const unitsInTick = r.readBits(32);
      const timeScale = r.readBits(32);
      if (unitsInTick > 0 && timeScale > 0) sps.frameRate = timeScale / (2 * unitsInTick);
      r.skipBits(1); // fixed_frame_rate_flag
    }
    const nalHrd = r.readFlag();
    if (nalHrd) skipHrdParameters(r);
    const vclHrd = r.readFlag();
    if (vclHrd) skipHrdParameters(r);
    if (nalHrd || vclHrd) r.skipBits(1); // low_delay_hrd_flag
    r.skipBits(1); // pic_struct_present_flag
    if (r.readFlag()) {
      // bitstream_restriction_flag
      r.skipBits(1); // motion_vectors_over_pic_boundaries_flag
      for (let i = 0; i < 4; i++) r.readUE(); // max_bytes_per_pic_denom … log2_max_mv_length_vertical
      sps.maxNumReorderFrames = r.readUEMax(16, 'max_num_reorder_frames');
    }
  } catch (err) {
    if (!(err instanceof BitstreamError)) throw err;
  }
}

/** Annex E.1.2: hrd_parameters() — parsed only to skip it. */
function skipHrdParameters(r: BitReader): void {
  const cpbCount = r.readUEMax(31, 'cpb_cnt_minus1') + 1;
  r.skipBits(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < cpbCount; i++) {
    r.readUE(); // bit_rate_value_minus1
    r.readUE(); // cpb_size_value_minus1
    r.skipBits(1); // cbr_flag
  }
  r.skipBits(20); // four delay/offset lengths, 5 bits each
}
