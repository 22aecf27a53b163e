// Decode timestamps rebuilt from PTS alone (what RTP delivers), checked against real encoder
// output: FFmpeg encodes with B-frames into MPEG-TS, whose PES headers carry the encoder's own
// PTS and DTS. The extractor sees only the NAL units and the PTS.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeTimeline } from '../../../../src/main/engine/protocols/h264/decode-timeline';
import { H264DtsExtractor, h264ReorderDepth } from '../../../../src/main/engine/protocols/h264/dts-extractor';
import { H264NalType } from '../../../../src/main/engine/protocols/h264/nal-units';
import { parseH264Sps } from '../../../../src/main/engine/protocols/h264/sps';
import { H265DtsExtractor } from '../../../../src/main/engine/protocols/h265/dts-extractor';
import { H265NalType } from '../../../../src/main/engine/protocols/h265/nal-units';
import { parseH265Sps } from '../../../../src/main/engine/protocols/h265/sps';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';
import { parseTs } from '../../../../src/main/engine/protocols/mpegts/demuxer';
import { tsAccessUnits } from '../../../../src/main/engine/protocols/mpegts/access-units';
import { H264Depacketizer } from '../../../../src/main/engine/protocols/rtp/h264-depacketizer';
import { H264Packetizer } from '../../../../src/main/engine/protocols/rtp/h264-packetizer';

interface Encoded {
  track: Track;
  units: AccessUnit[];
}

/** 90 frames of testsrc2 at 30 fps, encoded by FFmpeg into MPEG-TS and demuxed. */
function encode(codecArgs: string[]): Encoded {
  const ts = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=192x128:rate=30', '-frames:v', '90', ...codecArgs, '-f', 'mpegts', '-'],
    { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const parsed = parseTs(ts);
  const media = tsAccessUnits(parsed.pmt!, parsed.pes);
  return { track: media.tracks[0], units: media.units.filter((u) => u.track === 0) };
}

const x264 = (bf: number, pyramid = 'normal') => ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', String(bf), '-g', '30', '-x264-params', `b-pyramid=${pyramid}`];
const x265 = (bf: number) => ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `bframes=${bf}:keyint=30:log-level=error`];

function expectValidDts(units: readonly AccessUnit[], dts: readonly number[]): void {
  for (let i = 0; i < units.length; i++) {
    expect(dts[i], `unit ${i}: dts ≤ pts`).toBeLessThanOrEqual(units[i].pts);
    if (i > 0) expect(dts[i], `unit ${i}: dts grows`).toBeGreaterThan(dts[i - 1]);
  }
}

/** Whether the stream really has B-frames, so a test of the extractor is not vacuous. */
function reordered(units: readonly AccessUnit[]): boolean {
  return units.some((u, i) => i > 0 && u.pts < units[i - 1].pts);
}

describe('H264DtsExtractor on libx264 output', () => {
  it.each([
    ['-bf 2', x264(2)],
    ['-bf 3 b-pyramid', x264(3)],
    ['-bf 3 no pyramid', x264(3, 'none')],
    ['-bf 0', x264(0)],
  ])('%s: dts grows, stays ≤ pts and equals the encoder dts', (_name, args) => {
    const { units } = encode(args);
    expect(units.length).toBe(90);
    const bframes = !args.includes('0');
    expect(reordered(units)).toBe(bframes);
    const extractor = new H264DtsExtractor();
    const dts = units.map((u) => extractor.extract(u.nalus!, u.pts));
    expectValidDts(units, dts);
    // x264 delays decoding by exactly the reorder depth it writes into the VUI.
    expect(dts).toEqual(units.map((u) => u.dts));
    expect(extractor.violations).toBe(0);
  });

  it('takes the SPS from the SDP when the units do not repeat it', () => {
    const { track, units } = encode(x264(2));
    const stripped = units.map((u) => u.nalus!.filter((n) => (n[0] & 0x1f) !== H264NalType.Sps));
    const sps = track.kind === 'video' ? track.sps : undefined;
    expect(sps).toBeDefined();
    const extractor = new H264DtsExtractor(sps);
    const dts = units.map((u, i) => extractor.extract(stripped[i], u.pts));
    expectValidDts(units, dts);
    expect(dts).toEqual(units.map((u) => u.dts));
  });

  it('reads the reorder depth from the VUI bitstream restriction', () => {
    const sps = (encode(x264(2)).track as { sps?: Buffer }).sps!;
    const info = parseH264Sps(sps);
    expect(info.maxNumReorderFrames).toBe(2);
    expect(h264ReorderDepth(info)).toBe(2);
    // E.2.1 inference without the VUI field: MaxDpbFrames of level 1.2 at 192x128 = 2376 / 96.
    expect(h264ReorderDepth({ ...info, maxNumReorderFrames: undefined, levelIdc: 12 })).toBe(16);
    expect(h264ReorderDepth({ ...info, maxNumReorderFrames: undefined, levelIdc: 30, codedWidth: 1920, codedHeight: 1088 })).toBe(0);
    expect(h264ReorderDepth({ ...info, picOrderCntType: 2 })).toBe(0);
  });

  it('keeps dts monotonic through RTP packetization and depacketization', () => {
    const { track, units } = encode(x264(2));
    if (track.kind !== 'video') throw new Error('expected video');
    const packetizer = new H264Packetizer(track, { payloadType: 96, ssrc: 1, initialSequence: 0, initialTimestamp: 0, maxPayloadSize: 1200 });
    const depacketizer = new H264Depacketizer(0, { reorderWindow: 0 }, track.sps);
    const out: AccessUnit[] = [];
    for (const u of units) for (const p of packetizer.packetize(u)) out.push(...depacketizer.push(p));
    out.push(...depacketizer.flush());
    expect(out.length).toBe(units.length);
    expect(reordered(out)).toBe(true);
    expectValidDts(out, out.map((u) => u.dts));
  });
});

