// Where each Opus packet from the transcoder sits on the stream's timeline. FFmpeg reads bare
// ADTS (no timestamps) and numbers its output by samples; this maps output samples back to the
// pts of the AAC frame they came from, so gaps in the source stay gaps and an FFmpeg restart
// continues on the same timeline instead of starting at zero.

interface Anchor {
  /** Input samples (at the AAC rate) written before this frame, in the current FFmpeg run. */
  inSample: number;
  /** The frame's pts, in the AAC track's clock. */
  pts: number;
}

export const OPUS_CLOCK_RATE = 48000;

export class AacTimeline {
  private anchors: Anchor[] = [];
  private head = 0;
  private written = 0;

  /**
   * @param sampleRate AAC samples per second (what FFmpeg counts in).
   * @param clockRate the AAC track's timestamp clock (usually equal to sampleRate).
   */
  constructor(private readonly sampleRate: number, private readonly clockRate: number) {}

  /** A frame of `samples` samples with this pts was written to FFmpeg. */
  wrote(pts: number, samples: number): void {
    const last = this.anchors[this.anchors.length - 1];
    // Contiguous frames need no new anchor: their pts follow from the sample count. Sources
    // timed in milliseconds (RTMP/FLV) jitter by up to 1 ms around that; a real gap or jump is
    // at least a frame, so only a difference past half a frame starts a new anchor.
    const expected = last ? last.pts + ((this.written - last.inSample) * this.clockRate) / this.sampleRate : NaN;
    if (!last || Math.abs(pts - expected) > ((samples / 2) * this.clockRate) / this.sampleRate) this.anchors.push({ inSample: this.written, pts });
    this.written += samples;
  }

  /** pts at 48 kHz of the Opus packet that starts `outSample` 48 kHz samples into this run, or null before any input. */
  ptsOf(outSample: number): number | null {
    if (this.head >= this.anchors.length) return null;
    const inSample = (outSample * this.sampleRate) / OPUS_CLOCK_RATE;
    while (this.head + 1 < this.anchors.length && this.anchors[this.head + 1].inSample <= inSample) this.head++;
    // Anchors behind the read position are never needed again; compact now and then.
    if (this.head > 64) {
      this.anchors = this.anchors.slice(this.head);
      this.head = 0;
    }
    const a = this.anchors[this.head];
    const pts = a.pts + ((inSample - a.inSample) * this.clockRate) / this.sampleRate;
    return Math.round((pts * OPUS_CLOCK_RATE) / this.clockRate);
  }

  /** A new FFmpeg run starts counting from zero. */
  reset(): void {
    this.anchors = [];
    this.head = 0;
    this.written = 0;
  }
}
