// Reception statistics of one source for receiver report blocks (RFC 3550 §6.4.1, Appendix A.3
// loss and A.8 jitter). The caller supplies arrival times in Unix ms (no timers here).
import type { RtpPacket } from './packet';
import { ntpMiddle32 } from './ntp-time';
import type { RtcpReportBlock, RtcpSenderReport } from './rtcp';

export class RtcpReceiverState {
  private baseSeq: number | undefined;
  private maxSeq = 0;
  private cycles = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transitPrior: number | undefined;
  private jitter = 0;
  private lastSr = 0;
  private lastSrArrivalMs: number | undefined;

  constructor(
    /** The sender's SSRC this state describes. */
    readonly ssrc: number,
    readonly clockRate: number,
  ) {}

  onPacket(p: Pick<RtpPacket, 'sequenceNumber' | 'timestamp'>, arrivalMs: number): void {
    const seq = p.sequenceNumber;
    if (this.baseSeq === undefined) {
      this.baseSeq = seq;
      this.maxSeq = seq;
    } else {
      const delta = (seq - this.maxSeq) & 0xffff;
      // A.1: forward within half the space advances (wrapping adds a cycle); older is late.
      if (delta > 0 && delta < 0x8000) {
        if (seq < this.maxSeq) this.cycles += 0x10000;
        this.maxSeq = seq;
      }
    }
    this.received++;
    // A.8: transit time in timestamp units; J += (|D| − J) / 16.
    const arrival = Math.round((arrivalMs * this.clockRate) / 1000);
    const transit = arrival - p.timestamp;
    if (this.transitPrior !== undefined) {
      let d = transit - this.transitPrior;
      d = ((d % 2 ** 32) + 2 ** 32) % 2 ** 32;
      if (d >= 2 ** 31) d = 2 ** 32 - d;
      this.jitter += (d - this.jitter) / 16;
    }
    this.transitPrior = transit;
  }

  onSenderReport(sr: Pick<RtcpSenderReport, 'ntp'>, arrivalMs: number): void {
    this.lastSr = ntpMiddle32(sr.ntp);
    this.lastSrArrivalMs = arrivalMs;
  }

  /** The report block at `nowMs`; starts a new interval for fractionLost (A.3). */
  reportBlock(nowMs: number): RtcpReportBlock | undefined {
    if (this.baseSeq === undefined) return undefined;
    const extendedMax = this.cycles + this.maxSeq;
    const expected = extendedMax - this.baseSeq + 1;
    const lost = expected - this.received;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: lost,
      highestSequence: extendedMax >>> 0,
      jitter: Math.floor(this.jitter) >>> 0,
      lastSenderReport: this.lastSr,
      delaySinceLastSenderReport: this.lastSrArrivalMs === undefined ? 0 : Math.max(0, Math.round(((nowMs - this.lastSrArrivalMs) * 65536) / 1000)) >>> 0,
    };
  }
}
