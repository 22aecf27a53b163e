// The RTMP client in play mode against a real Relaybox engine: tracks and access units arrive,
// and refusals and remote ends come back as clear errors.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { RtmpClientError, RtmpPlayer } from '../../../src/main/engine/clients/rtmp';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';
import { testConfig } from '../../helpers/engine';
import { waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip } from '../../helpers/flv-publisher';

describe('RTMP client: play', () => {
  let engine: Engine;
  let port: number;
  let dir: string;
  let clip: FlvClip;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-rtmp-play-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    const t = await testConfig();
    port = t.ports.rtmp;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('receives the tracks and units of a published path, and ends when the publisher leaves', async () => {
    const pub = await publishFlvClip(engine.paths, { path: 'test', clip, loops: Infinity, speed: 2 });
    let tracks: Track[] = [];
    const units: AccessUnit[] = [];
    let bytes = 0;
    const player = await RtmpPlayer.open(`rtmp://127.0.0.1:${port}/test`, {
      tracks: (t) => { tracks = t; },
      unit: (au) => units.push(au),
    }, { onBytes: (n) => (bytes += n) });
    await waitFor(() => units.filter((u) => u.track === 0).length >= 30, '30 video units', 100, 100);
    expect(tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
    expect(tracks[0]).toMatchObject({ width: 640, height: 360 });
    expect(units[0]).toMatchObject({ track: 0, key: true });
    expect(units.some((u) => u.track === 1)).toBe(true);
    expect(bytes).toBeGreaterThan(10_000);
    // DTS rises per track.
    const videoDts = units.filter((u) => u.track === 0).map((u) => u.dts);
    expect(videoDts.every((d, i) => i === 0 || d > videoDts[i - 1])).toBe(true);
    await pub.stop();
    const reason = await player.ended;
    expect(reason).toMatch(/remote stream ended/);
  });

  it('rejects with the server status when the path has no stream', async () => {
    const err = await RtmpPlayer.open(`rtmp://127.0.0.1:${port}/nothing`, { tracks: () => undefined, unit: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtmpClientError);
    expect((err as RtmpClientError).statusCode).toBe('NetStream.Play.StreamNotFound');
    expect((err as Error).message).toMatch(/^RTMP source 127\.0\.0\.1:\d+\/nothing refused: NetStream\.Play\.StreamNotFound/);
  });

  it('says when nothing listens', async () => {
    await engine.stop();
    const err = await RtmpPlayer.open(`rtmp://127.0.0.1:${port}/test`, { tracks: () => undefined, unit: () => undefined }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^RTMP source 127\.0\.0\.1:\d+\/test: connect ECONNREFUSED/);
    await engine.start();
  });
});
