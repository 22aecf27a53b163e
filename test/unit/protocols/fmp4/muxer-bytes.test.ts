// Box-level rules of the fMP4 muxer (ISO/IEC 14496-12 §8.8) and properties over random units.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoxWriter } from '../../../../src/main/engine/protocols/fmp4/box-writer';
import { findBox, parseBoxes, parseFragments, parseInitSegment } from '../../../../src/main/engine/protocols/fmp4/box-parser';
import { Fmp4Muxer } from '../../../../src/main/engine/protocols/fmp4/muxer';
import { buildFragment, NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS } from '../../../../src/main/engine/protocols/fmp4/fragment';
import { Fmp4Error } from '../../../../src/main/engine/protocols/fmp4/errors';
import { splitLengthPrefixed } from '../../../../src/main/engine/protocols/h264/nal-units';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';

const SPS = Buffer.from('674d400deca0a0fd8088000003000800000301e078a14cb0', 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]) },
];

describe('boxes', () => {
  it('BoxWriter patches nested sizes', () => {
    const w = new BoxWriter(4);
    w.begin('moov').begin('free').u32(7).end().beginFull('mvhd', 1, 5).u64(2 ** 40 + 3).end().end();
    const buf = w.finish();
    const [moov] = parseBoxes(buf);
    expect(moov.size).toBe(buf.length);
    expect(moov.children!.map((b) => [b.type, b.size])).toEqual([['free', 12], ['mvhd', 20]]);
    expect(Number(findBox([moov], 'moov/mvhd')!.payload.readBigUInt64BE(4))).toBe(2 ** 40 + 3);
  });

  it('parseBoxes rejects a box that runs past its parent', () => {
    const buf = Buffer.from('0000001066726565', 'hex');
    expect(() => parseBoxes(buf)).toThrow(Fmp4Error);
  });

  it('the init segment has ftyp, moov with mvhd, a trak per track and mvex/trex', () => {
    const init = new Fmp4Muxer(TRACKS).initSegment();
    const top = parseBoxes(init);
    expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov']);
    expect(top[1].children!.map((b) => b.type)).toEqual(['mvhd', 'trak', 'trak', 'mvex']);
    expect(findBox(top, 'moov/mvex')!.children!.map((b) => b.type)).toEqual(['trex', 'trex']);
    const tracks = parseInitSegment(init);
    expect(tracks.map((t) => [t.trackId, t.sampleEntry, t.timescale])).toEqual([[1, 'avc1', 90000], [2, 'mp4a', 48000]]);
    expect(tracks[0]).toMatchObject({ width: 320, height: 240 });
  });

  it('trun data offsets point into the mdat from the moof start (default-base-is-moof)', () => {
    const frag = buildFragment(9, [
      { trackId: 1, baseMediaDecodeTime: 2 ** 35, samples: [{ duration: 3000, compositionOffset: -3000, sync: true, data: Buffer.from('aaaa', 'hex') }] },
      { trackId: 2, baseMediaDecodeTime: 0, samples: [{ duration: 1024, compositionOffset: 0, sync: false, data: Buffer.from('bbbbbb', 'hex') }] },
    ]);
    const [parsed] = parseFragments(frag);
    expect(parsed.sequenceNumber).toBe(9);
    expect(parsed.tracks[0].samples[0]).toMatchObject({ dts: 2 ** 35, pts: 2 ** 35 - 3000, flags: SYNC_SAMPLE_FLAGS, data: Buffer.from('aaaa', 'hex') });
    expect(parsed.tracks[1].samples[0]).toMatchObject({ dts: 0, flags: NON_SYNC_SAMPLE_FLAGS, sync: false, data: Buffer.from('bbbbbb', 'hex') });
  });

  it('refuses negative decode times', () => {
    const m = new Fmp4Muxer(TRACKS);
    m.addUnit({ track: 1, dts: -2048, pts: -2048, key: true, payload: Buffer.alloc(4) });
    expect(() => m.flush(1)).toThrow(Fmp4Error);
  });
});

