import { describe, expect, it } from 'vitest';
import { ProgressParser, type FfmpegStats } from '../../../src/main/engine/pipelines/progress';
import { deviceFixture } from './fixture';

const real = deviceFixture('capabilities/debian-5.1-progress.txt');

function parseAll(chunks: string[]): FfmpegStats[] {
  const out: FfmpegStats[] = [];
  const p = new ProgressParser((s) => out.push(s));
  for (const c of chunks) p.push(c);
  return out;
}

describe('ProgressParser', () => {
  it('parses real FFmpeg 5.1 progress blocks, including N/A and a padded speed', () => {
    const stats = parseAll([real]);
    expect(stats).toHaveLength(2);
    expect(stats[0]).toMatchObject({ frame: 1, fps: 0, bitrateKbps: 0, speed: 0, outTimeMs: 0, end: false });
    expect(stats[1]).toEqual({
      frame: 36, fps: 0, bitrateKbps: 878.8, speed: 31.3, dropFrames: 0, dupFrames: 0, outTimeMs: 1208, totalSize: 132696, end: true,
    });
  });

  it('gives the same result however stdout is chunked (even byte by byte)', () => {
    const whole = parseAll([real]);
    expect(parseAll([...real])).toEqual(whole);
    expect(parseAll([real.slice(0, 37), real.slice(37, 201), real.slice(201)])).toEqual(whole);
    expect(parseAll([real.replace(/\n/g, '\r\n')])).toEqual(whole);
  });

  it('reads a live block', () => {
    const block = 'frame=301\nfps=30.01\nstream_0_0_q=23.0\nbitrate= 802.5kbits/s\ntotal_size=1003520\nout_time_us=10033333\n'
      + 'out_time_ms=10033333\nout_time=00:00:10.033333\ndup_frames=2\ndrop_frames=5\nspeed=   1x\nprogress=continue\n';
    expect(parseAll([block])[0]).toEqual({
      frame: 301, fps: 30.01, bitrateKbps: 802.5, speed: 1, dropFrames: 5, dupFrames: 2, outTimeMs: 10033.333, totalSize: 1003520, end: false,
    });
  });

  it('ignores junk lines and a negative out_time (FFmpeg prints one before the first packet)', () => {
    const s = parseAll(['garbage\n=x\nout_time_us=-9223372036854775807\nout_time=-577014:32:22.775808\nprogress=continue\n']);
    expect(s).toHaveLength(1);
    expect(s[0].outTimeMs).toBe(0);
  });
});
