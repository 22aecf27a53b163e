// HlsSegmenter and the playlists on synthetic units (no sockets, no clocks): where segments and
// parts are cut, what memory is kept, and what the playlists say. Pure tests; they live here
// because test/integration/hls is this feature's test folder.
import { describe, expect, it } from 'vitest';
import { parseFragments } from '../../../src/main/engine/protocols/fmp4/box-parser';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';
import { mediaPlaylist, multivariantPlaylist, targetDurationS } from '../../../src/main/engine/servers/hls/playlist';
import { HlsSegmenter, type HlsVariant } from '../../../src/main/engine/servers/hls/segmenter';
import { checkMediaPlaylistText, checkMultivariantPlaylist } from './m3u8-check';

const SPS = Buffer.from('674d400deca0a0fd8088000003000800000301e078a14cb0', 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS, width: 320, height: 240, codecString: 'avc1.4d400d' },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]), codecString: 'mp4a.40.2' },
];
const IDR = [Buffer.from('65888400', 'hex')];
const NON_IDR = [Buffer.from('419a0000', 'hex')];

/**
 * `seconds` of 30 fps video (a key frame every `gopFrames`) interleaved with 48 kHz AAC frames,
 * all shifted by `startDts` seconds (sources rarely start at 0), starting `leadIn` frames before a key frame.
 */
function units(seconds: number, opts: { gopFrames?: number; startS?: number; leadIn?: number; frameBytes?: number } = {}): AccessUnit[] {
  const gop = opts.gopFrames ?? 30;
  const start = opts.startS ?? 100;
  const out: AccessUnit[] = [];
  const frames = seconds * 30;
  let audioDts = Math.round(start * 48000);
  for (let f = -(opts.leadIn ?? 0); f < frames; f++) {
    const dts = Math.round(start * 90000) + f * 3000;
    const key = f >= 0 && f % gop === 0;
    const nalus = opts.frameBytes ? [Buffer.concat([key ? IDR[0] : NON_IDR[0], Buffer.alloc(opts.frameBytes)])] : key ? IDR : NON_IDR;
    out.push({ track: 0, dts, pts: dts, key, nalus });
    while (audioDts * 90000 < (dts + 3000) * 48000) {
      out.push({ track: 1, dts: audioDts, pts: audioDts, key: true, payload: Buffer.alloc(8, 1) });
      audioDts += 1024;
    }
  }
  return out;
}

function segmenter(variant: HlsVariant, over: Partial<ConstructorParameters<typeof HlsSegmenter>[0]> = {}): HlsSegmenter {
  return new HlsSegmenter({ variant, tracks: TRACKS, segmentDurationS: 1, partDurationS: 0.2, segmentCount: 3, segmentMaxSize: 50_000_000, now: () => 1_700_000_000_000, ...over });
}

describe('HlsSegmenter', () => {
  it.each(['mpegts', 'fmp4', 'lowLatency'] as const)('%s: cuts at key frames once the segment duration is reached, keeps segmentCount + 1', (variant) => {
    const s = segmenter(variant);
    let changes = 0;
    s.onChange = () => changes++;
    for (const u of units(8, { leadIn: 7 })) s.push(u);
    expect(s.segments.map((x) => x.msn)).toEqual([3, 4, 5, 6]);
    for (const seg of s.segments) expect(seg.duration).toBeCloseTo(1, 9);
    expect(s.currentMsn).toBe(7);
    expect(s.listedSegments().map((x) => x.msn)).toEqual([4, 5, 6]);
    expect(changes).toBeGreaterThanOrEqual(7);
    // Segment n starts n seconds after the first key frame (PROGRAM-DATE-TIME).
    expect(s.segments[0].programDateMs).toBe(1_700_000_000_000 + 3000);
    if (variant === 'mpegts') {
      for (const seg of s.segments) {
        expect(seg.data.length % 188).toBe(0);
        expect(seg.data[0]).toBe(0x47);
      }
    } else {
      // Decode times restart at 0 at the first key frame (fMP4 cannot carry negative ones).
      const frags = parseFragments(s.segments[0].data);
      expect(frags[0].tracks[0].samples[0].dts).toBe(3 * 90000);
      expect(frags[0].tracks[0].samples[0].sync).toBe(true);
    }
  });

  it('segments follow a GOP longer than the segment duration, and the target duration grows with them', () => {
    const s = segmenter('mpegts');
    for (const u of units(9, { gopFrames: 60 })) s.push(u);
    for (const seg of s.segments) expect(seg.duration).toBeCloseTo(2, 9);
    expect(targetDurationS(s, 1)).toBe(2);
  });

  it('lowLatency: parts of at most the part duration, the first of each segment independent, parts are views of the segment', () => {
    const s = segmenter('lowLatency');
    for (const u of units(5)) s.push(u);
    let lastId = -1;
    for (const seg of s.segments) {
      expect(seg.parts.map((p) => p.duration.toFixed(3))).toEqual(['0.200', '0.200', '0.200', '0.200', '0.200']);
      expect(seg.parts.map((p) => p.independent)).toEqual([true, false, false, false, false]);
      expect(Buffer.concat(seg.parts.map((p) => p.data)).equals(seg.data)).toBe(true);
      for (const p of seg.parts) {
        expect(p.id).toBe(lastId + 1);
        lastId = p.id;
        expect(s.findPart(p.id)).toBe(p);
      }
    }
    expect(s.upcomingPartId).toBe(lastId + 1 + s.currentParts.length);
  });

  it('a segment that reaches segmentMaxSize is cut at the next frame', () => {
    const s = segmenter('mpegts', { segmentMaxSize: 20_000 });
    for (const u of units(3, { frameBytes: 2000, gopFrames: 90 })) s.push(u);
    expect(s.currentMsn).toBeGreaterThan(5);
    for (const seg of s.segments) expect(seg.data.length).toBeLessThan(20_000 + 3000);
    expect(s.bufferedBytes).toBeLessThan(5 * 23_000);
  });

  it('refuses streams it cannot carry', () => {
    expect(() => new HlsSegmenter({ variant: 'mpegts', tracks: [{ kind: 'audio', codec: 'MP3', clockRate: 44100, channels: 2 }], segmentDurationS: 1, partDurationS: 0.2, segmentCount: 3, segmentMaxSize: 1e6, now: () => 0 })).toThrow(/no track/);
  });
});

