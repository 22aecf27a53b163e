// RTCP packets (RFC 3550 §6.4–6.6): sender and receiver reports, SDES CNAME, BYE; and the
// feedback messages used to ask for keyframes: PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1),
// plus generic NACK (RFC 4585 §6.2.1). Compound packets are parsed item by item.
import { RtpError } from './errors';
import type { NtpTime } from './ntp-time';

export { ntpFromDate, ntpMiddle32, ntpToDate, type NtpTime } from './ntp-time';

export const RtcpPacketType = { Sr: 200, Rr: 201, Sdes: 202, Bye: 203, App: 204, Rtpfb: 205, Psfb: 206 } as const;
/** Feedback message types (FMT) within RTPFB / PSFB. */
export const RtcpFeedbackFormat = { Nack: 1, Pli: 1, Fir: 4 } as const;

export interface RtcpReportBlock {
  ssrc: number;
  /** Fraction lost since the last report, in 1/256 (§6.4.1). */
  fractionLost: number;
  /** Cumulative packets lost; signed 24-bit (duplicates can make it negative). */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles << 16 | seq). */
  highestSequence: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the last SR's NTP time, 0 if none. */
  lastSenderReport: number;
  /** Delay since that SR in 1/65536 s. */
  delaySinceLastSenderReport: number;
}

export interface RtcpSenderReport {
  type: 'sr';
  ssrc: number;
  ntp: NtpTime;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: RtcpReportBlock[];
}

export interface RtcpReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: RtcpReportBlock[];
}

export interface RtcpSourceDescription {
  type: 'sdes';
  /** Per source: the CNAME item (others are skipped). */
  chunks: Array<{ ssrc: number; cname?: string }>;
}

export interface RtcpBye {
  type: 'bye';
  ssrcs: number[];
  reason?: string;
}

export interface RtcpPictureLossIndication {
  type: 'pli';
  senderSsrc: number;
  mediaSsrc: number;
}

export interface RtcpFullIntraRequest {
  type: 'fir';
  senderSsrc: number;
  entries: Array<{ ssrc: number; sequenceNumber: number }>;
}

export interface RtcpGenericNack {
  type: 'nack';
  senderSsrc: number;
  mediaSsrc: number;
  /** Sequence numbers reported lost. */
  lost: number[];
}

/** An RTCP packet this module does not decode (APP, other feedback types, …). */
export interface RtcpOther {
  type: 'other';
  packetType: number;
  /** RC/SC/FMT field. */
  count: number;
  body: Buffer;
}

export type RtcpPacket =
  | RtcpSenderReport
  | RtcpReceiverReport
  | RtcpSourceDescription
  | RtcpBye
  | RtcpPictureLossIndication
  | RtcpFullIntraRequest
  | RtcpGenericNack
  | RtcpOther;

const HEADER_SIZE = 4;
const REPORT_BLOCK_SIZE = 24;

/** Parses a compound RTCP packet (§6.1) into its items; throws RtpError on malformed input. */
export function parseRtcpCompound(buf: Buffer): RtcpPacket[] {
  const out: RtcpPacket[] = [];
  let pos = 0;
  if (buf.length < HEADER_SIZE) throw new RtpError('TRUNCATED', `RTCP packet of ${buf.length} bytes is shorter than its header`);
  while (pos < buf.length) {
    if (pos + HEADER_SIZE > buf.length) throw new RtpError('TRUNCATED', `RTCP header truncated at byte ${pos}`);
    const b0 = buf[pos];
    if (b0 >> 6 !== 2) throw new RtpError('VERSION', `RTCP version ${b0 >> 6} at byte ${pos}; expected 2`);
    const count = b0 & 0x1f;
    const packetType = buf[pos + 1];
    const length = (buf.readUInt16BE(pos + 2) + 1) * 4;
    if (pos + length > buf.length) throw new RtpError('TRUNCATED', `RTCP packet type ${packetType} of ${length} bytes at byte ${pos} runs past the ${buf.length}-byte datagram`);
    let end = pos + length;
    if (b0 & 0x20) {
      // §6.4.1 P: padding, counted by the last octet, only on the last packet of a compound.
      const padding = buf[end - 1];
      if (padding === 0 || padding > length - HEADER_SIZE) throw new RtpError('INVALID', `RTCP padding of ${padding} bytes at byte ${pos}`);
      end -= padding;
    }
    out.push(parseItem(packetType, count, buf.subarray(pos + HEADER_SIZE, end)));
    pos += length;
  }
  return out;
}

