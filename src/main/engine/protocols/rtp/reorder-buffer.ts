// Puts RTP packets back in sequence-number order (RFC 3550 §A.1 arithmetic modulo 2^16) and turns
// gaps into loss reports. Without timers, a gap is given up on when a packet arrives `window`
// or more sequence numbers past it, or `maxDelay` timestamp ticks later than the last packet
// delivered, so a loss in a low-rate stream does not stall it for a whole window.
import type { RtpPacket } from './packet';

/**
 * A packet in order, or the number of packets given up as lost at this point. 0 means a packet
 * from before the first one received came late and was discarded: not counted as lost, but what
 * it belonged to (the unit in progress) is incomplete.
 */
export type ReorderEvent = RtpPacket | number;

/** A jump backwards this far is a restarted sender, not a late packet. */
const MIN_RESYNC_DISTANCE = 128;

export class RtpReorderBuffer {
  private expected: number | undefined;
  private lastTimestamp: number | undefined;
  /** The first sequence number received, until late packets can no longer come from before it. */
  private start: number | undefined;
  private readonly held = new Map<number, RtpPacket>();
  /** Packets that filled a gap after later ones had arrived. */
  reordered = 0;
  /** Packets that came after their place was given up on, and duplicates. */
  discarded = 0;

  constructor(
    /** Packets held while waiting for a gap to fill; 0: none (TCP), every gap is a loss at once. */
    readonly window = 64,
    /** Timestamp ticks past the last delivered packet after which a gap is given up; 0: no limit. */
    readonly maxDelay = 0,
  ) {}

  push(p: RtpPacket): ReorderEvent[] {
    const out: ReorderEvent[] = [];
    if (this.expected === undefined) {
      this.expected = p.sequenceNumber;
      this.start = p.sequenceNumber;
    }
    const lateLimit = Math.max(2 * this.window, MIN_RESYNC_DISTANCE);
    // Past this point a late packet cannot predate the start (and the distance would wrap).
    if (this.start !== undefined && (((this.expected - this.start) << 16) >> 16) > lateLimit) this.start = undefined;
    let d = (((p.sequenceNumber - this.expected) << 16) >> 16);
    if (d < 0) {
      if (-d < lateLimit) {
        this.discarded++;
        // Before the start: never reported lost, yet its unit may be in progress.
        if (this.start !== undefined && (((p.sequenceNumber - this.start) << 16) >> 16) < 0) out.push(0);
        return out;
      }
      this.resync(out);
      this.expected = p.sequenceNumber;
      this.start = p.sequenceNumber;
      d = 0;
    }
    // Give up on gaps that the new packet pushes out of the window (window 0: every gap).
    let lost = 0;
    const tooLate = this.maxDelay > 0 && this.lastTimestamp !== undefined && ((p.timestamp - this.lastTimestamp) | 0) > this.maxDelay;
    while (d > 0 && (d >= this.window || tooLate)) {
      const held = this.held.get(this.expected);
      if (held) {
        if (lost) out.push(lost);
        lost = 0;
        this.deliver(held, out);
        this.held.delete(this.expected);
      } else {
        lost++;
      }
      this.expected = (this.expected + 1) & 0xffff;
      d--;
    }
    if (lost) out.push(lost);
    if (d === 0) {
      if (this.held.size > 0) this.reordered++;
      this.deliver(p, out);
      this.expected = (this.expected + 1) & 0xffff;
    } else if (this.held.has(p.sequenceNumber)) {
      this.discarded++;
    } else {
      this.held.set(p.sequenceNumber, p);
    }
    this.drain(out);
    return out;
  }

  /** Forget everything (new SSRC); held packets are emitted in order, gaps as losses. */
  reset(): ReorderEvent[] {
    const out: ReorderEvent[] = [];
    this.resync(out);
    this.expected = undefined;
    this.start = undefined;
    this.lastTimestamp = undefined;
    return out;
  }

  private deliver(p: RtpPacket, out: ReorderEvent[]): void {
    this.lastTimestamp = p.timestamp;
    out.push(p);
  }

  private drain(out: ReorderEvent[]): void {
    while (this.expected !== undefined) {
      const next = this.held.get(this.expected);
      if (!next) return;
      this.held.delete(this.expected);
      this.deliver(next, out);
      this.expected = (this.expected + 1) & 0xffff;
    }
  }

  private resync(out: ReorderEvent[]): void {
    if (this.expected === undefined || this.held.size === 0) return;
    let lost = 0;
    let remaining = this.held.size;
    while (remaining > 0) {
      const held = this.held.get(this.expected);
      if (held) {
        if (lost) out.push(lost);
        lost = 0;
        this.deliver(held, out);
        this.held.delete(this.expected);
        remaining--;
      } else {
        lost++;
      }
      this.expected = (this.expected + 1) & 0xffff;
    }
  }
}
