// Issue 8 acceptance: an HLS source pulled from our own HLS output (hlsAddress) plays back over
// RTSP. One engine serves both ends: FFmpeg publishes `cam` over RTMP, the path `pulled` has
// `source: http://…/cam/index.m3u8`, and ffprobe/ffmpeg read `rtsp://…/pulled`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { decode, probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';

for (const variant of ['mpegts', 'lowLatency'] as const) {
  describe(`HLS source from our own ${variant} output`, () => {
    let engine: Engine;
    let ports: TestPorts;

    beforeAll(async () => {
      ({ engine, ports } = await startTestEngine({ hlsVariant: variant }, (config, p) => {
        config.paths = {
          pulled: { source: `http://127.0.0.1:${p.hls}/cam/index.m3u8` },
          all_others: {},
        } as typeof config.paths;
      }));
      publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
      await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready');
    });
    afterAll(async () => {
      await stopAll();
      await engine?.stop();
    });

    it('becomes ready as an hlsSource and plays over RTSP', async () => {
      await waitFor(() => engine.paths.get('pulled')?.ready === true, 'pulled ready', 300);
      const info = engine.paths.get('pulled')!;
      expect(info.source?.type).toBe('hlsSource');
      expect(info.sourceStatus?.state).toBe('ready');
      expect(info.tracks).toEqual(['H264', 'MPEG-4 Audio']);
      const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/pulled`, ['-rtsp_transport', 'tcp']);
      expect(error).toBe('');
      expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      const { code, errors } = await decode(['-rtsp_transport', 'tcp', '-i', `rtsp://127.0.0.1:${ports.rtsp}/pulled`], 45);
      expect(errors).toBe('');
      expect(code).toBe(0);
      expect(engine.paths.get('pulled')!.bytesReceived).toBeGreaterThan(0);
    }, 60_000);
  });
}
