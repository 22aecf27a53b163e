// What a sender needs for its reports (RFC 3550 §6.4.1): packet and octet counts of one SSRC and
// the RTP timestamp that corresponds to "now", extrapolated from the last packet sent at the
// track's clock rate. The caller supplies the wall clock (no timers here).
import { RTP_HEADER_SIZE } from './packet';
import { buildSdesCname, buildSenderReport, type RtcpSenderReport } from './rtcp';
import { ntpFromDate } from './ntp-time';

export class RtcpSenderState {
  packetCount = 0;
  /** Payload octets sent (§6.4.1: headers and padding excluded). */
  octetCount = 0;
  private lastRtpTimestamp: number | undefined;
  private lastSentMs = 0;

  constructor(
    readonly ssrc: number,
    readonly clockRate: number,
  ) {}

  /** Counts one serialized RTP packet sent at `nowMs` (Unix ms). Packets of other SSRCs are ignored. */
  onPacketSent(packet: Buffer, nowMs: number): void {
    if (packet.length < RTP_HEADER_SIZE || packet.readUInt32BE(8) !== this.ssrc) return;
    let header = RTP_HEADER_SIZE + (packet[0] & 0x0f) * 4;
    if (packet[0] & 0x10 && packet.length >= header + 4) header += 4 + packet.readUInt16BE(header + 2) * 4;
    const padding = packet[0] & 0x20 ? packet[packet.length - 1] : 0;
    this.packetCount = (this.packetCount + 1) >>> 0;
    this.octetCount = (this.octetCount + Math.max(0, packet.length - header - padding)) >>> 0;
    this.lastRtpTimestamp = packet.readUInt32BE(4);
    this.lastSentMs = nowMs;
  }

  onPacketsSent(packets: readonly Buffer[], nowMs: number): void {
    for (const p of packets) this.onPacketSent(p, nowMs);
  }

  /** The report for `nowMs`, or undefined before the first packet (§6.4: no SR without data). */
  senderReport(nowMs: number): Omit<RtcpSenderReport, 'type' | 'reports'> | undefined {
    if (this.lastRtpTimestamp === undefined) return undefined;
    const elapsed = Math.round(((nowMs - this.lastSentMs) * this.clockRate) / 1000);
    return {
      ssrc: this.ssrc,
      ntp: ntpFromDate(nowMs),
      rtpTimestamp: (this.lastRtpTimestamp + elapsed) >>> 0,
      packetCount: this.packetCount,
      octetCount: this.octetCount,
    };
  }

  /** A compound SR + SDES CNAME (§6.1), or undefined before the first packet. */
  buildCompound(nowMs: number, cname: string): Buffer | undefined {
    const sr = this.senderReport(nowMs);
    if (!sr) return undefined;
    return Buffer.concat([buildSenderReport(sr), buildSdesCname(this.ssrc, cname)]);
  }
}
