import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtpError } from '../../../../src/main/engine/protocols/rtp/errors';
import { serializeRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import {
  buildBye,
  buildFir,
  buildNack,
  buildPli,
  buildReceiverReport,
  buildSdesCname,
  buildSenderReport,
  isRtcpPacket,
  ntpFromDate,
  ntpMiddle32,
  ntpToDate,
  parseRtcpCompound,
  type RtcpReportBlock,
} from '../../../../src/main/engine/protocols/rtp/rtcp';
import { RtcpReceiverState } from '../../../../src/main/engine/protocols/rtp/rtcp-receiver-state';
import { RtcpSenderState } from '../../../../src/main/engine/protocols/rtp/rtcp-sender-state';
import { hex } from './rtp-builders';

const block: RtcpReportBlock = { ssrc: 0x11111111, fractionLost: 64, cumulativeLost: -3, highestSequence: 0x0001ffff, jitter: 90, lastSenderReport: 0x12345678, delaySinceLastSenderReport: 65536 };
const blockHex = '11111111 40 fffffd 0001ffff 0000005a 12345678 00010000';

describe('NTP time (RFC 3550 §4)', () => {
  it.each<[number, number, number]>([
    [0, 2_208_988_800, 0],
    [1500, 2_208_988_801, 0x80000000],
    [1_700_000_000_250, 3_908_988_800, 0x40000000],
  ])('%i ms → %i s + fraction %i', (ms, seconds, fraction) => {
    expect(ntpFromDate(ms)).toEqual({ seconds, fraction });
    expect(ntpToDate({ seconds, fraction })).toBeCloseTo(ms, 6);
  });

  it('gives the middle 32 bits for LSR', () => {
    expect(ntpMiddle32({ seconds: 0x12345678, fraction: 0x9abcdef0 })).toBe(0x56789abc);
  });

  it('round-trips any millisecond time to within a microsecond (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000_000 }), (ms) => {
        expect(Math.abs(ntpToDate(ntpFromDate(ms)) - ms)).toBeLessThan(0.001);
      }),
    );
  });
});

describe('RTCP packets', () => {
  const cases: Array<[string, Buffer, string, unknown]> = [
    [
      'SR with one block',
      buildSenderReport({ ssrc: 0xaabbccdd, ntp: { seconds: 0xe0000000, fraction: 0x80000000 }, rtpTimestamp: 90000, packetCount: 10, octetCount: 12000, reports: [block] }),
      `81c8000c aabbccdd e0000000 80000000 00015f90 0000000a 00002ee0 ${blockHex}`,
      { type: 'sr', ssrc: 0xaabbccdd, ntp: { seconds: 0xe0000000, fraction: 0x80000000 }, rtpTimestamp: 90000, packetCount: 10, octetCount: 12000, reports: [block] },
    ],
    ['RR with one block', buildReceiverReport({ ssrc: 7, reports: [block] }), `81c90007 00000007 ${blockHex}`, { type: 'rr', ssrc: 7, reports: [block] }],
    ['empty RR', buildReceiverReport({ ssrc: 7 }), '80c90001 00000007', { type: 'rr', ssrc: 7, reports: [] }],
    ['SDES CNAME', buildSdesCname(7, 'relay'), '81ca0003 00000007 0105 72656c6179 00', { type: 'sdes', chunks: [{ ssrc: 7, cname: 'relay' }] }],
    ['BYE with reason', buildBye([7, 8], 'bye'), '82cb0003 00000007 00000008 03627965', { type: 'bye', ssrcs: [7, 8], reason: 'bye' }],
    ['BYE without reason', buildBye([7]), '81cb0001 00000007', { type: 'bye', ssrcs: [7] }],
    ['PLI (RFC 4585 §6.3.1)', buildPli(1, 2), '81ce0002 00000001 00000002', { type: 'pli', senderSsrc: 1, mediaSsrc: 2 }],
    ['FIR (RFC 5104 §4.3.1)', buildFir(1, [{ ssrc: 2, sequenceNumber: 5 }]), '84ce0004 00000001 00000000 00000002 05000000', { type: 'fir', senderSsrc: 1, entries: [{ ssrc: 2, sequenceNumber: 5 }] }],
    ['NACK (RFC 4585 §6.2.1)', buildNack(1, 2, [100, 101, 103, 200]), '81cd0004 00000001 00000002 0064 0005 00c8 0000', { type: 'nack', senderSsrc: 1, mediaSsrc: 2, lost: [100, 101, 103, 200] }],
  ];

  it.each(cases)('%s: builds the expected bytes', (_n, built, bytes) => {
    expect(built.toString('hex')).toBe(hex(bytes).toString('hex'));
    expect(built.length % 4).toBe(0);
  });

  it.each(cases)('%s: parses back', (_n, built, _bytes, parsed) => {
    expect(parseRtcpCompound(built)).toEqual([parsed]);
  });

  it('parses a compound SR + SDES + BYE and an unknown APP packet', () => {
    const app = hex('80cc0002 00000007 61626364');
    const items = parseRtcpCompound(Buffer.concat([buildReceiverReport({ ssrc: 7 }), buildSdesCname(7, 'x'), app, buildBye([7])]));
    expect(items.map((i) => i.type)).toEqual(['rr', 'sdes', 'other', 'bye']);
    expect(items[2]).toMatchObject({ type: 'other', packetType: 204, count: 0 });
  });

  it('handles padding on the last packet', () => {
    expect(parseRtcpCompound(hex('a0c90002 00000007 00000004'))).toEqual([{ type: 'rr', ssrc: 7, reports: [] }]);
  });

  it.each<[string, string, string]>([
    ['too short', '80c9', 'TRUNCATED'],
    ['version 1', '40c90001 00000007', 'VERSION'],
    ['length past the datagram', '80c90005 00000007', 'TRUNCATED'],
    ['report blocks past the packet', '81c90001 00000007', 'TRUNCATED'],
    ['zero padding', 'a0c90001 00000000', 'INVALID'],
    ['an SR body too short', '80c80001 00000007', 'TRUNCATED'],
    ['an unterminated SDES item', '81ca0002 00000007 0110aaaa', 'TRUNCATED'],
    ['FIR entries of odd size', '84ce0003 00000001 00000000 00000002', 'INVALID'],
  ])('rejects %s', (_n, bytes, code) => {
    expect(() => parseRtcpCompound(hex(bytes))).toThrow(expect.objectContaining({ name: 'RtpError', code }));
  });

  it('throws only RtpError on arbitrary bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.boolean(), (bytes, rtcpLike) => {
        const b = Buffer.from(bytes);
        if (rtcpLike && b.length >= 4) {
          b[0] = 0x80 | (b[0] & 0x3f);
          b.writeUInt16BE(Math.floor(b.length / 4) - 1, 2);
        }
        try {
          parseRtcpCompound(b);
        } catch (e) {
          expect(e).toBeInstanceOf(RtpError);
        }
      }),
    );
  });

  it('tells RTCP from RTP on a muxed port (RFC 5761 §4)', () => {
    expect(isRtcpPacket(buildPli(1, 2))).toBe(true);
    expect(isRtcpPacket(serializeRtpPacket({ payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: hex('00'), marker: true }))).toBe(false);
  });
});