describe('Fmp4Muxer', () => {
  it('holds the newest sample per track until the next one gives its duration', () => {
    const m = new Fmp4Muxer(TRACKS);
    m.addUnit({ track: 0, dts: 0, pts: 0, key: true, nalus: [Buffer.from([0x65, 1])] });
    expect(m.fragment(1)).toBeNull();
    m.addUnit({ track: 0, dts: 3000, pts: 6000, key: false, nalus: [Buffer.from([0x09, 0xf0]), Buffer.from([0x41, 2])] });
    expect(m.readyDuration(0)).toBe(3000);
    expect(m.readyCount(0)).toBe(1);
    expect(m.readyStartsWithSync(0)).toBe(true);
    const [f1] = parseFragments(m.fragment(1)!);
    expect(f1.tracks[0].samples.map((s) => [s.dts, s.duration, s.sync])).toEqual([[0, 3000, true]]);
    expect(m.readyStartsWithSync(0)).toBe(false);
    const [f2] = parseFragments(m.flush(2)!);
    // The AUD is dropped from MP4 samples; the last sample repeats the previous duration.
    expect(f2.tracks[0].samples.map((s) => [s.dts, s.pts, s.duration, s.sync, splitLengthPrefixed(s.data).length])).toEqual([[3000, 6000, 3000, false, 1]]);
  });

  const unitArb = fc.record({
    video: fc.boolean(),
    key: fc.boolean(),
    size: fc.integer({ min: 1, max: 2000 }),
    step: fc.integer({ min: 1, max: 6000 }),
    cts: fc.integer({ min: -3000, max: 9000 }),
    cut: fc.boolean(),
  });

  it('random units in random fragments parse back with exact dts, pts, flags and bytes', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 60 }), fc.nat(2 ** 34), (specs, start) => {
        const m = new Fmp4Muxer(TRACKS);
        const units: AccessUnit[] = [];
        const frags: Buffer[] = [];
        let vdts = start;
        let adts = start;
        let seq = 1;
        for (const s of specs) {
          let au: AccessUnit;
          if (s.video) {
            vdts += s.step;
            const nal = Buffer.alloc(s.size, s.size & 0xff);
            nal[0] = s.key ? 0x65 : 0x41;
            au = { track: 0, dts: vdts, pts: vdts + s.cts, key: s.key, nalus: [nal] };
          } else {
            adts += 1024;
            au = { track: 1, dts: adts, pts: adts, key: true, payload: Buffer.alloc(s.size, 3) };
          }
          units.push(au);
          m.addUnit(au);
          if (s.cut) {
            const f = m.fragment(seq);
            if (f) {
              frags.push(f);
              seq++;
            }
          }
        }
        const last = m.flush(seq);
        if (last) frags.push(last);
        const got = new Map<number, Array<{ dts: number; pts: number; sync: boolean; data: Buffer; duration: number }>>();
        frags.forEach((f, i) => {
          const parsed = parseFragments(f);
          expect(parsed.length).toBe(1);
          expect(parsed[0].sequenceNumber).toBe(i + 1);
          for (const t of parsed[0].tracks) got.set(t.trackId, [...(got.get(t.trackId) ?? []), ...t.samples]);
        });
        [0, 1].forEach((t) => {
          const mine = units.filter((u) => u.track === t);
          const samples = got.get(t + 1) ?? [];
          expect(samples.length).toBe(mine.length);
          samples.forEach((s, i) => {
            const u = mine[i];
            expect([s.dts, s.pts, s.sync]).toEqual([u.dts, u.pts, t === 1 || u.key]);
            if (i + 1 < mine.length) expect(s.duration).toBe(mine[i + 1].dts - u.dts);
            if (t === 0) expect(splitLengthPrefixed(s.data)[0].equals(u.nalus![0])).toBe(true);
            else expect(s.data.equals(u.payload!)).toBe(true);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the box parser throws only Fmp4Error on corrupted fragments', () => {
    const m = new Fmp4Muxer(TRACKS);
    m.addUnit({ track: 0, dts: 0, pts: 3000, key: true, nalus: [Buffer.alloc(300, 0x65)] });
    m.addUnit({ track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(100, 1) });
    const frag = m.flush(1)!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(frag.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }), (edits) => {
        const bad = Buffer.from(frag);
        for (const [at, v] of edits) bad[at] = v;
        try {
          parseFragments(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(Fmp4Error);
        }
      }),
      // Found by this property: a tfhd flag byte asking for fields past the box's end.
      { numRuns: 300, examples: [[[[43, 7]]]] },
    );
  });
});
