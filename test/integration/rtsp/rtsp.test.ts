// RTSP with real clients: FFmpeg publishes over RTMP or RTSP; ffprobe, FFmpeg and GStreamer read
// over RTSP (TCP interleaved) and RTMP.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { decode, probe, publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { rtspTestClient } from './rtsp-client';

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('RTSP server', () => {
  let engine: Engine;
  let ports: TestPorts;
  let rtsp: (path: string) => string;
  let rtmp: (path: string) => string;

  beforeAll(async () => {
    const t = await testConfig({ writeTimeout: '2s' });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    rtsp = (path) => `rtsp://127.0.0.1:${ports.rtsp}/${path}`;
    rtmp = (path) => `rtmp://127.0.0.1:${ports.rtmp}/${path}`;
  });
  afterEach(async () => { await stopAll(); });
  afterAll(async () => { await engine.stop(); });

  const ready = (path: string) => () => engine.paths.get(path)?.ready === true;

  function expectH264Aac(streams: Awaited<ReturnType<typeof probe>>['streams']): void {
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
  }

  it('serves an RTMP publish to ffprobe and FFmpeg over RTSP/TCP', async () => {
    publishTestPattern(rtmp('cam'));
    await waitFor(ready('cam'), 'cam ready');
    const p = await probe(rtsp('cam'), ['-rtsp_transport', 'tcp']);
    expect(p.error).toBe('');
    expectH264Aac(p.streams);
    const d = await decode(['-rtsp_transport', 'tcp', '-i', rtsp('cam')], 60);
    expect(d.errors).toBe('');
    expect(d.code).toBe(0);
  });

  it('answers an unknown path with 404 at once', async () => {
    const t0 = Date.now();
    const p = await probe(rtsp('nobody-here'), ['-rtsp_transport', 'tcp']);
    expect(p.code).not.toBe(0);
    expect(p.error).toMatch(/404/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
  it('takes an FFmpeg publish over RTSP/TCP and serves it over RTMP and RTSP', async () => {
    publishTestPattern(rtsp('pub'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(ready('pub'), 'pub ready');
    const info = await (await fetch(`http://127.0.0.1:${ports.api}/v3/paths/get/pub`)).json();
    expect(info).toMatchObject({ ready: true, tracks: ['H264', 'MPEG-4 Audio'], source: { type: 'rtspSession' } });
    const viaRtmp = await probe(rtmp('pub'));
    expect(viaRtmp.error).toBe('');
    expectH264Aac(viaRtmp.streams);
    const viaRtsp = await probe(rtsp('pub'), ['-rtsp_transport', 'tcp']);
    expect(viaRtsp.error).toBe('');
    expectH264Aac(viaRtsp.streams);
    const d = await decode(['-rtsp_transport', 'tcp', '-i', rtsp('pub')], 60);
    expect(d.errors).toBe('');
    const flv = await decode(['-i', `http://127.0.0.1:${ports.hls}/pub.flv`], 30);
    expect(flv.errors).toBe('');
    expect(flv.code).toBe(0);
    const sessions = await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtspsessions/list`)).json();
    expect(sessions.items.some((s: { path: string; state: string }) => s.path === 'pub' && s.state === 'publish')).toBe(true);
    const conns = await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtspconns/list`)).json();
    expect(conns.items.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasCommand('gst-launch-1.0')).each(['tcp', 'udp'])('feeds GStreamer rtspsrc over %s for 3 s', async (protocol) => {
    publishTestPattern(rtmp(`gst-${protocol}`));
    await waitFor(ready(`gst-${protocol}`), 'gst ready');
    const g = run('gst-launch-1.0', ['rtspsrc', `location=${rtsp(`gst-${protocol}`)}`, `protocols=${protocol}`, '!', 'fakesink', 'silent=false', '-v']);
    let out = '';
    g.child.stdout!.removeAllListeners('data');
    g.child.stdout!.setEncoding('utf8');
    g.child.stdout!.on('data', (d: string) => { if (out.length < 1_000_000) out += d; });
    const buffers = () => out.split('\n').filter((l) => l.includes('chain')).length;
    await waitFor(() => buffers() > 0 || g.child.exitCode !== null, 'first GStreamer buffer', 100, 100).catch(() => undefined);
    const first = buffers();
    await new Promise((r) => setTimeout(r, 3000));
    const exitedEarly = g.child.exitCode !== null;
    g.kill('SIGINT');
    await g.exited;
    expect(exitedEarly, g.stderr()).toBe(false);
    // 3 s of 30 fps video plus audio: well over 60 buffers unless delivery stalled.
    expect(buffers() - first, out.slice(0, 3000) + g.stderr()).toBeGreaterThan(60);
  });
  it('serves an RTMP publish over RTSP/UDP', async () => {
    publishTestPattern(rtmp('udpcam'));
    await waitFor(ready('udpcam'), 'udpcam ready');
    const p = await probe(rtsp('udpcam'), ['-rtsp_transport', 'udp']);
    expect(p.error).toBe('');
    expectH264Aac(p.streams);
    const d = await decode(['-rtsp_transport', 'udp', '-i', rtsp('udpcam')], 60);
    expect(d.errors).toBe('');
    expect(d.code).toBe(0);
  });

  it('takes an FFmpeg publish over RTSP/UDP and serves it over RTMP', async () => {
    publishTestPattern(rtsp('udppub'), { format: 'rtsp', extra: ['-rtsp_transport', 'udp'] });
    await waitFor(ready('udppub'), 'udppub ready');
    const viaRtmp = await probe(rtmp('udppub'));
    expect(viaRtmp.error).toBe('');
    expectH264Aac(viaRtmp.streams);
    const d = await decode(['-i', rtmp('udppub')], 60);
    expect(d.errors).toBe('');
    const sessions = await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtspsessions/list`)).json();
    expect(sessions.items.find((s: { path: string }) => s.path === 'udppub')).toMatchObject({ state: 'publish', transport: 'UDP' });
  });
  it('carries H.265 and Opus published over RTSP back out over RTSP', async () => {
    run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30', '-pix_fmt', 'yuv420p',
      '-c:a', 'libopus', '-b:a', '64k', '-f', 'rtsp', '-rtsp_transport', 'tcp', rtsp('hevc')]);
    await waitFor(ready('hevc'), 'hevc ready');
    const p = await probe(rtsp('hevc'), ['-rtsp_transport', 'tcp']);
    expect(p.error).toBe('');
    expect(p.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(p.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'opus', sample_rate: '48000' });
    const d = await decode(['-rtsp_transport', 'tcp', '-i', rtsp('hevc')], 30);
    expect(d.errors).toBe('');
  });
  it('tears readers down when an RTSP publisher is killed, and takes the next publisher', async () => {
    const pub = publishTestPattern(rtsp('kill'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(ready('kill'), 'kill ready');
    const reader = await rtspTestClient(ports.rtsp);
    expect((await reader.play(rtsp('kill'))).statusCode).toBe(200);
    await waitFor(() => reader.frames > 20, 'frames at the reader');
    pub.kill('SIGKILL');
    const t0 = Date.now();
    await waitFor(() => !engine.paths.get('kill')?.ready, 'not ready', 40, 25);
    expect(Date.now() - t0).toBeLessThan(1000);
    await waitFor(() => reader.closed, 'reader torn down', 40, 25);
    const t1 = Date.now();
    publishTestPattern(rtsp('kill'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(ready('kill'), 'ready again');
    expect(Date.now() - t1).toBeLessThan(3000);
    const again = await rtspTestClient(ports.rtsp);
    expect((await again.play(rtsp('kill'))).statusCode).toBe(200);
    await waitFor(() => again.frames > 20, 'frames after the new publisher');
    again.close();
  });

  it('drops a reader that stops reading after writeTimeout without delaying another', async () => {
    publishTestPattern(rtmp('slow'), { size: '1280x720', audio: false, extra: ['-qp', '4'] });
    await waitFor(ready('slow'), 'slow ready');
    const stuck = await rtspTestClient(ports.rtsp);
    expect((await stuck.play(rtsp('slow'))).statusCode).toBe(200);
    stuck.socket.pause();
    const healthy = await rtspTestClient(ports.rtsp);
    expect((await healthy.play(rtsp('slow'))).statusCode).toBe(200);
    await waitFor(() => healthy.frames > 0, 'healthy reader got frames');
    const readers = async () => ((await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtspsessions/list`)).json()).items as { path: string; state: string }[])
      .filter((s) => s.path === 'slow' && s.state === 'read').length;
    expect(await readers()).toBe(2);
    const start = healthy.frames;
    const t0 = Date.now();
    await waitFor(async () => (await readers()) === 1, 'stuck reader dropped', 300, 100);
    const seconds = (Date.now() - t0) / 1000;
    // At 30 fps every frame is at least one packet: the healthy reader kept the pace.
    expect(healthy.frames - start).toBeGreaterThan(seconds * 30 * 0.8);
    expect(healthy.closed).toBe(false);
    healthy.close();
    stuck.close();
  });

  it('survives 1,000 garbage connections and datagrams, then still serves', async () => {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => new Promise<void>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: ports.rtsp }, () => {
          const n = batch * 50 + i;
          // Some start like a request or an interleaved frame, others are noise from byte 0.
          const head = n % 3 === 0 ? Buffer.from(`DESCRIBE rtsp://127.0.0.1/x RTSP/1.0\r\nCSeq: ${n}\r\nContent-Length: ${n}\r\n`) : n % 3 === 1 ? Buffer.from([0x24, n & 0xff]) : Buffer.alloc(0);
          s.end(Buffer.concat([head, randomBytes(64 + (n % 4000))]));
        });
        s.resume();
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.setTimeout(3000, () => s.destroy());
      })));
    }
    const udp = dgram.createSocket('udp4');
    for (let n = 0; n < 1000; n++) udp.send(randomBytes(12 + (n % 1400)), n % 2 ? ports.rtp : ports.rtcp, '127.0.0.1');
    await new Promise<void>((r) => udp.close(() => r()));
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${ports.api}/v3/rtspconns/list`)).json()).itemCount === 0, 'no connections left', 100, 100);
    publishTestPattern(rtmp('after-garbage'));
    await waitFor(ready('after-garbage'), 'ready');
    const p = await probe(rtsp('after-garbage'), ['-rtsp_transport', 'tcp']);
    expect(p.error).toBe('');
    expectH264Aac(p.streams);
  });
});
