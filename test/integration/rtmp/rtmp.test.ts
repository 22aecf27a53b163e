// RTMP with real clients: FFmpeg publishes as OBS does, ffprobe/FFmpeg read back and decode.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { decode, probe, publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { rtmpClient } from '../../helpers/rtmp-client';

describe('RTMP server', () => {
  let engine: Engine;
  let ports: TestPorts;
  let url: (path: string) => string;

  beforeAll(async () => {
    const t = await testConfig({ writeTimeout: '2s' });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    url = (path) => `rtmp://127.0.0.1:${ports.rtmp}/${path}`;
  });
  afterEach(async () => { await stopAll(); });
  afterAll(async () => { await engine.stop(); });

  const ready = (path: string) => () => engine.paths.get(path)?.ready === true;

  async function publishAndCheck(path: string): Promise<void> {
    const pub = publishTestPattern(url(path));
    await waitFor(ready(path), `${path} ready`);
    const { streams, error } = await probe(url(path));
    expect(error).toBe('');
    const video = streams.find((s) => s.codec_type === 'video');
    const audio = streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
    const d = await decode(['-i', url(path)], 60);
    expect(d.errors).toBe('');
    expect(d.code).toBe(0);
    pub.kill();
    await pub.exited;
  }

  it('takes an OBS-style H.264+AAC publish and serves it to ffprobe and FFmpeg', async () => {
    await publishAndCheck('live/cam1');
  });

  it('serves an H.264 + Opus path to a legacy RTMP reader as video only instead of stalling it', async () => {
    // Opus exists only in Enhanced RTMP; FFmpeg 5.1 does not announce it, so it must not get it.
    run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30', '-pix_fmt', 'yuv420p',
      '-c:a', 'libopus', '-f', 'rtsp', '-rtsp_transport', 'tcp', `rtsp://127.0.0.1:${ports.rtsp}/opus`]);
    await waitFor(ready('opus'), 'opus ready');
    expect(engine.paths.get('opus')?.tracks).toEqual(['H264', 'Opus']);
    const { streams, error } = await probe(url('opus'));
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name)).toEqual(['h264']);
    const d = await decode(['-i', url('opus')], 30);
    expect(d.errors).toBe('');
  });

  it('maps rtmp://H/cam1 (OBS server + key) to path cam1 and lists the connection', async () => {
    const pub = publishTestPattern(url('cam1'));
    await waitFor(ready('cam1'), 'cam1 ready');
    const res = await fetch(`http://127.0.0.1:${ports.api}/v3/rtmpconns/list`);
    const body = await res.json();
    expect(body.items.some((c: { path: string; state: string }) => c.path === 'cam1' && c.state === 'publish')).toBe(true);
    const info = await (await fetch(`http://127.0.0.1:${ports.api}/v3/paths/get/cam1`)).json();
    expect(info).toMatchObject({ name: 'cam1', ready: true, tracks: ['H264', 'MPEG-4 Audio'], source: { type: 'rtmpConn' } });
    pub.kill();
  });

  it('answers a reader of an unknown path with StreamNotFound at once', async () => {
    const c = await rtmpClient(ports.rtmp, 'live', 'nobody-here');
    await waitFor(() => c.statuses.length > 0, 'onStatus', 30, 50);
    expect(c.statuses).toContain('NetStream.Play.StreamNotFound');
    c.close();
  });

  it('tears readers down when the publisher is killed, and serves the next publisher', async () => {
    const pub = publishTestPattern(url('live/kill'));
    await waitFor(ready('live/kill'), 'ready');
    const reader = await rtmpClient(ports.rtmp, 'live', 'kill');
    await waitFor(() => reader.videoMessages > 5, 'video at the reader');
    pub.kill('SIGKILL');
    const t0 = Date.now();
    await waitFor(() => !engine.paths.get('live/kill')?.ready, 'not ready', 40, 25);
    expect(Date.now() - t0).toBeLessThan(1000);
    await waitFor(() => reader.statuses.includes('NetStream.Play.UnpublishNotify') || reader.closed, 'reader told');
    expect(reader.statuses).toContain('NetStream.Play.UnpublishNotify');
    const pub2 = publishTestPattern(url('live/kill'));
    await waitFor(ready('live/kill'), 'ready again');
    const again = await rtmpClient(ports.rtmp, 'live', 'kill');
    await waitFor(() => again.videoMessages > 5, 'video after reconnect');
    again.close();
    pub2.kill();
  });

  it('a reader that stops reading does not delay the others and is dropped after writeTimeout', async () => {
    // A high bitrate fills the stuck reader's socket buffers quickly.
    const pub = publishTestPattern(url('live/slow'), { size: '1280x720', audio: false, extra: ['-qp', '4'] });
    await waitFor(ready('live/slow'), 'ready');
    const stuck = await rtmpClient(ports.rtmp, 'live', 'slow');
    await waitFor(() => stuck.videoMessages > 0, 'stuck reader got video');
    stuck.socket.pause();
    const healthy = await rtmpClient(ports.rtmp, 'live', 'slow');
    await waitFor(() => healthy.videoMessages > 0, 'healthy reader got video');
    const start = healthy.videoMessages;
    const t0 = Date.now();
    const list = async () => (await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtmpconns/list`)).json()).items as { state: string }[];
    await waitFor(async () => (await list()).filter((c) => c.state === 'read').length === 1, 'stuck reader dropped', 300, 100);
    const seconds = (Date.now() - t0) / 1000;
    const frames = healthy.videoMessages - start;
    // The healthy reader kept receiving at the publisher's pace (30 fps) the whole time.
    expect(frames).toBeGreaterThan(seconds * 30 * 0.8);
    expect(healthy.closed).toBe(false);
    healthy.close();
    stuck.close();
    pub.kill();
  });

  it('survives 1,000 garbage connections and still serves', async () => {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => new Promise<void>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: ports.rtmp }, () => {
          const n = batch * 50 + i;
          // Some look like a handshake, then garbage chunk streams; others are noise from byte 0.
          const head = n % 2 === 0 ? Buffer.concat([Buffer.from([3]), randomBytes(1536), randomBytes(1536)]) : Buffer.alloc(0);
          s.end(Buffer.concat([head, randomBytes(64 + (n % 4000))]));
        });
        s.resume();
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.setTimeout(3000, () => s.destroy());
      })));
    }
    // Every garbage connection was closed by the server, none lingers.
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtmpconns/list`)).json()).itemCount === 0, 'no connections left', 100, 100);
    await publishAndCheck('live/after-garbage');
  });
});

