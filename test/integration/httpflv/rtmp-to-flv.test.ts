// Issue 3 acceptance, end to end: FFmpeg publishes over RTMP as OBS does, and the HTTP-FLV URL
// of the same path decodes like the RTMP one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { decode, probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';

describe('RTMP in, HTTP-FLV out', () => {
  let engine: Engine;
  let ports: TestPorts;

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterEach(async () => {
    await stopAll();
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('an OBS-style publish to rtmp://H/live/cam1 plays at http://H/live/cam1.flv', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live/cam1`);
    await waitFor(() => engine.paths.get('live/cam1')?.ready === true, 'live/cam1 ready');
    const url = `http://127.0.0.1:${ports.hls}/live/cam1.flv`;
    const { streams, error } = await probe(url);
    expect(error).toBe('');
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
    const d = await decode(['-rw_timeout', '10000000', '-i', url], 60);
    expect(d.errors).toBe('');
    expect(d.code).toBe(0);
  });
});
