// HTTP-FLV with real players: a real H.264+AAC clip is published into the core (no RTMP), and
// ffprobe/ffmpeg read http://127.0.0.1:PORT/PATH.flv.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';
import { decode, probe, stopAll } from '../../helpers/ffmpeg';
import { becomesTrue, FlvHttpReader, httpRequest } from './clients';

describe('HTTP-FLV playback', () => {
  let dir: string;
  let engine: Engine;
  let ports: TestPorts;
  let clip: FlvClip;
  const publications: FlvPublication[] = [];
  const readers: FlvHttpReader[] = [];
  const url = (path: string) => `http://127.0.0.1:${ports.hls}/${path}.flv`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-httpflv-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'))));
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    for (const path of ['cam1', 'live/cam1']) publications.push(await publishFlvClip(engine.paths, { path, clip, loops: Infinity }));
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await stopAll();
  });

  afterAll(async () => {
    await stopAll();
    for (const p of publications) await p.stop();
    await engine?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the clip helper reads H.264 640x360 and AAC 48 kHz', () => {
    expect(clip.tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
    expect(clip.tracks[0]).toMatchObject({ width: 640, height: 360 });
    expect(clip.tracks[1]).toMatchObject({ clockRate: 48000 });
    expect(clip.durationMs).toBeGreaterThan(3900);
  });

  it('ffprobe reports h264 640x360 and aac 48000', async () => {
    const { streams, error } = await probe(url('cam1'));
    expect(error).toBe('');
    const video = streams.find((s) => s.codec_type === 'video');
    const audio = streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
  });

  it('a path with slashes is served at live/cam1.flv', async () => {
    const { streams } = await probe(url('live/cam1'));
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('ffmpeg decodes 60 frames without errors', async () => {
    const r = await decode(['-rw_timeout', '10000000', '-i', url('cam1')], 60);
    expect(r.errors).toBe('');
    expect(r.code).toBe(0);
  });

  it('two readers at once both decode', async () => {
    const input = ['-rw_timeout', '10000000', '-i', url('cam1')];
    const [a, b] = await Promise.all([decode(input, 60), decode(input, 60)]);
    for (const r of [a, b]) {
      expect(r.errors).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('answers video/x-flv, chunked, no-cache; starts with header, metadata, sequence headers, then a keyframe GOP', async () => {
    const reader = new FlvHttpReader(url('cam1'));
    readers.push(reader);
    await reader.response;
    expect(reader.status).toBe(200);
    expect(reader.headers['content-type']).toBe('video/x-flv');
    expect(reader.headers['transfer-encoding']).toBe('chunked');
    expect(reader.headers['cache-control']).toBe('no-cache');
    // The GOP cache gives a new reader the current GOP at once (not a second later).
    expect(await becomesTrue(() => reader.videoTags > 0, 500)).toBe(true);
    expect(reader.fileHeader).toMatchObject({ hasVideo: true, hasAudio: true });
    expect(reader.scriptTags).toBe(1);
    expect(reader.videoSequenceHeaders).toBe(1);
  });

  it('allows any origin by default (hlsAllowOrigins: ["*"])', async () => {
    const r = await httpRequest(url('nobody'), { headers: { Origin: 'http://page.example' } });
    expect(r.status).toBe(404);
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('lists the reader in the path with its own type, and forgets it when the client leaves', async () => {
    const reader = new FlvHttpReader(url('cam1'));
    await reader.response;
    expect(engine.paths.get('cam1')?.readers.map((r) => r.type)).toContain('httpflvConn');
    const before = engine.paths.get('cam1')!.readers.length;
    reader.close();
    expect(await becomesTrue(() => engine.paths.get('cam1')!.readers.length === before - 1, 2000)).toBe(true);
  });

  it('HEAD answers the headers without a body and without keeping a reader', async () => {
    const r = await httpRequest(url('cam1'), { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('video/x-flv');
    expect(r.body.length).toBe(0);
    expect(await becomesTrue(() => engine.paths.get('cam1')!.readers.length === 0, 2000)).toBe(true);
  });

  it('ends the response when the publisher leaves', async () => {
    const pub = await publishFlvClip(engine.paths, { path: 'leaving', clip, loops: Infinity });
    publications.push(pub);
    const reader = new FlvHttpReader(url('leaving'));
    readers.push(reader);
    await reader.response;
    expect(await becomesTrue(() => reader.videoTags > 0, 2000)).toBe(true);
    await pub.stop('publisher gone');
    // A clean end of the chunked body (terminating chunk), promptly.
    expect(await becomesTrue(() => reader.ended, 1000)).toBe(true);
    expect(reader.error).toBeUndefined();
  });
});
