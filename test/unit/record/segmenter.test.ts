// The recording segmenter with synthetic units: where segments and parts are cut, what each
// file starts with, and that every part is a complete fragment (fMP4) or packet run (MPEG-TS).
import { describe, expect, it } from 'vitest';
import { parseBoxes, parseFragments } from '../../../src/main/engine/protocols/fmp4/box-parser';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';
import { RecordSegmenter, type RecordEvent } from '../../../src/main/engine/record/segmenter';

const SPS = Buffer.from('674d400deca0a0fd8088000003000800000301e078a14cb0', 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]) },
];

/** `seconds` of 30 fps video (key frame every 30 frames) and 48 kHz AAC, interleaved by time, from `t0`. */
function units(seconds: number, t0 = 5): { au: AccessUnit; atMs: number }[] {
  const out: { au: AccessUnit; atMs: number }[] = [];
  for (let i = 0; i < seconds * 30; i++) {
    const dts = Math.round((t0 + i / 30) * 90000);
    out.push({ au: { track: 0, dts, pts: dts, key: i % 30 === 0, nalus: [Buffer.from([i % 30 === 0 ? 0x65 : 0x41, 1, 2, 3])] }, atMs: (i / 30) * 1000 });
  }
  for (let i = 0; i < (seconds * 48000) / 1024; i++) {
    const dts = Math.round(t0 * 48000) + i * 1024;
    out.push({ au: { track: 1, dts, pts: dts, key: true, payload: Buffer.from([0x21, i & 0xff]) }, atMs: ((i * 1024) / 48000) * 1000 });
  }
  return out.sort((a, b) => a.atMs - b.atMs || a.au.track - b.au.track);
}

function run(seg: RecordSegmenter, input: { au: AccessUnit; atMs: number }[], wall0 = 1_000_000): RecordEvent[] {
  const events: RecordEvent[] = [];
  for (const { au, atMs } of input) events.push(...seg.push(au, wall0 + atMs));
  events.push(...seg.finish());
  return events;
}

/** Events grouped per file. */
function files(events: RecordEvent[]): { startMs: number; header: Buffer; parts: Buffer[]; durationS: number }[] {
  const out: { startMs: number; header: Buffer; parts: Buffer[]; durationS: number }[] = [];
  for (const e of events) {
    if (e.type === 'segmentStart') out.push({ startMs: e.startMs, header: e.header, parts: [], durationS: -1 });
    else if (e.type === 'part') out[out.length - 1].parts.push(e.data);
    else out[out.length - 1].durationS = e.durationS;
  }
  return out;
}

describe('RecordSegmenter', () => {
  it('fMP4: cuts segments at the first key frame after the segment duration, parts by part duration', () => {
    const seg = new RecordSegmenter({ format: 'fmp4', tracks: TRACKS, segmentDurationS: 4, partDurationS: 1, maxPartSize: 50e6 });
    const out = files(run(seg, units(10)));
    // The last audio frame may end a few ms after the last video frame.
    expect(out.map((f) => Math.round(f.durationS * 10) / 10)).toEqual([4, 4, 2]);
    expect(out.map((f) => f.startMs - out[0].startMs)).toEqual([0, 4000, 8000]);
    for (const f of out) {
      expect(parseBoxes(f.header).map((b) => b.type)).toEqual(['ftyp', 'moov']);
      // One moof+mdat per part; every part stands alone; the file's timestamps start at 0.
      const frags = f.parts.map((p) => parseFragments(p));
      expect(frags.every((x) => x.length === 1)).toBe(true);
      const video = frags.map(([x]) => x.tracks.find((t) => t.trackId === 1)!);
      expect(video[0].baseMediaDecodeTime).toBe(0);
      expect(video[0].samples[0].sync).toBe(true);
      expect(f.parts.length).toBeGreaterThanOrEqual(Math.floor(f.durationS));
      const frames = video.reduce((n, t) => n + t.samples.length, 0);
      expect(frames).toBe(Math.round(f.durationS) * 30);
    }
  });

  it('MPEG-TS: each file starts with PAT/PMT and every part is whole 188-byte packets', () => {
    const seg = new RecordSegmenter({ format: 'mpegts', tracks: TRACKS, segmentDurationS: 4, partDurationS: 1, maxPartSize: 50e6 });
    const out = files(run(seg, units(10)));
    expect(out).toHaveLength(3);
    for (const f of out) {
      expect(f.header.length).toBe(2 * 188);
      expect(f.header.readUInt16BE(1) & 0x1fff).toBe(0); // PAT PID
      for (const p of f.parts) {
        expect(p.length % 188).toBe(0);
        for (let i = 0; i < p.length; i += 188) expect(p[i]).toBe(0x47);
      }
    }
  });

  it('waits for a key frame before opening the first file', () => {
    const seg = new RecordSegmenter({ format: 'fmp4', tracks: TRACKS, segmentDurationS: 60, partDurationS: 1, maxPartSize: 50e6 });
    const input = units(3).filter(({ au }) => !(au.track === 0 && au.dts === Math.round(5 * 90000)));
    const out = files(run(seg, input));
    expect(out).toHaveLength(1);
    expect(out[0].durationS).toBeCloseTo(2, 1);
  });

  it('writes a part early when it reaches recordMaxPartSize', () => {
    const seg = new RecordSegmenter({ format: 'mpegts', tracks: TRACKS, segmentDurationS: 60, partDurationS: 10, maxPartSize: 2000 });
    const out = files(run(seg, units(2)));
    expect(out[0].parts.length).toBeGreaterThan(5);
  });

  it('refuses streams with no track the format can carry', () => {
    expect(() => new RecordSegmenter({ format: 'mpegts', tracks: [{ kind: 'video', codec: 'AV1', clockRate: 90000 }], segmentDurationS: 1, partDurationS: 1, maxPartSize: 1 }))
      .toThrow(/no track that mpegts recordings can carry/);
  });
});
