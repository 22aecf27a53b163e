// Byte-level rules of the TS muxer (ISO/IEC 13818-1) and properties over random access units.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Mpeg2 } from '../../../../src/main/engine/protocols/mpegts/crc32';
import { buildPatSection, buildPmtSection, parsePmtSection } from '../../../../src/main/engine/protocols/mpegts/psi';
import { readPcrBase, readPtsField, writePcrField, writePtsField } from '../../../../src/main/engine/protocols/mpegts/timestamps';
import { packetize } from '../../../../src/main/engine/protocols/mpegts/packetizer';
import { MpegTsMuxer } from '../../../../src/main/engine/protocols/mpegts/muxer';
import { parseTs, TsDemuxer } from '../../../../src/main/engine/protocols/mpegts/demuxer';
import { TsAccessUnitReader } from '../../../../src/main/engine/protocols/mpegts/access-units';
import { MpegTsError } from '../../../../src/main/engine/protocols/mpegts/errors';
import { splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';

const SPS = Buffer.from('674d400dec a0a0fd80 88000003 00080000 0301e078 a14cb0'.replace(/ /g, ''), 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS },
  { kind: 'audio', codec: 'AAC', clockRate: 44100, channels: 2, config: Buffer.from([0x12, 0x10]) },
];

describe('PSI and timestamps', () => {
  it('CRC_32 matches the CRC-32/MPEG-2 check value', () => {
    expect(crc32Mpeg2(Buffer.from('123456789'))).toBe(0x0376e6e7);
  });

  it('writes the same PAT section as FFmpeg (program 1 → PMT PID 0x1000)', () => {
    expect(buildPatSection(1, 0x1000).toString('hex')).toBe('00b00d0001c100000001f0002ab104b2');
  });

  it('PMT round-trips streams and descriptors', () => {
    const pmt = { programNumber: 1, pcrPid: 0x100, streams: [{ streamType: 0x1b, pid: 0x100, descriptors: Buffer.alloc(0) }, { streamType: 0x06, pid: 0x101, descriptors: Buffer.from('05044f707573', 'hex') }] };
    expect(parsePmtSection(buildPmtSection(pmt))).toEqual(pmt);
    const corrupt = buildPmtSection(pmt);
    corrupt[10] ^= 1;
    expect(() => parsePmtSection(corrupt)).toThrow(MpegTsError);
  });

  it.each([
    [0, '2100010001'],
    [2 ** 33 - 1, '2fffffffff'],
    [90000, '210005bf21'], // 90000 = 2·2^15 + 0x5F90: fields 0x0002, 0x5F90 each shifted left with a marker bit
  ])('PTS %d is written as %s', (pts, hex) => {
    const out = Buffer.alloc(5);
    writePtsField(out, 0, 2, pts);
    expect(out.toString('hex')).toBe(hex);
    expect(readPtsField(out, 0)).toBe(pts);
  });

  it('PCR base keeps all 33 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 33 - 1 }), (base) => {
        const out = Buffer.alloc(6);
        writePcrField(out, 0, base);
        expect(readPcrBase(out, 0)).toBe(base);
        expect(out[4] & 0x7e).toBe(0x7e);
      }),
    );
  });
});

describe('packetize', () => {
  it('fills every packet to 188 bytes with adaptation-field stuffing, for every payload length', () => {
    for (let len = 1; len <= 400; len++) {
      const payload = Buffer.alloc(len, 0xab);
      for (const pcr of [undefined, 12345]) {
        const { packets } = packetize([payload.subarray(0, 3), payload.subarray(3)], { pid: 0x100, continuityCounter: 15, pcr, randomAccess: true });
        expect(packets.length % 188).toBe(0);
        let got = 0;
        for (let p = 0; p < packets.length; p += 188) {
          expect(packets[p]).toBe(0x47);
          expect(packets[p + 3] & 0x0f).toBe((15 + p / 188) & 0x0f);
          const hasAf = (packets[p + 3] & 0x20) !== 0;
          const start = hasAf ? p + 5 + packets[p + 4] : p + 4;
          expect(packets.subarray(start, p + 188).every((b) => b === 0xab)).toBe(true);
          got += p + 188 - start;
        }
        expect(got).toBe(len);
      }
    }
  });
});

const unitArb = fc.record({
  video: fc.boolean(),
  key: fc.boolean(),
  size: fc.integer({ min: 1, max: 3000 }),
  step: fc.integer({ min: 0, max: 6000 }),
  ctsFrames: fc.integer({ min: 0, max: 3 }),
  fill: fc.integer({ min: 1, max: 255 }),
});

/** Random units with monotonic dts per track, starting near a 33-bit wrap to cover it. */
function buildUnits(specs: Array<{ video: boolean; key: boolean; size: number; step: number; ctsFrames: number; fill: number }>, start: number): AccessUnit[] {
  let vdts = start;
  let adts = Math.round((start * 44100) / 90000);
  return specs.map((s) => {
    if (s.video) {
      vdts += s.step;
      // 0x41: a non-IDR slice NAL header; payload bytes never form a start code (fill ≥ 1).
      const nal = Buffer.alloc(s.size, s.fill);
      nal[0] = s.key ? 0x65 : 0x41;
      return { track: 0, dts: vdts, pts: vdts + s.ctsFrames * 3000, key: s.key, nalus: [nal] };
    }
    adts += 1024;
    return { track: 1, dts: adts, pts: adts, key: true, payload: Buffer.alloc(Math.min(s.size, 2000), s.fill) };
  });
}