function need(body: Buffer, n: number, what: string): void {
  if (body.length < n) throw new RtpError('TRUNCATED', `RTCP ${what} needs ${n} bytes, has ${body.length}`);
}

function parseReportBlocks(body: Buffer, pos: number, count: number, what: string): RtcpReportBlock[] {
  need(body, pos + count * REPORT_BLOCK_SIZE, what);
  const reports: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++, pos += REPORT_BLOCK_SIZE) {
    reports.push({
      ssrc: body.readUInt32BE(pos),
      fractionLost: body[pos + 4],
      cumulativeLost: body.readIntBE(pos + 5, 3),
      highestSequence: body.readUInt32BE(pos + 8),
      jitter: body.readUInt32BE(pos + 12),
      lastSenderReport: body.readUInt32BE(pos + 16),
      delaySinceLastSenderReport: body.readUInt32BE(pos + 20),
    });
  }
  return reports;
}

function parseItem(packetType: number, count: number, body: Buffer): RtcpPacket {
  switch (packetType) {
    case RtcpPacketType.Sr:
      need(body, 24, 'sender report');
      return {
        type: 'sr',
        ssrc: body.readUInt32BE(0),
        ntp: { seconds: body.readUInt32BE(4), fraction: body.readUInt32BE(8) },
        rtpTimestamp: body.readUInt32BE(12),
        packetCount: body.readUInt32BE(16),
        octetCount: body.readUInt32BE(20),
        reports: parseReportBlocks(body, 24, count, 'sender report'),
      };
    case RtcpPacketType.Rr:
      need(body, 4, 'receiver report');
      return { type: 'rr', ssrc: body.readUInt32BE(0), reports: parseReportBlocks(body, 4, count, 'receiver report') };
    case RtcpPacketType.Sdes:
      return parseSdes(body, count);
    case RtcpPacketType.Bye: {
      need(body, count * 4, 'BYE');
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(body.readUInt32BE(i * 4));
      const bye: RtcpBye = { type: 'bye', ssrcs };
      const pos = count * 4;
      if (pos < body.length) {
        const len = body[pos];
        need(body, pos + 1 + len, 'BYE reason');
        bye.reason = body.toString('utf8', pos + 1, pos + 1 + len);
      }
      return bye;
    }
    case RtcpPacketType.Psfb:
      if (count === RtcpFeedbackFormat.Pli) {
        need(body, 8, 'PLI');
        return { type: 'pli', senderSsrc: body.readUInt32BE(0), mediaSsrc: body.readUInt32BE(4) };
      }
      if (count === RtcpFeedbackFormat.Fir) {
        need(body, 8, 'FIR');
        if ((body.length - 8) % 8 !== 0) throw new RtpError('INVALID', `FIR entries of ${body.length - 8} bytes are not a multiple of 8`);
        const entries: RtcpFullIntraRequest['entries'] = [];
        for (let pos = 8; pos < body.length; pos += 8) entries.push({ ssrc: body.readUInt32BE(pos), sequenceNumber: body[pos + 4] });
        return { type: 'fir', senderSsrc: body.readUInt32BE(0), entries };
      }
      break;
    case RtcpPacketType.Rtpfb:
      if (count === RtcpFeedbackFormat.Nack) {
        need(body, 8, 'NACK');
        if ((body.length - 8) % 4 !== 0) throw new RtpError('INVALID', `NACK entries of ${body.length - 8} bytes are not a multiple of 4`);
        const lost: number[] = [];
        for (let pos = 8; pos < body.length; pos += 4) {
          const pid = body.readUInt16BE(pos);
          const blp = body.readUInt16BE(pos + 2);
          lost.push(pid);
          for (let i = 0; i < 16; i++) if (blp & (1 << i)) lost.push((pid + i + 1) & 0xffff);
        }
        return { type: 'nack', senderSsrc: body.readUInt32BE(0), mediaSsrc: body.readUInt32BE(4), lost };
      }
      break;
  }
  return { type: 'other', packetType, count, body };
}

