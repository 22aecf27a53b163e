import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { H264Depacketizer } from '../../../../src/main/engine/protocols/rtp/h264-depacketizer';
import { H264Packetizer } from '../../../../src/main/engine/protocols/rtp/h264-packetizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { hex, nal, rtp } from './rtp-builders';

const track: VideoTrack = { kind: 'video', codec: 'H264', clockRate: 90000 };
const sps = nal([0x67, 0x64, 0x00, 0x1f], 24);
const pps = nal([0x68], 5);
const idr = (size: number, seed = 1) => nal([0x65, 0x88], size, seed);
const pFrame = (size: number, seed = 2) => nal([0x41, 0x9a], size, seed);
const packetizer = (maxPayloadSize = 1452) => new H264Packetizer(track, { payloadType: 96, ssrc: 1, initialSequence: 0, initialTimestamp: 0, maxPayloadSize });
const payloads = (packets: Buffer[]) => packets.map((p) => parseRtpPacket(p));

describe('H264Packetizer (RFC 6184)', () => {
  it('aggregates SPS, PPS and a small slice into one STAP-A (§5.7.1)', () => {
    const [p, ...rest] = payloads(packetizer().packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [sps, pps, idr(50)] }));
    expect(rest).toEqual([]);
    expect(p.marker).toBe(true);
    // F = 0, NRI = max(3, 3, 3), type 24; then size-prefixed units.
    expect(p.payload[0]).toBe(0x78);
    expect(p.payload.subarray(1).toString('hex')).toBe(
      Buffer.concat([hex('0018'), sps, hex('0005'), pps, hex('0032'), idr(50)]).toString('hex'),
    );
  });

  it('takes the highest NRI of the aggregated units', () => {
    const sei = nal([0x06, 0x05], 10); // NRI 0
    const [p] = payloads(packetizer().packetize({ track: 0, dts: 0, pts: 0, key: false, nalus: [sei, nal([0x21], 10)] }));
    expect(p.payload[0]).toBe(0x20 | 24);
  });

  it('fragments a large NAL unit into FU-A with start/end bits (§5.8)', () => {
    const big = idr(3000);
    const ps = payloads(packetizer().packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [big] }));
    expect(ps.length).toBe(3); // 2999 bytes after the header, 1438 per fragment
    expect(ps.map((p) => p.payload[0])).toEqual([0x7c, 0x7c, 0x7c]); // NRI 3, type 28
    expect(ps.map((p) => p.payload[1])).toEqual([0x85, 0x05, 0x45]); // S, -, E with type 5
    expect(ps.map((p) => p.marker)).toEqual([false, false, true]);
    expect(Buffer.concat(ps.map((p) => p.payload.subarray(2))).equals(big.subarray(1))).toBe(true);
    expect(Math.max(...ps.map((p) => p.payload.length + 12))).toBeLessThanOrEqual(1452);
  });

  it.each([
    [1440, 'single'],
    [1441, 'fragmented'],
  ])('a NAL unit of %i bytes at maxPayloadSize 1452 goes %s', (size, how) => {
    const ps = payloads(packetizer().packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [idr(size)] }));
    expect(ps.length).toBe(how === 'single' ? 1 : 2);
    expect(ps[0].payload[0] & 0x1f).toBe(how === 'single' ? 5 : 28);
  });

  it('starts a new packet when the next unit would not fit the aggregate', () => {
    const ps = payloads(packetizer(100).packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [sps, pps, idr(60), idr(20, 3)] }));
    // 88-byte payloads: STAP-A(SPS, PPS) is 34 bytes, adding IDR(60) would make 96, so IDR(60)
    // opens a new STAP-A (63 bytes), which IDR(20) still fits (85).
    expect(ps.map((p) => p.payload[0] & 0x1f)).toEqual([24, 24]);
    expect(ps.map((p) => p.payload.length)).toEqual([34, 85]);
  });

  it('prepends the track SPS/PPS before an IDR when asked, keeping in-band ones', () => {
    const p = new H264Packetizer({ ...track, sps, pps }, { payloadType: 96, prependParameterSets: true });
    const d = new H264Depacketizer(0);
    const [au] = [...p.packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [idr(2000)] })].flatMap((pk) => d.push(pk));
    expect(au.nalus!.map((n) => n[0] & 0x1f)).toEqual([7, 8, 5]);
    // A non-IDR unit is sent as is; an in-band SPS replaces the remembered one.
    const sps2 = nal([0x67, 0x64, 0x00, 0x28], 20);
    expect(p.packetize({ track: 0, dts: 1, pts: 1, key: false, nalus: [pFrame(100)] }).length).toBe(1);
    p.packetize({ track: 0, dts: 2, pts: 2, key: true, nalus: [sps2, pps, idr(100)] });
    const pk = parseRtpPacket(p.packetize({ track: 0, dts: 3, pts: 3, key: true, nalus: [idr(100)] })[0]);
    expect(pk.payload.subarray(3, 3 + 20).equals(sps2)).toBe(true);
  });

  it('carries a header-only end-of-stream unit', () => {
    const d = new H264Depacketizer(0);
    const nalus = [sps, pps, idr(40), hex('0b')];
    const [au] = packetizer().packetize({ track: 0, dts: 0, pts: 0, key: true, nalus }).flatMap((p) => d.push(p));
    expect(au.nalus!.map((n) => n.toString('hex'))).toEqual(nalus.map((n) => n.toString('hex')));
  });

  it('sends nothing for a unit without NAL units', () => {
    expect(packetizer().packetize({ track: 0, dts: 0, pts: 0, key: false, nalus: [] })).toEqual([]);
  });
});

