// The fMP4 muxer against real encoder output: our box parser and FFmpeg/ffprobe read init +
// fragments back with the input's timestamps, B-frame composition offsets included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fmp4Muxer } from '../../../../src/main/engine/protocols/fmp4/muxer';
import { parseFragments, parseInitSegment } from '../../../../src/main/engine/protocols/fmp4/box-parser';
import { parseAvcDecoderConfig } from '../../../../src/main/engine/protocols/h264/avc-config';
import type { AccessUnit } from '../../../../src/main/engine/protocols/media/types';
import { decodeErrors, ffprobe, gstreamerDecodeErrors, hasGstreamer, flvH264Aac, obuAv1, tsH265Opus, type MediaInput } from '../mpegts/media-input';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relaybox-fmp4-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Muxes like an LL-HLS segmenter: a fragment (part) every ~200 ms of video and at every key frame. */
function mux(input: MediaInput): { init: Buffer; fragments: Buffer[] } {
  const muxer = new Fmp4Muxer(input.tracks);
  const fragments: Buffer[] = [];
  let seq = 1;
  const video = input.tracks.findIndex((t) => t.kind === 'video');
  for (const au of input.units) {
    muxer.addUnit(au);
    if (au.track === video && (au.key || muxer.readyDuration(video) >= 18000)) {
      const f = muxer.fragment(seq);
      if (f) {
        fragments.push(f);
        seq++;
      }
    }
  }
  const last = muxer.flush(seq);
  if (last) fragments.push(last);
  return { init: muxer.initSegment(), fragments };
}

/** The input units in each track's order, with the timestamps a reader must see. */
const unitsOf = (input: MediaInput, t: number): AccessUnit[] => input.units.filter((u) => u.track === t);

function checkOwnParser(out: { init: Buffer; fragments: Buffer[] }, input: MediaInput): void {
  const init = parseInitSegment(out.init);
  expect(init.map((t) => t.trackId)).toEqual(input.tracks.map((_, i) => i + 1));
  const samples = new Map<number, Array<{ dts: number; pts: number; sync: boolean; size: number }>>();
  out.fragments.forEach((f, i) => {
    const [frag] = parseFragments(f);
    expect(frag.sequenceNumber).toBe(i + 1);
    for (const traf of frag.tracks) {
      const list = samples.get(traf.trackId) ?? [];
      // Fragments follow each other without gaps: each tfdt is where the previous one ended.
      if (list.length > 0) expect(traf.baseMediaDecodeTime).toBeGreaterThan(list[list.length - 1].dts);
      for (const s of traf.samples) list.push({ dts: s.dts, pts: s.pts, sync: s.sync, size: s.data.length });
      samples.set(traf.trackId, list);
    }
  });
  input.tracks.forEach((track, t) => {
    const got = samples.get(t + 1)!;
    const units = unitsOf(input, t);
    expect(got.map((s) => s.dts)).toEqual(units.map((u) => u.dts));
    expect(got.map((s) => s.pts)).toEqual(units.map((u) => u.pts));
    expect(got.map((s) => s.sync)).toEqual(units.map((u) => track.kind === 'audio' || u.key));
  });
}

function checkWithFfprobe(file: string, input: MediaInput, codecs: string[]): void {
  const probe = ffprobe(file);
  expect(probe.streams.map((s) => s.codec_name)).toEqual(codecs);
  input.tracks.forEach((track, t) => {
    const stream = probe.streams[t];
    expect(stream.time_base).toBe(`1/${track.clockRate}`);
    if (track.kind === 'video') expect([stream.width, stream.height]).toEqual([track.width, track.height]);
    else expect([Number(stream.sample_rate), stream.channels]).toEqual([track.clockRate, track.channels]);
    const packets = probe.packets.filter((p) => p.stream_index === stream.index);
    const units = unitsOf(input, t);
    expect(packets.length).toBe(units.length);
    expect(packets.map((p) => p.dts)).toEqual(units.map((u) => u.dts));
    expect(packets.map((p) => p.pts)).toEqual(units.map((u) => u.pts));
    if (track.kind === 'video') expect(packets.map((p) => p.flags.startsWith('K'))).toEqual(units.map((u) => u.key));
  });
  expect(decodeErrors(file)).toBe('');
}

