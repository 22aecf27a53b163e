// The offline clip of alwaysAvailable paths, rendered by the real FFmpeg: the generated slate
// (default tracks) and alwaysAvailableFile (an MP4 re-encoded once, then read from the cache).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfflineSlate } from '../../../src/main/engine/sources/offline-slate';
import { run } from '../../helpers/ffmpeg';

describe('offline clips', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-slate-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates the default slate: H.264 and AAC 48 kHz stereo, 2 s starting at a keyframe', async () => {
    const slate = await loadOfflineSlate({ alwaysAvailableFile: '', alwaysAvailableTracks: [] }, 'ffmpeg', join(dir, 'cache'));
    expect(slate.tracks).toMatchObject([{ codec: 'H264', width: 1280, height: 720 }, { codec: 'AAC', clockRate: 48000, channels: 2 }]);
    expect(slate.units[0]).toMatchObject({ track: 0, key: true });
    expect(slate.durationS).toBeCloseTo(2, 1);
    expect(slate.units.filter((u) => u.track === 0)).toHaveLength(60);
  }, 60_000);

  it('re-encodes alwaysAvailableFile once and reuses the cached clip', async () => {
    const file = join(dir, 'offline.mp4');
    const made = run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:d=1.2', '-c:v', 'libx264', '-bf', '2', file]);
    expect(await made.exited).toBe(0);
    const cache = join(dir, 'cache-file');
    const slate = await loadOfflineSlate({ alwaysAvailableFile: file, alwaysAvailableTracks: [] }, 'ffmpeg', cache);
    expect(slate.tracks).toMatchObject([{ codec: 'H264', width: 320, height: 240 }]);
    expect(slate.durationS).toBeCloseTo(1.2, 1);
    // No B-frames after re-encoding: decode order is presentation order.
    expect(slate.units.every((u) => u.pts === u.dts)).toBe(true);
    const cached = await readdir(cache);
    expect(cached).toHaveLength(1);
    // A missing FFmpeg binary is not needed the second time: the clip comes from the cache.
    const again = await loadOfflineSlate({ alwaysAvailableFile: file, alwaysAvailableTracks: [] }, '/nonexistent/ffmpeg', cache);
    expect(again.units.length).toBe(slate.units.length);
  }, 60_000);
});
