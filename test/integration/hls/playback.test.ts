// Issue 5 item 2 acceptance with real clients: FFmpeg publishes over RTMP, ffprobe and ffmpeg
// read `http://H/PATH/index.m3u8` for each hlsVariant; playlists keep EXTINF within the target
// duration; 404 / 401 answers; LL-HLS blocking reload; many concurrent requests and garbage.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { decode, probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { checkMediaPlaylistText, checkMultivariantPlaylist } from './m3u8-check';

const USER = 'viewer';
const PASS = 'pw-hls-9xQ';
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

async function get(url: string, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<{ status: number; body: string; headers: Headers }> {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  return { status: r.status, body: await r.text(), headers: r.headers };
}

function mediaPlaylistUri(multivariant: string): string {
  const line = multivariant.split('\n').find((l) => l.length > 0 && !l.startsWith('#'));
  if (!line) throw new Error(`no variant URI in:\n${multivariant}`);
  return line;
}

/** EXTINF ≤ EXT-X-TARGETDURATION (RFC 8216 §4.3.3.1) and the other checks of m3u8-check.ts; at least one segment. */
function checkMediaPlaylist(text: string): { target: number; durations: number[]; msn: number } {
  const checked = checkMediaPlaylistText(text);
  expect(text).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT/);
  expect(checked.durations.length).toBeGreaterThan(0);
  return checked;
}

