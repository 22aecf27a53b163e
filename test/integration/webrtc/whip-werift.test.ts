// WHIP ingest from a werift publisher: it sends H.264 RTP (taken from an ffmpeg RTMP stream of
// another path, packetized by our WebRTC format) and Opus to /pub/whip; the path then plays over
// WHEP (video and audio) and ffprobe reads both tracks over RTSP.
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { createWebrtcTrackFormat } from '../../../src/main/engine/servers/webrtc/format';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { httpRequest, wheperiftClient } from './clients';

describe('WHIP ingest from a werift publisher', () => {
  let engine: Engine;
  let ports: TestPorts;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/src`, { audio: false });
    await waitFor(() => engine.paths.list().some((p) => p.name === 'src' && p.ready), 'path src ready', 100, 100);
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await stopAll();
    await engine?.stop();
  });

  it('publishes H.264 + Opus that WHEP viewers and RTSP readers receive', async () => {
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceAdditionalHostAddresses: ['127.0.0.1'],
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
        video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f', rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] })],
      },
    });
    cleanups.push(() => pc.close());
    const track = new MediaStreamTrack({ kind: 'video' });
    const videoTransceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    let plis = 0;
    videoTransceiver.sender.onPictureLossIndication.subscribe(() => { plis++; });
    const audio = new MediaStreamTrack({ kind: 'audio' });
    pc.addTransceiver(audio, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve(); });
    });
    const reply = await httpRequest(`http://127.0.0.1:${ports.webrtc}/pub/whip`, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription!.sdp });
    expect(reply.status, reply.body).toBe(201);
    expect(String(reply.headers.location)).toMatch(/^\/pub\/whip\/[0-9a-f-]{36}$/);
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.body });
    await waitFor(() => pc.connectionState === 'connected', 'publisher connected', 100, 100);

    // Feed the publisher with real H.264 RTP: the src path's packets, from its keyframe on.
    const src = await engine.paths.addReader({ path: 'src', query: '', ip: '127.0.0.1', protocol: 'internal', id: 'whip-test-feed', session: { close: () => undefined } });
    if (!src.ok) throw new Error(src.message);
    cleanups.push(() => src.reader.close());
    src.reader.subscribe({ format: createWebrtcTrackFormat(0, 'H264'), sink: { write: (packets) => { for (const p of packets) track.writeRtp(p); return true; } } });

    // Opus: 20 ms silence frames (RFC 6716 §3.1 TOC 0xF8: CELT fullband 20 ms, mono), RFC 7587 RTP.
    let seq = 1000;
    let ts = 0;
    const opusTimer = setInterval(() => {
      const p = Buffer.alloc(15);
      p[0] = 0x80; p[1] = 111; p.writeUInt16BE(seq++ & 0xffff, 2); p.writeUInt32BE(ts >>> 0, 4); p.writeUInt32BE(0x1234, 8);
      p[12] = 0xf8; p[13] = 0xff; p[14] = 0xfe;
      ts += 960;
      audio.writeRtp(p);
    }, 20);
    cleanups.push(() => clearInterval(opusTimer));

    await waitFor(() => engine.paths.list().some((p) => p.name === 'pub' && p.ready), 'path pub ready', 100, 100);
    expect(engine.paths.list().find((p) => p.name === 'pub')!.tracks).toEqual(['H264', 'Opus']);
    expect(engine.conns('webrtcsessions')!.list().some((s) => s.path === 'pub' && s.state === 'publish')).toBe(true);

    const viewer = await wheperiftClient(`http://127.0.0.1:${ports.webrtc}/pub/whep`);
    cleanups.push(() => viewer.close());
    expect(viewer.reply.status, viewer.reply.body).toBe(201);
    await waitFor(() => viewer.frames > 0, 'first frame over WHEP', 100, 100);
    const start = viewer.frames;
    await new Promise((r) => setTimeout(r, 2000));
    expect(viewer.frames - start).toBeGreaterThan(30);
    // A viewer's PLI reaches the WHIP publisher (the first PLI came when the track arrived).
    await waitFor(() => plis >= 1, 'PLI on track arrival', 50, 100);
    const plisBefore = plis;
    await new Promise((r) => setTimeout(r, 1100)); // the forwarder sends at most one a second
    await viewer.sendPli();
    await waitFor(() => plis > plisBefore, 'the viewer\'s PLI forwarded to the publisher', 50, 100);
    // Opus passes through to WebRTC viewers untouched.
    expect(viewer.audioPackets).toBeGreaterThan(50);

    const probed = await probe(`rtsp://127.0.0.1:${ports.rtsp}/pub`, ['-rtsp_transport', 'tcp']);
    expect(probed.streams.find((s) => s.codec_type === 'video'), probed.error).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(probed.streams.find((s) => s.codec_type === 'audio'), probed.error).toMatchObject({ codec_name: 'opus' });

    const del = await httpRequest(`http://127.0.0.1:${ports.webrtc}${String(reply.headers.location)}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    await waitFor(() => !engine.paths.list().some((p) => p.name === 'pub' && p.ready), 'path pub gone', 50, 100);
    // The publisher left: its WHEP viewer's session ends too (it reconnects to the next one).
    await waitFor(() => engine.conns('webrtcsessions')!.list().length === 0, 'viewer session ended', 50, 100);
  }, 60_000);
});
