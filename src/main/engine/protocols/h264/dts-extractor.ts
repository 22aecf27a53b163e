// H.264 decode timestamps from presentation timestamps (RTP carries PTS only), for streams with
// B-frames. The reorder depth comes from the SPS (DecodeTimeline explains the rest).
import { BitstreamError } from './bit-reader';
import { DecodeTimeline, MAX_REORDER_DEPTH } from './decode-timeline';
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
  const maxDpbMbs = MAX_DPB_MBS.get(sps.levelIdc) ?? MAX_DPB_MBS.get(62)!;
  const frameMbs = (sps.codedWidth / 16) * (sps.codedHeight / 16);
  return Math.min(Math.floor(maxDpbMbs / frameMbs), MAX_REORDER_DEPTH);
}

export class H264DtsExtractor {
  private readonly timeline = new DecodeTimeline();
  private sps: Buffer | undefined;
  private depth: number | undefined;
  private frameDuration: number | undefined;

  /** `sps`: the parameter set known out of band (SDP sprop-parameter-sets), if any. */
  constructor(sps?: Buffer) {
    if (sps) this.useSps(sps);
  }

  /** Pictures that arrived more out of order than the SPS allowed. */
  get violations(): number {
    return this.timeline.violations;
  }

  /**
   * The DTS of one access unit, in the PTS clock (90 kHz). Units must come in decoding order.
   * Until an SPS is known the stream is taken to have no reordering (DTS = PTS).
   */
  extract(nalus: readonly Buffer[], pts: number): number {
    for (const nal of nalus) {
      if (nal.length > 0 && (nal[0] & 0x1f) === H264NalType.Sps) this.useSps(nal);
    }
    return this.timeline.next(pts, this.depth ?? 0, this.frameDuration);
  }

  private useSps(nal: Buffer): void {
    if (this.sps?.equals(nal)) return;
    let info: H264Sps;
    try {
      info = parseH264Sps(nal);
    } catch (err) {
      // A damaged SPS must not stop the stream: keep the depth we had.
      if (err instanceof BitstreamError) return;
      throw err;
    }
    this.sps = nal;
    this.depth = h264ReorderDepth(info);
    this.frameDuration = info.frameRate ? Math.round(90000 / info.frameRate) : undefined;
  }
}