describe('MpegTsMuxer properties', () => {
  it('random access units always parse back: counters, PCR, timestamps, payloads', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 40 }), fc.constantFrom(0, 2 ** 33 - 200_000), (specs, start) => {
        const units = buildUnits(specs, start);
        const muxer = new MpegTsMuxer(TRACKS);
        const ts = Buffer.concat([muxer.tables(), ...units.map((u) => muxer.writeUnit(u)), muxer.tables()]);
        const parsed = parseTs(ts);
        expect(parsed.continuityErrors).toBe(0);
        const wrap = (v: number) => v % 2 ** 33;
        [0, 1].forEach((t) => {
          const mine = units.filter((u) => u.track === t);
          const pes = parsed.pes.filter((p) => p.pid === muxer.pidOf(t));
          expect(pes.length).toBe(mine.length);
          pes.forEach((p, i) => {
            const u = mine[i];
            const rate = TRACKS[t].clockRate;
            expect(p.pts).toBe(wrap(Math.round((u.pts * 90000) / rate)));
            expect(p.dts).toBe(wrap(Math.round((u.dts * 90000) / rate)));
            if (t === 0) {
              const nalus = splitAnnexB(p.data);
              expect(nalus[0][0]).toBe(0x09);
              expect(nalus[nalus.length - 1].equals(u.nalus![0])).toBe(true);
              expect(p.randomAccess).toBe(u.key);
            } else {
              expect(p.data.subarray(7).equals(u.payload!)).toBe(true);
            }
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the access unit reader unwraps 33-bit timestamps across segments pushed one by one', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 2, maxLength: 40 }), fc.nat(), (specs, cutSeed) => {
        const units = buildUnits(specs, 2 ** 33 - 100_000);
        const muxer = new MpegTsMuxer(TRACKS);
        const parsed = parseTs(Buffer.concat([muxer.tables(), ...units.map((u) => muxer.writeUnit(u))]));
        const cut = 1 + (cutSeed % parsed.pes.length);
        const reader = new TsAccessUnitReader();
        const back = [...reader.push(parsed.pmt!, parsed.pes.slice(0, cut)), ...reader.push(parsed.pmt!, parsed.pes.slice(cut))];
        const video = back.filter((u) => reader.tracks[u.track].kind === 'video');
        expect(video.map((u) => [u.dts, u.pts])).toEqual(units.filter((u) => u.track === 0).map((u) => [u.dts, u.pts]));
      }),
      { numRuns: 100 },
    );
  });

  it('the incremental demuxer gives the same PES for any chunking', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 15 }), fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 20 }), (specs, cuts) => {
        const muxer = new MpegTsMuxer(TRACKS);
        const ts = Buffer.concat([muxer.tables(), ...buildUnits(specs, 0).map((u) => muxer.writeUnit(u))]);
        const whole = parseTs(ts).pes;
        const d = new TsDemuxer();
        const pieces = [];
        let pos = 0;
        for (let i = 0; pos < ts.length; i++) {
          const n = cuts[i % cuts.length];
          pieces.push(...d.push(ts.subarray(pos, pos + n)));
          pos += n;
        }
        pieces.push(...d.flush());
        expect(pieces.map((p) => [p.pid, p.pts, p.dts, p.data.toString('hex')])).toEqual(whole.map((p) => [p.pid, p.pts, p.dts, p.data.toString('hex')]));
      }),
      { numRuns: 100 },
    );
  });

  it('the demuxer throws only MpegTsError on corrupted streams', () => {
    const muxer = new MpegTsMuxer(TRACKS);
    const ts = Buffer.concat([muxer.tables(), ...buildUnits([{ video: true, key: true, size: 900, step: 0, ctsFrames: 1, fill: 7 }, { video: false, key: true, size: 300, step: 0, ctsFrames: 0, fill: 9 }], 0).map((u) => muxer.writeUnit(u))]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(ts.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), (edits) => {
        const bad = Buffer.from(ts);
        for (const [at, v] of edits) bad[at] = v;
        try {
          parseTs(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(MpegTsError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('MpegTsMuxer without video', () => {
  it('carries the PCR on the audio PID, one per PES, never above the DTS', () => {
    const muxer = new MpegTsMuxer([TRACKS[1]]);
    const units = Array.from({ length: 20 }, (_, i): AccessUnit => ({ track: 0, dts: i * 1024, pts: i * 1024, key: true, payload: Buffer.alloc(200, i + 1) }));
    const parsed = parseTs(Buffer.concat([muxer.tables(), ...units.map((u) => muxer.writeUnit(u))]));
    expect(parsed.pmt!.pcrPid).toBe(muxer.pidOf(0));
    expect(parsed.pcrs.length).toBe(units.length);
    parsed.pcrs.forEach((p, i) => expect(p.base).toBeLessThanOrEqual(parsed.pes[i].dts!));
  });

  it('refuses codecs it has no mapping for', () => {
    expect(() => new MpegTsMuxer([{ kind: 'audio', codec: 'MP3', clockRate: 44100, channels: 2 }])).toThrow(MpegTsError);
  });
});