describe('playlists', () => {
  it('the multivariant playlist names codecs, resolution and the media playlist (with the query)', () => {
    const s = segmenter('fmp4');
    for (const u of units(3)) s.push(u);
    const text = multivariantPlaylist(s, 'user=a&pass=b');
    expect(text).toMatch(/^#EXTM3U\n#EXT-X-VERSION:7\n/);
    expect(text).toMatch(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="avc1.4d400d,mp4a.40.2",RESOLUTION=320x240\nstream.m3u8\?user=a&pass=b\n/);
    checkMultivariantPlaylist(text);
  });

  it('the LL-HLS media playlist has server control, part info, parts near the edge and a preload hint', () => {
    const s = segmenter('lowLatency', { segmentCount: 7 });
    for (const u of units(8.5)) s.push(u);
    const text = mediaPlaylist(s, { prefix: 'abcdef01', segmentDurationS: 1, partDurationS: 0.2, query: '' });
    const lines = text.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:9',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000',
      '#EXT-X-PART-INF:PART-TARGET=0.20000',
      '#EXT-X-MEDIA-SEQUENCE:1',
      '#EXT-X-MAP:URI="abcdef01_init.mp4"',
    ]);
    expect(lines.filter((l) => l.startsWith('#EXTINF:1.00000,')).length).toBe(7);
    expect(lines).toContain('abcdef01_seg7.mp4');
    // Parts only for the last three target durations (3 segments) plus the one in progress.
    expect(lines.filter((l) => l.startsWith('#EXT-X-PART:')).length).toBe(3 * 5 + s.currentParts.length);
    expect(lines).toContain(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="abcdef01_part${s.upcomingPartId}.mp4"`);
    const checked = checkMediaPlaylistText(text);
    expect(checked.durations.length).toBe(7);
  });

  it('the LL-HLS playlists before the first segment is complete list its parts only, and stay valid', () => {
    const s = segmenter('lowLatency');
    for (const u of units(0.5)) s.push(u);
    expect(s.segments).toEqual([]);
    expect(s.currentParts.length).toBe(2);
    const text = mediaPlaylist(s, { prefix: 'abcdef01', segmentDurationS: 1, partDurationS: 0.2, query: '' });
    const checked = checkMediaPlaylistText(text);
    expect(checked).toMatchObject({ msn: 0, durations: [], partDurations: [expect.closeTo(0.2, 9), expect.closeTo(0.2, 9)] });
    expect(text).toContain('#EXT-X-PART:DURATION=0.20000,URI="abcdef01_part0.mp4",INDEPENDENT=YES');
    expect(text).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="abcdef01_part2.mp4"');
    // The multivariant playlist's bandwidth comes from the parts while no segment exists.
    const mv = multivariantPlaylist(s, '');
    checkMultivariantPlaylist(mv);
    const bytes = s.currentParts.reduce((n, p) => n + p.data.length, 0);
    expect(mv).toContain(`BANDWIDTH=${Math.round((bytes * 8) / 0.4)},`);
  });

  it('the mpegts media playlist has no LL-HLS tags and no map', () => {
    const s = segmenter('mpegts');
    for (const u of units(5)) s.push(u);
    const text = mediaPlaylist(s, { prefix: 'abcdef01', segmentDurationS: 1, partDurationS: 0.2, query: 'user=a' });
    expect(text).not.toMatch(/EXT-X-PART|EXT-X-MAP|PRELOAD-HINT|SERVER-CONTROL/);
    expect(text).toMatch(/#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:1\n/);
    expect(text).toContain('abcdef01_seg3.ts?user=a');
    checkMediaPlaylistText(text);
  });
});