describe('RTMP authentication', () => {
  let engine: Engine;
  let port: number;
  beforeAll(async () => {
    const { createHash } = await import('node:crypto');
    const viewerHash = createHash('sha256').update('ViewSecret7').digest('base64');
    const t = await testConfig({
      authInternalUsers: [
        { user: 'pub', pass: 'PubSecret9', ips: [], permissions: [{ action: 'publish', path: '' }] },
        { user: 'viewer', pass: `sha256:${viewerHash}`, ips: ['127.0.0.0/8'], permissions: [{ action: 'read', path: '' }] },
        { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'api', path: '' }] },
      ] as never,
    });
    port = t.ports.rtmp;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterEach(async () => { await stopAll(); });
  afterAll(async () => { await engine.stop(); });

  async function statusOf(app: string, name: string, mode: 'play' | 'publish'): Promise<string[]> {
    const c = await rtmpClient(port, app, name, mode);
    await waitFor(() => c.statuses.length > 0 || c.closed, 'a status', 60, 50);
    c.close();
    return c.statuses;
  }

  it('refuses publishers without or with wrong credentials and accepts the right ones', async () => {
    expect(await statusOf('live', 'cam', 'publish')).toContain('NetConnection.Connect.Rejected');
    expect(await statusOf('live', 'cam?user=pub&pass=guess-Wr0ng', 'publish')).toContain('NetConnection.Connect.Rejected');
    expect(await statusOf('live?user=pub&pass=PubSecret9', 'cam', 'publish')).toContain('NetStream.Publish.Start');
  });

  it('refuses readers likewise; ffprobe reads with the right credentials', async () => {
    const pub = publishTestPattern(`rtmp://127.0.0.1:${port}/live/cam?user=pub&pass=PubSecret9`);
    await waitFor(() => engine.paths.get('live/cam')?.ready === true, 'ready');
    expect(await statusOf('live', 'cam', 'play')).toContain('NetConnection.Connect.Rejected');
    expect(await statusOf('live', 'cam?user=viewer&pass=n0pe-Guess', 'play')).toContain('NetConnection.Connect.Rejected');
    const ok = await probe(`rtmp://127.0.0.1:${port}/live/cam?user=viewer&pass=ViewSecret7`);
    expect(ok.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    pub.kill();
    const log = engine.log.recent(10_000).map((e) => e.message).join('\n');
    expect(log).toMatch(/viewer/);
    expect(log).toMatch(/127\.0\.0\.1/);
    for (const secret of ['PubSecret9', 'ViewSecret7', 'guess-Wr0ng', 'n0pe-Guess']) expect(log).not.toContain(secret);
  });
});
