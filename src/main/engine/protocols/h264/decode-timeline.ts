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
// they get DTS spaced one estimated frame before the first picture's PTS, which must be the
// earliest in output order: true when decoding starts at an IDR picture (the depacketizers
// start at a keyframe). An H.265 stream joined at a CRA picture is the exception: its RASL
// pictures come out earlier, get DTS clamped (counted as violations) and decoders drop them.
import { BitstreamError } from './bit-reader';

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

/** What a codec's SPS says about decode timing. */
export interface SpsTiming {
  /** The reorder depth N. */
  depth: number;
  /** Frame duration in 90 kHz ticks, when the SPS gives a frame rate. */
  frameDuration?: number;
}

/** How one codec finds its SPS and reads the timing from it (may throw BitstreamError). */
export interface SpsTimingReader {
  isSps(nal: Buffer): boolean;
  timing(sps: Buffer): SpsTiming | undefined;
}

/**
 * DTS for one video track from its PTS: follows the SPS, known out of band (SDP) or repeated in
 * band, and feeds a DecodeTimeline. Until an SPS is known the stream is taken to have no
 * reordering (DTS = PTS).
 */
export class SpsDtsExtractor {
  private readonly timeline = new DecodeTimeline();
  private sps: Buffer | undefined;
  private timing: SpsTiming | undefined;

  constructor(
    private readonly reader: SpsTimingReader,
    /** The SPS from the SDP (sprop-parameter-sets, sprop-sps), if any. */
    sps?: Buffer,
  ) {
    if (sps) this.useSps(sps);
  }

  /** Pictures that arrived more out of order than the SPS allowed. */
  get violations(): number {
    return this.timeline.violations;
  }

  /** The DTS of one access unit, in the PTS clock (90 kHz). Units must come in decoding order. */
  extract(nalus: readonly Buffer[], pts: number): number {
    for (const nal of nalus) if (this.reader.isSps(nal)) this.useSps(nal);
    return this.timeline.next(pts, this.timing?.depth ?? 0, this.timing?.frameDuration);
  }

  private useSps(nal: Buffer): void {
    if (this.sps?.equals(nal)) return;
    try {
      const timing = this.reader.timing(nal);
      this.sps = nal;
      if (timing) this.timing = timing;
    } catch (err) {
      // A damaged SPS must not stop the stream: keep the timing we had.
      if (!(err instanceof BitstreamError)) throw err;
    }
  }
}