function parseSdes(body: Buffer, count: number): RtcpSourceDescription {
  const chunks: RtcpSourceDescription['chunks'] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    need(body, pos + 4, 'SDES chunk');
    const chunk: { ssrc: number; cname?: string } = { ssrc: body.readUInt32BE(pos) };
    pos += 4;
    // §6.5: items until a zero type, then padding to the next 32-bit boundary.
    while (true) {
      need(body, pos + 1, 'SDES item');
      const itemType = body[pos];
      if (itemType === 0) break;
      need(body, pos + 2, 'SDES item');
      const len = body[pos + 1];
      need(body, pos + 2 + len, 'SDES item');
      if (itemType === 1) chunk.cname = body.toString('utf8', pos + 2, pos + 2 + len);
      pos += 2 + len;
    }
    pos = (pos + 4) & ~3;
    chunks.push(chunk);
  }
  return { type: 'sdes', chunks };
}

function header(out: Buffer, pos: number, count: number, packetType: number, byteLength: number): void {
  out[pos] = 0x80 | count;
  out[pos + 1] = packetType;
  out.writeUInt16BE(byteLength / 4 - 1, pos + 2);
}

function writeReportBlocks(out: Buffer, pos: number, reports: readonly RtcpReportBlock[]): void {
  for (const r of reports) {
    out.writeUInt32BE(r.ssrc >>> 0, pos);
    out[pos + 4] = r.fractionLost & 0xff;
    // Clamp to the 24-bit signed range (§6.4.1).
    out.writeIntBE(Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost)), pos + 5, 3);
    out.writeUInt32BE(r.highestSequence >>> 0, pos + 8);
    out.writeUInt32BE(r.jitter >>> 0, pos + 12);
    out.writeUInt32BE(r.lastSenderReport >>> 0, pos + 16);
    out.writeUInt32BE(r.delaySinceLastSenderReport >>> 0, pos + 20);
    pos += REPORT_BLOCK_SIZE;
  }
}

function checkReportCount(reports: readonly RtcpReportBlock[]): void {
  if (reports.length > 31) throw new RtpError('INVALID', `${reports.length} report blocks; at most 31 fit one RTCP packet`);
}

export function buildSenderReport(sr: Omit<RtcpSenderReport, 'type' | 'reports'> & { reports?: readonly RtcpReportBlock[] }): Buffer {
  const reports = sr.reports ?? [];
  checkReportCount(reports);
  const out = Buffer.alloc(HEADER_SIZE + 24 + reports.length * REPORT_BLOCK_SIZE);
  header(out, 0, reports.length, RtcpPacketType.Sr, out.length);
  out.writeUInt32BE(sr.ssrc >>> 0, 4);
  out.writeUInt32BE(sr.ntp.seconds >>> 0, 8);
  out.writeUInt32BE(sr.ntp.fraction >>> 0, 12);
  out.writeUInt32BE(sr.rtpTimestamp >>> 0, 16);
  out.writeUInt32BE(sr.packetCount >>> 0, 20);
  out.writeUInt32BE(sr.octetCount >>> 0, 24);
  writeReportBlocks(out, 28, reports);
  return out;
}

export function buildReceiverReport(rr: { ssrc: number; reports?: readonly RtcpReportBlock[] }): Buffer {
  const reports = rr.reports ?? [];
  checkReportCount(reports);
  const out = Buffer.alloc(HEADER_SIZE + 4 + reports.length * REPORT_BLOCK_SIZE);
  header(out, 0, reports.length, RtcpPacketType.Rr, out.length);
  out.writeUInt32BE(rr.ssrc >>> 0, 4);
  writeReportBlocks(out, 8, reports);
  return out;
}