for (const variant of ['mpegts', 'fmp4', 'lowLatency'] as const) {
  describe(`HLS ${variant}`, () => {
    let engine: Engine;
    let ports: TestPorts;
    const url = (p: string) => `http://127.0.0.1:${ports.hls}/${p}`;

    beforeAll(async () => {
      const t = await testConfig({ hlsVariant: variant, paths: { secure: { readUser: USER, readPass: PASS }, all_others: {} } });
      ports = t.ports;
      engine = createEngine({ config: t.config });
      await engine.start();
      publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live/cam1`);
      publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/secure`);
      await waitFor(() => engine.paths.get('live/cam1')?.ready === true && engine.paths.get('secure')?.ready === true, 'paths ready');
    });
    afterAll(async () => {
      await stopAll();
      await engine?.stop();
    });

    async function playsWithFfmpeg(): Promise<void> {
      const { streams, error } = await probe(url('live/cam1/index.m3u8'));
      expect(error).toBe('');
      expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
      expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
      const d = await decode(['-i', url('live/cam1/index.m3u8'), '-t', '5'], 150, 30);
      expect(d.errors).toBe('');
      expect(d.code).toBe(0);
    }

    it('ffprobe reads h264 + aac and ffmpeg decodes 5 s without errors', async () => {
      await playsWithFfmpeg();
    }, 60_000);

    it('serves a stream published over RTSP', async () => {
      publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/rtspcam`, { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
      await waitFor(() => engine.paths.get('rtspcam')?.ready === true, 'rtspcam ready');
      const { streams, error } = await probe(url('rtspcam/index.m3u8'));
      expect(error).toBe('');
      expect(streams.map((x) => x.codec_name).sort()).toEqual(['aac', 'h264']);
    }, 30_000);

    it('serves a multivariant playlist with CODECS/RESOLUTION and a media playlist within its target duration', async () => {
      const mv = await get(url('live/cam1/index.m3u8'));
      expect(mv.status).toBe(200);
      expect(mv.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
      expect(mv.body).toMatch(/#EXT-X-STREAM-INF:.*CODECS="avc1\.[0-9a-fA-F]{6},mp4a\.40\.2"/);
      expect(mv.body).toMatch(/RESOLUTION=640x360/);
      checkMultivariantPlaylist(mv.body);
      const media = await get(url(`live/cam1/${mediaPlaylistUri(mv.body)}`));
      expect(media.status).toBe(200);
      expect(media.headers.get('cache-control')).toBe('no-cache');
      checkMediaPlaylist(media.body);
      const segUri = [...media.body.split('\n')].reverse().find((l) => l.length > 0 && !l.startsWith('#'))!;
      expect(segUri).toMatch(variant === 'mpegts' ? /_seg\d+\.ts$/ : /_seg\d+\.mp4$/);
      const seg = await fetch(url(`live/cam1/${segUri}`));
      expect(seg.status).toBe(200);
      expect(seg.headers.get('cache-control')).toMatch(/immutable/);
      const bytes = Buffer.from(await seg.arrayBuffer());
      if (variant === 'mpegts') expect(bytes[0]).toBe(0x47);
      else expect(bytes.subarray(4, 8).toString('latin1')).toBe('moof');
      if (variant !== 'mpegts') {
        const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media.body)?.[1];
        const r = await fetch(url(`live/cam1/${init}`));
        expect(Buffer.from(await r.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('ftyp');
      }
      // Segments keep their durations after several seconds of stream.
      await new Promise((r) => setTimeout(r, 2500));
      const later = checkMediaPlaylist((await get(url('live/cam1/stream.m3u8'))).body);
      expect(later.durations.length).toBeGreaterThanOrEqual(3);
      for (const d of later.durations) expect(d).toBeGreaterThan(0.5);
    }, 30_000);

    it('answers 404 for unknown paths and for segments that do not exist', async () => {
      const started = Date.now();
      expect((await get(url('nobody/index.m3u8'))).status).toBe(404);
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await get(url('live/cam1/0000000a_seg1.ts'))).status).toBe(404);
      expect((await get(url('..%2Fx/index.m3u8'))).status).toBe(404);
    });

    it('asks for credentials with 401 and accepts Basic or ?user=&pass=', async () => {
      const none = await get(url('secure/index.m3u8'));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="relaybox"');
      expect((await get(url('secure/index.m3u8'), basic(USER, 'wrong'))).status).toBe(401);
      const withBasic = await get(url('secure/index.m3u8'), basic(USER, PASS));
      expect(withBasic.status).toBe(200);
      const q = `user=${USER}&pass=${PASS}`;
      const withQuery = await get(url(`secure/index.m3u8?${q}`));
      expect(withQuery.status).toBe(200);
      // The query is carried to the media playlist and to segments, so plain players work.
      const mediaUri = mediaPlaylistUri(withQuery.body);
      expect(mediaUri).toContain(q);
      const media = await get(url(`secure/${mediaUri}`));
      expect(media.status).toBe(200);
      const seg = [...media.body.split('\n')].reverse().find((l) => l.length > 0 && !l.startsWith('#'))!;
      expect((await get(url(`secure/${seg}`))).status).toBe(200);
      expect((await get(url(`secure/${seg.split('?')[0]}`))).status).toBe(401);
    }, 30_000);

    it('survives 500 concurrent playlist requests and garbage, then still plays', async () => {
      const results = await Promise.all(Array.from({ length: 500 }, () => get(url('live/cam1/stream.m3u8'), {}, 30_000).then((r) => r.status, () => 0)));
      expect(results.filter((s) => s === 200).length).toBe(500);
      const garbage = ['GARBAGE\r\n\r\n', 'GET /live/cam1/index.m3u8 HTTP/9.9\r\n\r\n', 'GET /%ZZ/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n', '\x00\xff'.repeat(5000), 'GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n'];
      for (const g of garbage) {
        await new Promise<void>((resolve) => {
          const s = net.connect(ports.hls, '127.0.0.1', () => s.end(g));
          s.on('error', () => resolve());
          s.on('close', () => resolve());
          s.resume();
          s.setTimeout(3000, () => s.destroy());
        });
      }
      await playsWithFfmpeg();
    }, 90_000);

    if (variant !== 'mpegts') {
      it('serves H.265 in fMP4 (ffprobe reads it)', async () => {
        publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/hevc`, { format: 'rtsp', audio: false, extra: ['-rtsp_transport', 'tcp', '-c:v', 'libx265', '-x265-params', 'log-level=error:keyint=30'] });
        await waitFor(() => engine.paths.get('hevc')?.ready === true, 'hevc ready');
        const { streams, error } = await probe(url('hevc/index.m3u8'));
        expect(error).toBe('');
        expect(streams.find((x) => x.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
        const mv = await get(url('hevc/index.m3u8'));
        expect(mv.body).toMatch(/CODECS="(hvc1|hev1)\./);
      }, 30_000);
    }

    if (variant === 'lowLatency') {
      it('lists parts and answers a blocking reload as soon as the next part exists', async () => {
        const first = (await get(url('live/cam1/stream.m3u8'))).body;
        expect(first).toMatch(/#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=[\d.]+/);
        const partTarget = Number(/#EXT-X-PART-INF:PART-TARGET=([\d.]+)/.exec(first)?.[1]);
        expect(partTarget).toBeCloseTo(0.2, 5);
        expect(first).toMatch(/#EXT-X-PART:DURATION=[\d.]+,URI="[0-9a-f]{8}_part\d+\.mp4",INDEPENDENT=YES/);
        expect(first).toMatch(/#EXT-X-PRELOAD-HINT:TYPE=PART,URI="[0-9a-f]{8}_part\d+\.mp4"/);
        for (const d of [...first.matchAll(/#EXT-X-PART:DURATION=([\d.]+)/g)].map((m) => Number(m[1]))) expect(d).toBeLessThanOrEqual(partTarget + 1e-6);

        // The next part: the last listed part's segment and index + 1 (segments in progress have no EXTINF yet).
        const { durations, msn } = checkMediaPlaylist(first);
        const currentMsn = msn + durations.length;
        const trailing = first.slice(first.lastIndexOf('#EXTINF'));
        const partsOfCurrent = (trailing.match(/#EXT-X-PART:/g) ?? []).length;
        const started = Date.now();
        const blocked = await get(url(`live/cam1/stream.m3u8?_HLS_msn=${currentMsn}&_HLS_part=${partsOfCurrent}`), {}, 5000);
        const waited = Date.now() - started;
        expect(blocked.status).toBe(200);
        // It waited for one part (≤ 200 ms of media), well below the 3 × target timeout.
        expect(waited).toBeLessThan(1500);
        const after = checkMediaPlaylist(blocked.body);
        const afterCurrent = after.msn + after.durations.length;
        const afterParts = (blocked.body.slice(blocked.body.lastIndexOf('#EXTINF')).match(/#EXT-X-PART:/g) ?? []).length;
        expect(afterCurrent > currentMsn || afterParts > partsOfCurrent).toBe(true);

        // The preload-hinted part is held until it exists, then served.
        const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)"/.exec(blocked.body)![1];
        const part = await fetch(url(`live/cam1/${hint}`), { signal: AbortSignal.timeout(5000) });
        expect(part.status).toBe(200);
        expect(Buffer.from(await part.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('moof');

        checkMediaPlaylistText(blocked.body);

        // Too far ahead (RFC 8216bis §6.2.5.2): 400 at once.
        expect((await get(url(`live/cam1/stream.m3u8?_HLS_msn=${currentMsn + 10}&_HLS_part=0`), {}, 3000)).status).toBe(400);
        expect((await get(url('live/cam1/stream.m3u8?_HLS_msn=abc'), {}, 3000)).status).toBe(400);
      }, 30_000);

      it('answers a blocking request for the first part before the first segment is complete', async () => {
        // Key frames 5 s apart: the first segment cannot complete for 5 s, the first part
        // (≤ 200 ms of media) exists right after the first key frame.
        publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/longgop`, { extra: ['-g', '150', '-keyint_min', '150'] });
        await waitFor(() => engine.paths.get('longgop')?.ready === true, 'longgop ready');
        const [blocked, mv] = await Promise.all([get(url('longgop/stream.m3u8?_HLS_msn=0&_HLS_part=0'), {}, 5000), get(url('longgop/index.m3u8'), {}, 5000)]);
        expect(blocked.status).toBe(200);
        const checked = checkMediaPlaylistText(blocked.body);
        expect(checked.durations).toEqual([]);
        expect(checked.partDurations.length).toBeGreaterThan(0);
        expect(blocked.body).toMatch(/#EXT-X-PART:DURATION=[\d.]+,URI="[0-9a-f]{8}_part0\.mp4",INDEPENDENT=YES/);
        // The multivariant playlist does not wait for a segment either.
        expect(mv.status).toBe(200);
        checkMultivariantPlaylist(mv.body);
        const part0 = /URI="([0-9a-f]{8}_part0\.mp4)"/.exec(blocked.body)![1];
        const r = await fetch(url(`longgop/${part0}`), { signal: AbortSignal.timeout(5000) });
        expect(r.status).toBe(200);
        expect(Buffer.from(await r.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('moof');
      }, 30_000);
    }
  });
}

describe('HLS muxer list', () => {
  let engine: Engine;
  let ports: TestPorts;
  beforeAll(async () => {
    const t = await testConfig({ hlsVariant: 'mpegts', hlsMuxerCloseAfter: '1s' });
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

  it('shows one muxer per path in /v3/hlsmuxers/list, shared by all clients', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam9`);
    await waitFor(() => engine.paths.get('cam9')?.ready === true, 'cam9 ready');
    const base = `http://127.0.0.1:${ports.hls}/cam9`;
    const all = await Promise.all([1, 2, 3].map(() => get(`${base}/index.m3u8`)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    const r = await get(`http://127.0.0.1:${ports.api}/v3/hlsmuxers/list`);
    const body = JSON.parse(r.body) as { itemCount: number; items: { name: string; bytesSent: number }[] };
    expect(body.itemCount).toBe(1);
    expect(body.items[0].name).toBe('cam9');
    expect(body.items[0].bytesSent).toBeGreaterThan(0);
    const one = await get(`http://127.0.0.1:${ports.api}/v3/hlsmuxers/get/cam9`);
    expect(one.status).toBe(200);
    expect(JSON.parse(one.body)).toMatchObject({ name: 'cam9' });
    // hlsMuxerCloseAfter (1 s here) without requests closes the muxer.
    await waitFor(async () => JSON.parse((await get(`http://127.0.0.1:${ports.api}/v3/hlsmuxers/list`)).body).itemCount === 0, 'muxer closed', 40, 100);
    expect(engine.paths.get('cam9')?.readers.length ?? 0).toBe(0);
  }, 30_000);
});

describe('hlsAlwaysRemux', () => {
  let engine: Engine;
  let ports: TestPorts;
  beforeAll(async () => {
    const t = await testConfig({ hlsVariant: 'lowLatency', hlsAlwaysRemux: true });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterAll(async () => {
    await stopAll();
    await engine?.stop();
  });

  it('starts a muxer when a path becomes ready, before any request', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/always`);
    await waitFor(() => engine.paths.get('always')?.ready === true, 'always ready');
    await waitFor(async () => JSON.parse((await get(`http://127.0.0.1:${ports.api}/v3/hlsmuxers/list`)).body).itemCount === 1, 'muxer started');
    // Segments were made before the first request: it is answered without waiting.
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    expect((await get(`http://127.0.0.1:${ports.hls}/always/index.m3u8`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(300);
  }, 30_000);
});