describe('RtcpSenderState', () => {
  const rtp = (ts: number, payload: number, ssrc = 5) => serializeRtpPacket({ payloadType: 96, sequenceNumber: 0, timestamp: ts, ssrc, payload: Buffer.alloc(payload) });

  it('counts payload octets and maps now to an RTP timestamp', () => {
    const s = new RtcpSenderState(5, 90000);
    expect(s.senderReport(0)).toBeUndefined();
    s.onPacketsSent([rtp(1000, 100), rtp(1000, 50), rtp(1000, 999, 6)], 1_700_000_000_000);
    const sr = s.senderReport(1_700_000_000_100)!; // 100 ms after the last packet: +9000 ticks
    expect(sr).toMatchObject({ ssrc: 5, packetCount: 2, octetCount: 150, rtpTimestamp: 10000, ntp: ntpFromDate(1_700_000_000_100) });
    const compound = parseRtcpCompound(s.buildCompound(1_700_000_000_100, 'relaybox')!);
    expect(compound.map((c) => c.type)).toEqual(['sr', 'sdes']);
  });
});

describe('RtcpReceiverState (RFC 3550 A.3, A.8)', () => {
  it('reports loss, the extended highest sequence number and LSR/DLSR', () => {
    const r = new RtcpReceiverState(9, 90000);
    expect(r.reportBlock(0)).toBeUndefined();
    // 65530 … 5 with 65533 and 2 missing: 12 expected, 10 received.
    const seqs = [65530, 65531, 65532, 65534, 65535, 0, 1, 3, 4, 5];
    seqs.forEach((seq, i) => r.onPacket({ sequenceNumber: seq, timestamp: i * 3000 }, i * (1000 / 30)));
    r.onSenderReport({ ntp: { seconds: 0x00011234, fraction: 0x56780000 } }, 1000);
    const b = r.reportBlock(1500)!;
    expect(b).toMatchObject({ ssrc: 9, cumulativeLost: 2, highestSequence: 0x10005, fractionLost: Math.floor((2 * 256) / 12), lastSenderReport: 0x12345678, delaySinceLastSenderReport: 32768 });
    // Perfectly paced packets: no jitter.
    expect(b.jitter).toBe(0);
    // The next interval has no new loss.
    r.onPacket({ sequenceNumber: 6, timestamp: 30000 }, 10 * (1000 / 30));
    expect(r.reportBlock(2000)!.fractionLost).toBe(0);
  });

  it('estimates jitter from uneven arrival', () => {
    const r = new RtcpReceiverState(9, 90000);
    for (let i = 0; i < 50; i++) r.onPacket({ sequenceNumber: i, timestamp: i * 3000 }, i * 33.333 + (i % 2 ? 10 : 0));
    // |D| alternates ±900 ticks; J converges towards 900.
    expect(r.reportBlock(2000)!.jitter).toBeGreaterThan(800);
  });
});