describe('H265DtsExtractor on libx265 output', () => {
  it.each([
    ['bframes=2', x265(2)],
    ['bframes=4', x265(4)],
  ])('%s: dts grows and stays ≤ pts', (_name, args) => {
    const { track, units } = encode(args);
    expect(units.length).toBe(90);
    expect(reordered(units)).toBe(true);
    const sps = units[0].nalus!.find((n) => ((n[0] >> 1) & 0x3f) === H265NalType.Sps)!;
    expect(parseH265Sps(sps).maxNumReorderPics).toBeGreaterThan(0);
    const extractor = new H265DtsExtractor(track.kind === 'video' ? track.sps : undefined);
    const dts = units.map((u) => extractor.extract(u.nalus!, u.pts));
    expectValidDts(units, dts);
    expect(extractor.violations).toBe(0);
  });
});

describe('DecodeTimeline', () => {
  // Output index of each picture in decoding order, 1 frame = 3000 ticks.
  it.each([
    ['I P B B', [0, 3, 1, 2, 6, 4, 5], 1],
    ['pyramid', [0, 4, 2, 1, 3, 8, 6, 5, 7], 2],
    ['no reorder', [0, 1, 2, 3], 0],
  ])('%s', (_name, order, depth) => {
    const t = new DecodeTimeline();
    const pts = order.map((o) => 9000 + o * 3000);
    const dts = pts.map((p) => t.next(p, depth));
    // The ideal: decode index minus depth, in frames.
    expect(dts).toEqual(order.map((_o, d) => 9000 + (d - depth) * 3000));
    expect(t.violations).toBe(0);
  });

  it('follows a variable frame rate exactly once the first pictures are past', () => {
    const t = new DecodeTimeline();
    const display = [0, 1000, 4000, 4500, 9000, 9100, 12000];
    const order = [0, 2, 1, 4, 3, 6, 5];
    const dts = order.map((o) => t.next(display[o], 1));
    expect(dts.slice(1)).toEqual([0, 1000, 4000, 4500, 9000, 9100]);
  });

  // Random output times and a random decode order in which no picture is decoded after more
  // than `depth` pictures that follow it in output order (the reorder depth's definition).
  const reorderedWithin = fc.integer({ min: 0, max: 4 }).chain((depth) => fc.tuple(
    fc.constant(depth),
    fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
  ));

  it('gives growing dts ≤ pts for any stream within the announced depth (property)', () => {
    fc.assert(fc.property(reorderedWithin, ([depth, gaps, picks]) => {
      const outputPts = gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []);
      const waiting = outputPts.map((p) => ({ p, passed: 0 }));
      const decodeOrder: number[] = [];
      for (let i = 0; waiting.length > 0; i++) {
        // A picture passed over `depth` times must go now; otherwise pick among the first few.
        // The first is a keyframe (the depacketizer starts at one), first in output order too.
        let k = i === 0 ? 0 : waiting.findIndex((w) => w.passed >= depth);
        if (k < 0) k = picks[i] % Math.min(depth + 1, waiting.length);
        const [taken] = waiting.splice(k, 1);
        for (const w of waiting) if (w.p < taken.p) w.passed++;
        decodeOrder.push(taken.p);
      }
      const t = new DecodeTimeline();
      const dts = decodeOrder.map((p) => t.next(p, depth));
      expect(t.violations).toBe(0);
      for (let i = 0; i < dts.length; i++) {
        expect(dts[i]).toBeLessThanOrEqual(decodeOrder[i]);
        if (i > 0) expect(dts[i]).toBeGreaterThan(dts[i - 1]);
      }
      return true;
    }));
  });

  it('keeps dts growing and ≤ pts when the stream reorders deeper than announced', () => {
    const t = new DecodeTimeline();
    const order = [0, 4, 2, 1, 3, 8, 6, 5, 7];
    const pts = order.map((o) => o * 3000);
    const dts = pts.map((p) => t.next(p, 1));
    expect(t.violations).toBeGreaterThan(0);
    for (let i = 1; i < dts.length; i++) expect(dts[i]).toBeGreaterThan(dts[i - 1]);
  });
});