/** SDES with one CNAME item (§6.5.1), which every compound packet should carry (§6.1). */
export function buildSdesCname(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname, 'utf8');
  if (text.length > 255) throw new RtpError('INVALID', `CNAME of ${text.length} bytes; at most 255`);
  // ssrc + type + length + text + at least one zero octet, padded to 32 bits.
  const size = HEADER_SIZE + ((4 + 2 + text.length + 1 + 3) & ~3);
  const out = Buffer.alloc(size);
  header(out, 0, 1, RtcpPacketType.Sdes, size);
  out.writeUInt32BE(ssrc >>> 0, 4);
  out[8] = 1;
  out[9] = text.length;
  text.copy(out, 10);
  return out;
}

export function buildBye(ssrcs: readonly number[], reason?: string): Buffer {
  if (ssrcs.length > 31) throw new RtpError('INVALID', `${ssrcs.length} SSRCs; at most 31 fit one BYE`);
  const text = reason === undefined ? undefined : Buffer.from(reason, 'utf8');
  if (text && text.length > 255) throw new RtpError('INVALID', `BYE reason of ${text.length} bytes; at most 255`);
  const bodySize = ssrcs.length * 4 + (text ? 1 + text.length : 0);
  const size = HEADER_SIZE + ((bodySize + 3) & ~3);
  const out = Buffer.alloc(size);
  header(out, 0, ssrcs.length, RtcpPacketType.Bye, size);
  ssrcs.forEach((s, i) => out.writeUInt32BE(s >>> 0, 4 + i * 4));
  if (text) {
    out[4 + ssrcs.length * 4] = text.length;
    text.copy(out, 5 + ssrcs.length * 4);
  }
  return out;
}

export function buildPli(senderSsrc: number, mediaSsrc: number): Buffer {
  const out = Buffer.alloc(12);
  header(out, 0, RtcpFeedbackFormat.Pli, RtcpPacketType.Psfb, 12);
  out.writeUInt32BE(senderSsrc >>> 0, 4);
  out.writeUInt32BE(mediaSsrc >>> 0, 8);
  return out;
}

/** RFC 5104 §4.3.1: media source SSRC is 0; each entry names a source and a request number. */
export function buildFir(senderSsrc: number, entries: ReadonlyArray<{ ssrc: number; sequenceNumber: number }>): Buffer {
  const out = Buffer.alloc(12 + entries.length * 8);
  header(out, 0, RtcpFeedbackFormat.Fir, RtcpPacketType.Psfb, out.length);
  out.writeUInt32BE(senderSsrc >>> 0, 4);
  entries.forEach((e, i) => {
    out.writeUInt32BE(e.ssrc >>> 0, 12 + i * 8);
    out[16 + i * 8] = e.sequenceNumber & 0xff;
  });
  return out;
}

/** RFC 4585 §6.2.1: lost sequence numbers as PID + bitmask of the 16 following. */
export function buildNack(senderSsrc: number, mediaSsrc: number, lost: readonly number[]): Buffer {
  const fci: Array<[number, number]> = [];
  const sorted = [...new Set(lost.map((s) => s & 0xffff))].sort((a, b) => a - b);
  for (const s of sorted) {
    const last = fci[fci.length - 1];
    const d = last ? (s - last[0]) & 0xffff : 0;
    if (last && d >= 1 && d <= 16) last[1] |= 1 << (d - 1);
    else fci.push([s, 0]);
  }
  const out = Buffer.alloc(12 + fci.length * 4);
  header(out, 0, RtcpFeedbackFormat.Nack, RtcpPacketType.Rtpfb, out.length);
  out.writeUInt32BE(senderSsrc >>> 0, 4);
  out.writeUInt32BE(mediaSsrc >>> 0, 8);
  fci.forEach(([pid, blp], i) => {
    out.writeUInt16BE(pid, 12 + i * 4);
    out.writeUInt16BE(blp, 14 + i * 4);
  });
  return out;
}

/** True when a datagram on a muxed port is RTCP rather than RTP (RFC 5761 §4: PT 192–223). */
export function isRtcpPacket(buf: Buffer): boolean {
  return buf.length >= 2 && buf[1] >= 192 && buf[1] <= 223;
}
