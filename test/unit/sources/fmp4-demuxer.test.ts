// fMP4 → access units (the HLS source's fMP4 path): what our muxer writes comes back unchanged.
import { describe, expect, it } from 'vitest';
import { audioSpecificConfigFromEsds, Fmp4Demuxer } from '../../../src/main/engine/protocols/fmp4/demuxer';
import { Fmp4Error } from '../../../src/main/engine/protocols/fmp4/errors';
import { Fmp4Muxer } from '../../../src/main/engine/protocols/fmp4/muxer';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';

const SPS = Buffer.from('674d400deca0a0fd8088000003000800000301e078a14cb0', 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]) },
];

function units(): AccessUnit[] {
  const out: AccessUnit[] = [];
  for (let i = 0; i < 6; i++) {
    out.push({ track: 0, dts: i * 3000, pts: i * 3000 + 3000, key: i % 3 === 0, nalus: [Buffer.from([i % 3 === 0 ? 0x65 : 0x41, i, 1, 2]), Buffer.from([0x06, i])] });
    out.push({ track: 1, dts: i * 1600, pts: i * 1600, key: true, payload: Buffer.from([0x21, i, 9]) });
  }
  return out;
}

describe('Fmp4Demuxer', () => {
  it('reads tracks from the init segment and units from fragments, in time order', () => {
    const mux = new Fmp4Muxer(TRACKS);
    for (const au of units()) mux.addUnit(au);
    const demux = new Fmp4Demuxer(mux.initSegment());
    expect(demux.tracks).toMatchObject([
      { kind: 'video', codec: 'H264', sps: SPS, pps: PPS, codecString: 'avc1.4d400d' },
      { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]), codecString: 'mp4a.40.2' },
    ]);
    const got = demux.push(mux.flush(1)!);
    const byTime = (a: AccessUnit) => a.dts / TRACKS[a.track].clockRate;
    const want = units().sort((a, b) => byTime(a) - byTime(b));
    expect(got.map((u) => [u.track, u.dts, u.pts, u.key])).toEqual(want.map((u) => [u.track, u.dts, u.pts, u.key]));
    expect(got.filter((u) => u.track === 0).map((u) => u.nalus)).toEqual(want.filter((u) => u.track === 0).map((u) => u.nalus));
    expect(got.filter((u) => u.track === 1).map((u) => u.payload)).toEqual(want.filter((u) => u.track === 1).map((u) => u.payload));
  });

  it('refuses an init segment without a track it understands', () => {
    expect(() => new Fmp4Demuxer(Buffer.from('0000000c6d6f6f7600000000', 'hex').subarray(0, 8))).toThrow(Fmp4Error);
  });

  it('finds the AudioSpecificConfig in an esds with multi-byte descriptor sizes', () => {
    const asc = Buffer.from([0x12, 0x10]);
    const dsi = Buffer.from([0x05, 0x80, 0x80, 0x80, asc.length, ...asc]);
    const dcd = Buffer.concat([Buffer.from([0x04, 13 + dsi.length, 0x40, 0x15]), Buffer.alloc(11), dsi]);
    const es = Buffer.concat([Buffer.from([0x03, 3 + dcd.length, 0, 1, 0]), dcd]);
    expect(audioSpecificConfigFromEsds(Buffer.concat([Buffer.alloc(4), es]))).toEqual(asc);
  });
});
