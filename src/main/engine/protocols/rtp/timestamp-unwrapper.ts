// RTP timestamps are 32-bit and wrap (RFC 3550 §5.1); tracks use plain numbers starting near 0.
// Each timestamp is placed relative to the previous one by the shortest signed distance, so
// reordered B-frame timestamps and wraparound both come out right.

export class RtpTimestampUnwrapper {
  private lastRaw: number | undefined;
  private lastValue = 0;

  /** Track timestamp for an RTP timestamp; the first one maps to 0. */
  unwrap(rtpTimestamp: number): number {
    const raw = rtpTimestamp >>> 0;
    if (this.lastRaw === undefined) {
      this.lastRaw = raw;
      return this.lastValue;
    }
    this.lastValue += (raw - this.lastRaw) | 0;
    this.lastRaw = raw;
    return this.lastValue;
  }

  /** The sender changed (new SSRC): its first timestamp comes one tick after the last one. */
  restart(): void {
    if (this.lastRaw === undefined) return;
    this.lastRaw = undefined;
    this.lastValue += 1;
  }
}
