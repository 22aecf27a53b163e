// `source: redirect` + `sourceRedirect`, and the older `fallback`: RTSP readers get 302 with
// Location (FFmpeg follows it), HLS/HTTP-FLV readers a 302 and WHEP a 307 to the same resource
// under the target path; once the path has its own publisher, `fallback` no longer applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { rtspTestClient } from '../rtsp/rtsp-client';

describe('reader redirects', () => {
  let engine: Engine;
  let ports: TestPorts;

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({
      hlsVariant: 'mpegts',
      paths: {
        redir: { source: 'redirect', sourceRedirect: '/cam' },
        away: { source: 'redirect', sourceRedirect: 'rtsp://127.0.0.1:1/elsewhere' },
        fb: { fallback: '/cam' },
        secret: { fallback: '/cam', readUser: 'u', readPass: 'p' },
        all_others: {},
      } as Config['paths'],
    }));
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
    await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready');
  });
  afterAll(async () => {
    await stopAll();
    await engine?.stop();
  });

  it('answers RTSP DESCRIBE with 302 and a Location on this server', async () => {
    const c = await rtspTestClient(ports.rtsp);
    try {
      const r1 = await c.request('DESCRIBE', `rtsp://127.0.0.1:${ports.rtsp}/redir`);
      expect(r1.statusCode).toBe(302);
      expect(r1.headers.get('location')).toBe(`rtsp://127.0.0.1:${ports.rtsp}/cam`);
      const r2 = await c.request('DESCRIBE', `rtsp://127.0.0.1:${ports.rtsp}/away`);
      expect(r2.statusCode).toBe(302);
      expect(r2.headers.get('location')).toBe('rtsp://127.0.0.1:1/elsewhere');
      // Credentials first: an anonymous reader of a protected path learns nothing about the target.
      const r3 = await c.request('DESCRIBE', `rtsp://127.0.0.1:${ports.rtsp}/secret`);
      expect(r3.statusCode).toBe(401);
      expect(r3.headers.get('location')).toBeUndefined();
    } finally {
      c.close();
    }
  });

  it('lets FFmpeg follow the redirect and the fallback over RTSP and HLS', async () => {
    for (const url of [`rtsp://127.0.0.1:${ports.rtsp}/redir`, `rtsp://127.0.0.1:${ports.rtsp}/fb`, `rtsp://u:p@127.0.0.1:${ports.rtsp}/secret`]) {
      const { streams, error } = await probe(url, ['-rtsp_transport', 'tcp']);
      expect(error, url).toBe('');
      expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    }
    const res = await fetch(`http://127.0.0.1:${ports.hls}/fb/index.m3u8?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/cam/index.m3u8?x=1');
    const flv = await fetch(`http://127.0.0.1:${ports.hls}/redir.flv`, { redirect: 'manual' });
    expect(flv.status).toBe(302);
    expect(flv.headers.get('location')).toBe('/cam.flv');
    // WHEP (RFC 9725): 307 keeps the POST and its offer; no SDP is looked at before redirecting.
    const whep = await fetch(`http://127.0.0.1:${ports.webrtc}/redir/whep`, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: 'v=0\r\n', redirect: 'manual' });
    expect(whep.status).toBe(307);
    expect(whep.headers.get('location')).toBe('/cam/whep');
    const { streams, error } = await probe(`http://127.0.0.1:${ports.hls}/fb/index.m3u8`);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  }, 60_000);

  it('serves the path itself once it has a publisher (fallback only applies without one)', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/fb`, { audio: false });
    await waitFor(() => engine.paths.get('fb')?.ready === true, 'fb ready');
    const res = await fetch(`http://127.0.0.1:${ports.hls}/fb/index.m3u8`, { redirect: 'manual' });
    expect(res.status).not.toBe(302);
    await res.body?.cancel();
    const { streams } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/fb`, ['-rtsp_transport', 'tcp']);
    expect(streams.map((s) => s.codec_name)).toEqual(['h264']);
  }, 60_000);
});
