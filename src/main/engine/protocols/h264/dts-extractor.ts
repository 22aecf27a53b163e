// H.264 decode timestamps from presentation timestamps (RTP carries PTS only), for streams with
// B-frames. The reorder depth comes from the SPS (decode-timeline.ts explains the rest).
import { MAX_REORDER_DEPTH, SpsDtsExtractor, type SpsTimingReader } from './decode-timeline';
import { H264NalType } from './nal-units';
import { parseH264Sps, type H264Sps } from './sps';

/** Table A-1: MaxDpbMbs per level_idc (level 1b is signalled as 11 with constraint_set3 or as 9). */
const MAX_DPB_MBS: ReadonlyMap<number, number> = new Map([
  [9, 396], [10, 396], [11, 900], [12, 2376], [13, 2376], [20, 2376], [21, 4752], [22, 8100],
  [30, 8100], [31, 18000], [32, 20480], [40, 32768], [41, 32768], [42, 34816], [50, 110400],
  [51, 184320], [52, 184320], [60, 696320], [61, 696320], [62, 696320],
]);

/** Profiles whose constraint_set3_flag means intra-only (§A.2.8–A.2.11): no reordering. */
const INTRA_PROFILES = new Set([44, 86, 100, 110, 122, 244]);

/** The reorder depth an SPS allows: how many frames a DTS must trail its own PTS by, at most. */
export function h264ReorderDepth(sps: H264Sps): number {
  // §8.2.1.3: with pic_order_cnt_type 2, output order is decoding order.
  if (sps.picOrderCntType === 2) return 0;
  if (sps.maxNumReorderFrames !== undefined) return sps.maxNumReorderFrames;
  // Baseline has no B slices; encoders emit its frames in output order (the E.2.1 inference
  // below would delay such streams by a whole DPB for nothing).
  if (sps.profileIdc === 66) return 0;
  // E.2.1: max_num_reorder_frames absent → 0 for intra profiles, else MaxDpbFrames.
  if (INTRA_PROFILES.has(sps.profileIdc) && (sps.constraintFlags & 0x10) !== 0) return 0;
  // §A.3.1: level_idc 11 with constraint_set3_flag means level 1b in the Baseline/Main/Extended profiles.
  const level1b = sps.levelIdc === 11 && (sps.constraintFlags & 0x10) !== 0 && [66, 77, 88].includes(sps.profileIdc);
  const maxDpbMbs = MAX_DPB_MBS.get(level1b ? 9 : sps.levelIdc) ?? MAX_DPB_MBS.get(62)!;
  const frameMbs = (sps.codedWidth / 16) * (sps.codedHeight / 16);
  return Math.min(Math.floor(maxDpbMbs / frameMbs), MAX_REORDER_DEPTH);
}

const H264_SPS_TIMING: SpsTimingReader = {
  isSps: (nal) => nal.length > 0 && (nal[0] & 0x1f) === H264NalType.Sps,
  timing: (nal) => {
    const sps = parseH264Sps(nal);
    return { depth: h264ReorderDepth(sps), frameDuration: sps.frameRate ? Math.round(90000 / sps.frameRate) : undefined };
  },
};

export class H264DtsExtractor extends SpsDtsExtractor {
  /** `sps`: the SPS from the SDP's sprop-parameter-sets, if any. */
  constructor(sps?: Buffer) {
    super(H264_SPS_TIMING, sps);
  }
}
