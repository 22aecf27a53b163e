// The TS muxer against real encoder output: our demuxer and FFmpeg/ffprobe read it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MpegTsMuxer } from '../../../../src/main/engine/protocols/mpegts/muxer';
import { parseTs, type ParsedTs } from '../../../../src/main/engine/protocols/mpegts/demuxer';
import { tsAccessUnits } from '../../../../src/main/engine/protocols/mpegts/access-units';
import { StreamType } from '../../../../src/main/engine/protocols/mpegts/constants';
import { splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';
import { decodeErrors, ffprobe, gstreamerDecodeErrors, hasGstreamer, flvH264Aac, tsH265Opus, type MediaInput } from './media-input';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relaybox-ts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Muxes like a segmenter: tables before the first unit and before every video key frame. */
function mux(input: MediaInput): Buffer {
  const muxer = new MpegTsMuxer(input.tracks);
  const out: Buffer[] = [muxer.tables()];
  for (const au of input.units) {
    if (au.key && input.tracks[au.track].kind === 'video' && out.length > 1) out.push(muxer.tables());
    out.push(muxer.writeUnit(au));
  }
  return Buffer.concat(out);
}

const to90k = (v: number, track: Track) => Math.round((v * 90000) / track.clockRate);

function checkStructure(parsed: ParsedTs, input: MediaInput): void {
  expect(parsed.continuityErrors).toBe(0);
  expect(parsed.pcrs.length).toBeGreaterThan(0);
  for (let i = 1; i < parsed.pcrs.length; i++) expect(parsed.pcrs[i].base).toBeGreaterThanOrEqual(parsed.pcrs[i - 1].base);
  const pids = parsed.pmt!.streams.map((s) => s.pid);
  input.tracks.forEach((track, t) => {
    const units = input.units.filter((u) => u.track === t);
    const pes = parsed.pes.filter((p) => p.pid === pids[t]);
    expect(pes.length).toBe(units.length);
    pes.forEach((p, i) => {
      expect(p.pts).toBe(to90k(units[i].pts, track));
      expect(p.dts).toBe(to90k(units[i].dts, track));
      if (track.kind === 'video') expect(p.randomAccess).toBe(units[i].key);
    });
  });
}

function checkWithFfprobe(file: string, input: MediaInput, expectCodecs: string[]): void {
  const probe = ffprobe(file);
  expect(probe.streams.map((s) => s.codec_name)).toEqual(expectCodecs);
  input.tracks.forEach((track, t) => {
    const stream = probe.streams[t];
    if (track.kind === 'video') {
      expect([stream.width, stream.height]).toEqual([track.width, track.height]);
    } else {
      expect(Number(stream.sample_rate)).toBe(track.clockRate);
      expect(stream.channels).toBe(track.channels);
    }
    const units = input.units.filter((u) => u.track === t);
    const packets = probe.packets.filter((p) => p.stream_index === stream.index);
    expect(packets.length).toBe(units.length);
    expect(packets.map((p) => p.pts)).toEqual(units.map((u) => to90k(u.pts, track)));
    expect(packets.map((p) => p.dts)).toEqual(units.map((u) => to90k(u.dts, track)));
  });
  expect(decodeErrors(file)).toBe('');
}

describe('MpegTsMuxer with FFmpeg-made H.264 (B-frames) + AAC', () => {
  let input: MediaInput;
  let ts: Buffer;
  let file: string;
  beforeAll(() => {
    input = flvH264Aac(dir);
    ts = mux(input);
    file = join(dir, 'h264.ts');
    writeFileSync(file, ts);
  });

  it('has B-frames to test (pts out of decode order)', () => {
    const video = input.units.filter((u) => u.track === 0);
    expect(video.some((u, i) => i > 0 && u.pts < video[i - 1].pts)).toBe(true);
  });

  it('parses back: PMT, counters, PCR, every PES with its timestamps', () => {
    const parsed = parseTs(ts);
    expect(parsed.pmt!.streams.map((s) => s.streamType)).toEqual([StreamType.H264, StreamType.AacAdts]);
    expect(parsed.pmt!.pcrPid).toBe(parsed.pmt!.streams[0].pid);
    checkStructure(parsed, input);
  });

  it('puts an AUD first and SPS/PPS before every IDR', () => {
    const parsed = parseTs(ts);
    const video = parsed.pes.filter((p) => p.streamType === StreamType.H264);
    for (const p of video) {
      const types = splitAnnexB(p.data).map((n) => n[0] & 0x1f);
      expect(types[0]).toBe(9);
      if (types.includes(5)) expect(types.slice(1, 3)).toEqual([7, 8]);
    }
  });

  it('ffprobe reads codecs, size, rate, every packet with the input timestamps; ffmpeg decodes cleanly', () => {
    checkWithFfprobe(file, input, ['h264', 'aac']);
  });

  it.skipIf(!hasGstreamer)('GStreamer demuxes and decodes it without errors', () => {
    expect(gstreamerDecodeErrors(file, input.tracks.length)).toBe('');
  });

  it('demuxes back to the same access units', () => {
    const parsed = parseTs(ts);
    const media = tsAccessUnits(parsed.pmt!, parsed.pes);
    expect(media.tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
    expect(media.tracks[1]).toMatchObject({ clockRate: 44100, channels: 2 });
    expect(media.units.length).toBe(input.units.length);
    const byTrack = (units: AccessUnit[], t: number) => units.filter((u) => u.track === t);
    const back = byTrack(media.units, 1);
    byTrack(input.units, 1).forEach((u, i) => {
      expect(back[i].payload!.equals(u.payload!)).toBe(true);
      expect(Math.abs(back[i].dts - u.dts)).toBeLessThanOrEqual(1); // 90 kHz rounding
    });
    const video = byTrack(media.units, 0);
    byTrack(input.units, 0).forEach((u, i) => {
      expect(video[i].pts).toBe(u.pts);
      expect(video[i].key).toBe(u.key);
      // Only parameter sets were added (to IDRs that lacked them).
      const original = u.nalus!.filter((n) => (n[0] & 0x1f) !== 9);
      expect(video[i].nalus!.filter((n) => ![7, 8].includes(n[0] & 0x1f)).map((n) => n.toString('hex'))).toEqual(
        original.filter((n) => ![7, 8].includes(n[0] & 0x1f)).map((n) => n.toString('hex')),
      );
    });
  });
});

describe('MpegTsMuxer with FFmpeg-made H.265 (B-frames) + Opus', () => {
  let input: MediaInput;
  let file: string;
  let ts: Buffer;
  beforeAll(() => {
    input = tsH265Opus(dir);
    // Drop the parameter sets from the units: the muxer must insert them from the track.
    input.units = input.units.map((u) => (u.nalus ? { ...u, nalus: u.nalus.filter((n) => ![32, 33, 34].includes((n[0] >> 1) & 0x3f)) } : u));
    ts = mux(input);
    file = join(dir, 'h265.ts');
    writeFileSync(file, ts);
  });

  it('parses back with VPS/SPS/PPS before every IRAP and the Opus registration descriptor', () => {
    const parsed = parseTs(ts);
    expect(parsed.pmt!.streams.map((s) => s.streamType)).toEqual([StreamType.H265, StreamType.PrivatePes]);
    checkStructure(parsed, input);
    for (const p of parsed.pes.filter((x) => x.streamType === StreamType.H265)) {
      const types = splitAnnexB(p.data).map((n) => (n[0] >> 1) & 0x3f);
      expect(types[0]).toBe(35);
      if (types.some((t) => t >= 16 && t <= 23)) expect(types.slice(1, 4)).toEqual([32, 33, 34]);
    }
  });

  it('ffprobe reads hevc + opus with the input timestamps; ffmpeg decodes cleanly', () => {
    checkWithFfprobe(file, input, ['hevc', 'opus']);
  });

  it.skipIf(!hasGstreamer)('GStreamer demuxes and decodes it without errors', () => {
    expect(gstreamerDecodeErrors(file, input.tracks.length)).toBe('');
  });
});