describe('H264Depacketizer', () => {
  const keyUnit = (seq: number, ts: number) => [rtp(seq, ts, Buffer.concat([hex('78 0018'), sps, hex('0005'), pps])), rtp(seq + 1, ts, idr(30), true)];

  it('reassembles STAP-A and single NAL packets, ending units at the marker', () => {
    const d = new H264Depacketizer(3);
    const out = [...keyUnit(10, 1000), rtp(12, 4000, pFrame(40), true)].flatMap((p) => d.push(p));
    expect(out.map((a) => [a.track, a.pts, a.key, a.nalus!.length])).toEqual([[3, 0, true, 3], [3, 3000, false, 1]]);
  });

  it('ends a unit when the timestamp changes even without a marker', () => {
    const d = new H264Depacketizer(0);
    const out = [rtp(1, 0, sps), rtp(2, 0, pps), rtp(3, 0, idr(30)), rtp(4, 3000, pFrame(30))].flatMap((p) => d.push(p));
    expect(out.length).toBe(1);
    expect(out[0].nalus!.length).toBe(3);
  });

  it('drops a unit with a lost packet and everything until the next IDR', () => {
    const d = new H264Depacketizer(0);
    const packets = [
      ...keyUnit(1, 0),
      rtp(3, 3000, pFrame(30), true),
      // seq 4 (a P-frame's first packet) lost
      rtp(5, 6000, pFrame(30), true),
      rtp(6, 9000, pFrame(30), true),
      ...keyUnit(7, 12000),
    ];
    const out = packets.flatMap((p) => d.push(p));
    // The gap is given up once a packet 0.25 s later arrives (the keyframe at 12000 + 22500 would
    // be needed): here 12000 − 3000 < 22500, so with the defaults all of it still waits.
    expect(out.map((a) => a.pts)).toEqual([0, 3000]);
    const tcp = new H264Depacketizer(0, { reorderWindow: 0 });
    expect(packets.flatMap((p) => tcp.push(p)).map((a) => a.pts)).toEqual([0, 3000, 12000]);
    expect(tcp.stats).toMatchObject({ lostPackets: 1, droppedUnits: 2, invalidPackets: 0 });
  });

  it('gives up on a gap after the window or the delay limit', () => {
    const byDelay = new H264Depacketizer(0, { reorderMaxDelay: 0.05 }); // 4500 ticks
    const packets = [...keyUnit(1, 0), rtp(5, 3000, pFrame(30), true), rtp(6, 6000, pFrame(30), true), ...keyUnit(7, 9000)];
    expect(packets.flatMap((p) => byDelay.push(p)).map((a) => a.pts)).toEqual([0, 9000]);
    expect(byDelay.stats).toMatchObject({ lostPackets: 2, droppedUnits: 2 });
    const byWindow = new H264Depacketizer(0, { reorderWindow: 4, reorderMaxDelay: 0 });
    expect(packets.flatMap((p) => byWindow.push(p)).map((a) => a.pts)).toEqual([0, 9000]);
  });

  it('does not trust a first unit joined in the middle of a picture', () => {
    const d = new H264Depacketizer(0);
    // A second slice (first_mb_in_slice ≠ 0: header starts with a 0 bit) is the first packet seen.
    const out = [rtp(2, 0, nal([0x65, 0x08], 30), true), rtp(3, 3000, pFrame(30), true), ...keyUnit(4, 6000)].flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([6000]);
    expect(d.stats.droppedUnits).toBe(2);
  });

  it.each<[string, Buffer]>([
    ['the first slice', idr(30)],
    ['an FU-A start of the first slice', Buffer.concat([hex('7c85'), idr(30).subarray(1)])],
    ['an SEI', nal([0x06, 0x05], 10)],
  ])('trusts a first unit that starts with %s', (_n, first) => {
    const d = new H264Depacketizer(0);
    const end = Buffer.concat([hex('7c45'), idr(30).subarray(1)]);
    const packets = first[0] === 0x7c ? [rtp(2, 0, first), rtp(3, 0, end, true)] : [rtp(2, 0, first), rtp(3, 0, idr(20), true)];
    expect(packets.flatMap((p) => d.push(p)).length).toBe(1);
  });

  it('drops the unit a late packet from before the first one belongs to', () => {
    const d = new H264Depacketizer(0);
    const [a, b] = keyUnit(100, 0);
    const fuStart = rtp(101, 0, Buffer.concat([hex('7c85'), idr(40).subarray(1)]));
    const fuEnd = rtp(102, 0, Buffer.concat([hex('7c45'), idr(40).subarray(1)]), true);
    void b;
    // Arrival order: 101, 100, 102: packet 100 is older than the start.
    const out = [fuStart, a, fuEnd, ...keyUnit(103, 3000)].flatMap((p) => d.push(p));
    expect(out.map((u) => u.pts)).toEqual([3000]);
  });

  it('puts reordered packets back in order', () => {
    const d = new H264Depacketizer(0);
    const big = idr(5000);
    const ps = new H264Packetizer(track, { payloadType: 96 }).packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [sps, pps, big] });
    const [first, ...rest] = ps;
    const out = [first, ...rest.reverse()].flatMap((p) => d.push(p));
    expect(out.length).toBe(1);
    expect(out[0].nalus![2].equals(big)).toBe(true);
    expect(d.stats.reordered).toBe(1);
  });

  it.each<[string, Buffer[], string]>([
    ['an empty payload', [hex('')], 'INVALID'],
    ['a STAP-A without units', [hex('78')], 'INVALID'],
    ['a STAP-A size running past the packet', [hex('78 0010 6742')], 'INVALID'],
    ['a STAP-A with a zero size', [hex('78 0000')], 'INVALID'],
    ['a STAP-A with a truncated size field', [hex('78 0002 6742 00')], 'INVALID'],
    ['an FU-A without data', [hex('7c85')], 'INVALID'],
    ['a second FU-A start before the end', [hex('7c85 aa'), hex('7c85 bb')], 'INVALID'],
    ['a NAL unit inside an unfinished FU-A', [hex('7c85 aa'), hex('41 bb')], 'INVALID'],
    ['STAP-B (interleaved mode)', [hex('79 0000 0003 41aabb')], 'UNSUPPORTED'],
    ['MTAP16', [hex('7a aaaa')], 'UNSUPPORTED'],
    ['FU-B', [hex('7d 85 0000 aa')], 'UNSUPPORTED'],
    ['reserved type 30', [hex('7e aa')], 'INVALID'],
    ['type 0', [hex('00 aa')], 'INVALID'],
  ])('counts %s as invalid and drops its unit', (_name, bad, code) => {
    const d = new H264Depacketizer(0);
    let seq = 1;
    const out = [
      ...keyUnit(seq, 0),
      ...bad.map((b, i) => rtp((seq = 3 + i), 3000, b, i === bad.length - 1)),
      rtp(++seq, 6000, pFrame(20), true),
      ...keyUnit(seq + 1, 9000),
      ...keyUnit(seq + 3, 12000),
    ].flatMap((p) => d.push(p));
    // The P-frame after the damaged unit is dropped (its reference is gone); the next IDR plays.
    expect(out.map((a) => a.pts)).toEqual([0, 9000, 12000]);
    expect(d.stats.invalidPackets).toBeGreaterThanOrEqual(1);
    expect(d.stats.lastError).toMatchObject({ name: 'RtpError', code });
  });

  it('resumes at a keyframe right after a malformed one', () => {
    const d = new H264Depacketizer(0);
    const out = [...keyUnit(1, 0), rtp(3, 3000, hex('7e aa'), true), ...keyUnit(4, 6000)].flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([0, 6000]);
    expect(d.stats).toMatchObject({ invalidPackets: 1, droppedUnits: 1, lostPackets: 0 });
  });

  it('caps the access unit size', () => {
    const d = new H264Depacketizer(0, { maxAccessUnitSize: 1000 });
    const ps = new H264Packetizer(track, { payloadType: 96 }).packetize({ track: 0, dts: 0, pts: 0, key: true, nalus: [sps, pps, idr(5000)] });
    expect(ps.flatMap((p) => d.push(p))).toEqual([]);
    expect(d.stats.lastError?.code).toBe('TOO_LARGE');
  });

  it('accepts packets parsed by the caller', () => {
    const d = new H264Depacketizer(0);
    expect(keyUnit(1, 0).flatMap((p) => d.push(parseRtpPacket(p))).length).toBe(1);
  });

  it('counts garbage that is not RTP without throwing', () => {
    const d = new H264Depacketizer(0);
    expect(d.push(hex('0102'))).toEqual([]);
    expect(d.push(hex('40600001 00000000 00000001 41aa'))).toEqual([]);
    expect(d.stats.invalidPackets).toBe(2);
    expect(d.stats.lastError?.code).toBe('VERSION');
  });

  it('follows a new SSRC: timestamps continue, the old unit in progress is dropped', () => {
    const d = new H264Depacketizer(0);
    const out = [
      ...keyUnit(1, 500),
      rtp(3, 3500, sps), // unfinished when the sender changes
      rtp(40000, 777, Buffer.concat([hex('78 0018'), sps, hex('0005'), pps]), false, 0x9999),
      rtp(40001, 777, idr(30), true, 0x9999),
    ].flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([0, 3001]);
    expect(d.stats.droppedUnits).toBe(1);
  });

  it('never throws on random packet streams (fast-check)', () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
      fc.tuple(fc.constantFrom(0x78, 0x7c, 0x79, 0x7d, 0x65, 0x41), fc.uint8Array({ maxLength: 30 })).map(([h, a]) => Buffer.concat([Buffer.from([h]), Buffer.from(a)])),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), payload), { maxLength: 60 }), (items) => {
        const d = new H264Depacketizer(0, { maxAccessUnitSize: 4096 });
        for (const [seq, ts, marker, p] of items) {
          for (const au of d.push(rtp(seq, ts * 3000, p, marker))) {
            expect(au.nalus!.length).toBeGreaterThan(0);
            for (const n of au.nalus!) expect(n.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });
});
