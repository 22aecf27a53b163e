// Decode timestamps for a video stream whose transport carries presentation time only (RTP).
//
// Let N be the stream's reorder depth: no picture is preceded in decoding order and followed in
// output order by more than N pictures (H.264 max_num_reorder_frames, H.265
// sps_max_num_reorder_pics). When the picture with decode index D arrives, every picture with
// output index ≤ D − N has arrived too, and exactly N of the D + 1 received pictures have a
// higher output index. So the (N + 1)-th largest PTS received so far is the PTS of output
// picture D − N: it never decreases, it grows with every picture, and it is ≤ the arriving
// picture's own PTS. Using it as DTS needs no buffering, no frame-rate guess after the first N
// pictures, and follows variable frame rates exactly. The first N pictures have no such PTS yet;
// they get DTS spaced one estimated frame before the first picture's PTS.

/** H.264 §A.3.1 / H.265 §A.4.2: a DPB holds at most 16 pictures, so no deeper reorder exists. */
export const MAX_REORDER_DEPTH = 16;

const DEFAULT_FRAME_DURATION = 3000; // 1/30 s at 90 kHz

export class DecodeTimeline {
  /** The largest PTS values received, descending; at most MAX_REORDER_DEPTH + 1 of them. */
  private readonly largest: number[] = [];
  private received = 0;
  private firstPts = 0;
  private prevDts: number | undefined;
  /** Pictures whose PTS came earlier than the reorder depth allows (non-conforming input). */
  violations = 0;

  /**
   * `depth`: the reorder depth N. `frameDuration`: a guess used only for the first N pictures,
   * in the PTS clock (90 kHz ticks).
   */
  next(pts: number, depth: number, frameDuration = DEFAULT_FRAME_DURATION): number {
    const n = Math.min(Math.max(0, depth), MAX_REORDER_DEPTH);
    if (this.received === 0) this.firstPts = pts;
    this.received++;
    this.insert(pts);
    let dts = this.received > n ? this.largest[n] : this.firstPts - (n - this.received + 1) * frameDuration;
    if (dts > pts) {
      // More pictures came out of order than the SPS announced: keep DTS ≤ PTS for this one.
      this.violations++;
      dts = pts;
    }
    // Only a violation or a deeper reorder announced mid-stream can get here; DTS must still grow.
    if (this.prevDts !== undefined && dts <= this.prevDts) dts = this.prevDts + 1;
    this.prevDts = dts;
    return dts;
  }

  /** Keeps `largest` sorted descending with at most MAX_REORDER_DEPTH + 1 entries. */
  private insert(pts: number): void {
    const a = this.largest;
    if (a.length > MAX_REORDER_DEPTH && pts <= a[a.length - 1]) return;
    let i = a.length;
    while (i > 0 && a[i - 1] < pts) i--;
    a.splice(i, 0, pts);
    if (a.length > MAX_REORDER_DEPTH + 1) a.pop();
  }
}