describe('Fmp4Muxer with FFmpeg-made H.264 (B-frames) + AAC', () => {
  let input: MediaInput;
  let out: { init: Buffer; fragments: Buffer[] };
  let file: string;
  beforeAll(() => {
    input = flvH264Aac(dir);
    out = mux(input);
    file = join(dir, 'h264.mp4');
    writeFileSync(file, Buffer.concat([out.init, ...out.fragments]));
  });

  it('writes avc1/avcC and mp4a/esds sample entries', () => {
    const [video, audio] = parseInitSegment(out.init);
    expect(video).toMatchObject({ sampleEntry: 'avc1', handler: 'vide', timescale: 90000, width: 320, height: 240 });
    expect(video.config!.type).toBe('avcC');
    expect(parseAvcDecoderConfig(video.config!.payload).sps[0].equals(input.tracks[0].kind === 'video' ? input.tracks[0].sps! : Buffer.alloc(0))).toBe(true);
    expect(audio).toMatchObject({ sampleEntry: 'mp4a', handler: 'soun', timescale: 44100, channels: 2, sampleRate: 44100 });
    expect(audio.config!.type).toBe('esds');
  });

  it('emits parts of at most ~200 ms that start at key frames when a key frame arrives', () => {
    expect(out.fragments.length).toBeGreaterThan(8);
    for (const f of out.fragments) {
      const [frag] = parseFragments(f);
      const v = frag.tracks.find((t) => t.trackId === 1);
      if (!v) continue;
      const duration = v.samples.reduce((a, s) => a + s.duration, 0);
      expect(duration).toBeLessThanOrEqual(18000 + 3100);
    }
  });

  it('parses back with every sample, dts, pts (composition offsets) and sync flag', () => {
    checkOwnParser(out, input);
  });

  it('ffprobe reads codecs, size, rate, every packet with the input timestamps; ffmpeg decodes cleanly', () => {
    checkWithFfprobe(file, input, ['h264', 'aac']);
  });

  it.skipIf(!hasGstreamer)('GStreamer demuxes and decodes it without errors', () => {
    expect(gstreamerDecodeErrors(file, input.tracks.length)).toBe('');
  });
});

describe('Fmp4Muxer with FFmpeg-made H.265 (B-frames) + Opus', () => {
  let input: MediaInput;
  let out: { init: Buffer; fragments: Buffer[] };
  let file: string;
  beforeAll(() => {
    input = tsH265Opus(dir);
    out = mux(input);
    file = join(dir, 'h265.mp4');
    writeFileSync(file, Buffer.concat([out.init, ...out.fragments]));
  });

  it('writes hvc1/hvcC and Opus/dOps sample entries', () => {
    const [video, audio] = parseInitSegment(out.init);
    expect(video).toMatchObject({ sampleEntry: 'hvc1', width: 320, height: 240 });
    expect(video.config!.type).toBe('hvcC');
    expect(audio).toMatchObject({ sampleEntry: 'Opus', channels: 2, sampleRate: 48000 });
    expect(audio.config!.type).toBe('dOps');
  });

  it('parses back with every sample, dts, pts and sync flag', () => {
    checkOwnParser(out, input);
  });

  it('ffprobe reads hevc + opus with the input timestamps; ffmpeg decodes cleanly', () => {
    checkWithFfprobe(file, input, ['hevc', 'opus']);
  });

  it.skipIf(!hasGstreamer)('GStreamer demuxes and decodes it without errors', () => {
    expect(gstreamerDecodeErrors(file, input.tracks.length)).toBe('');
  });
});

describe('Fmp4Muxer with FFmpeg-made AV1', () => {
  it('writes av01/av1C; ffprobe reads av1 with every packet and its timestamps; ffmpeg decodes cleanly', () => {
    const input = obuAv1(dir);
    const out = mux(input);
    const [video] = parseInitSegment(out.init);
    expect(video).toMatchObject({ sampleEntry: 'av01', width: 320, height: 240 });
    expect(video.config!.type).toBe('av1C');
    // Temporal delimiters are not stored in samples.
    const first = parseFragments(out.fragments[0])[0].tracks[0].samples[0];
    expect((first.data[0] >> 3) & 0xf).not.toBe(2);
    const file = join(dir, 'av1.mp4');
    writeFileSync(file, Buffer.concat([out.init, ...out.fragments]));
    checkWithFfprobe(file, input, ['av1']);
  });
});
