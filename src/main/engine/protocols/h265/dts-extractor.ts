// H.265 decode timestamps from presentation timestamps (RTP carries PTS only). The reorder
// depth is sps_max_num_reorder_pics (§7.4.3.2.1), always present in the SPS.
import { SpsDtsExtractor, type SpsTimingReader } from '../h264/decode-timeline';
import { H265NalType, h265NalType } from './nal-units';
import { parseH265Sps } from './sps';

const H265_SPS_TIMING: SpsTimingReader = {
  isSps: (nal) => nal.length > 1 && h265NalType(nal) === H265NalType.Sps,
  timing: (nal) => {
    const depth = parseH265Sps(nal).maxNumReorderPics;
    return depth === undefined ? undefined : { depth };
  },
};

export class H265DtsExtractor extends SpsDtsExtractor {
  /** `sps`: the SPS from the SDP's sprop-sps, if any. */
  constructor(sps?: Buffer) {
    super(H265_SPS_TIMING, sps);
  }
}
