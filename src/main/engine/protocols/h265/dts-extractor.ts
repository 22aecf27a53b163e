// H.265 decode timestamps from presentation timestamps (RTP carries PTS only). The reorder
// depth is sps_max_num_reorder_pics (§7.4.3.2.1), always present in the SPS.
import { BitstreamError } from '../h264/bit-reader';
import { DecodeTimeline } from '../h264/decode-timeline';
import { H265NalType, h265NalType } from './nal-units';
import { parseH265Sps } from './sps';

export class H265DtsExtractor {
  private readonly timeline = new DecodeTimeline();
  private sps: Buffer | undefined;
  private depth: number | undefined;

  /** `sps`: the parameter set known out of band (SDP sprop-sps), if any. */
  constructor(sps?: Buffer) {
    if (sps) this.useSps(sps);
  }

  /** Pictures that arrived more out of order than the SPS allowed. */
  get violations(): number {
    return this.timeline.violations;
  }

  /** As H264DtsExtractor.extract: units in decoding order, DTS = PTS until an SPS is known. */
  extract(nalus: readonly Buffer[], pts: number): number {
    for (const nal of nalus) {
      if (nal.length > 1 && h265NalType(nal) === H265NalType.Sps) this.useSps(nal);
    }
    return this.timeline.next(pts, this.depth ?? 0);
  }

  private useSps(nal: Buffer): void {
    if (this.sps?.equals(nal)) return;
    try {
      const depth = parseH265Sps(nal).maxNumReorderPics;
      this.sps = nal;
      if (depth !== undefined) this.depth = depth;
    } catch (err) {
      // A damaged SPS must not stop the stream: keep the depth we had.
      if (!(err instanceof BitstreamError)) throw err;
    }
  }
}
