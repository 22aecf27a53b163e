// WHEP playback to a werift viewer: ffmpeg publishes H.264+AAC over RTMP, the viewer POSTs an
// offer to /cam/whep and must receive H.264 RTP starting at a keyframe (GOP cache).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/ffmpeg';
import { httpRequest, wheperiftClient } from './clients';
import { publishedEngine, type PublishedEngine } from './published-engine';

describe('WHEP to a werift viewer', () => {
  let t: PublishedEngine;

  beforeAll(async () => { t = await publishedEngine({ cam: {} }); });
  afterAll(async () => { await t?.stop(); });

  it('answers the offer and streams H.264 from a keyframe; the session is listed and DELETE ends it', async () => {
    const c = await wheperiftClient(t.whep('cam'));
    t.clients.push(c);
    expect(c.reply.status, c.reply.body).toBe(201);
    expect(c.reply.headers['content-type']).toBe('application/sdp');
    const location = String(c.reply.headers.location);
    expect(location).toMatch(/^\/cam\/whep\/[0-9a-f-]{36}$/);
    // The answer names the packetization-mode=1 entry and carries a loopback host candidate.
    expect(c.reply.body).toMatch(/a=fmtp:(104|106|108) .*packetization-mode=1/);
    expect(c.reply.body).not.toMatch(/a=rtpmap:102 /);
    expect(c.reply.body).toMatch(/a=candidate:.* 127\.0\.0\.1 \d+ typ host/);

    await waitFor(() => c.frames > 0, 'first frame', 100, 100);
    const framesAtStart = c.frames;
    await new Promise((r) => setTimeout(r, 2000));
    expect(c.frames - framesAtStart).toBeGreaterThan(30);
    expect(c.firstNalTypes.some((t) => t === 7 || t === 5)).toBe(true);
    expect(c.keyframes).toBeGreaterThanOrEqual(1);
    expect(c.payloadTypes.size).toBe(1);

    const list = t.engine.conns('webrtcsessions')!.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ path: 'cam', state: 'read' });
    // The first viewer's peer runs in the main thread while the worker threads load werift
    // (peer-worker-pool.ts); the next test's viewers run in the workers.
    expect(list[0].peerThread).toMatch(/^(main|webrtc-peers-\d+)$/);

    const del = await httpRequest(new URL(location, t.whep('cam')).href, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(t.engine.conns('webrtcsessions')!.list()).toHaveLength(0);
    const again = await httpRequest(new URL(location, t.whep('cam')).href, { method: 'DELETE' });
    expect(again.status).toBe(404);
  }, 30_000);
});

describe('WHEP viewers of one path', () => {
  let t: PublishedEngine;

  // A short readTimeout: the abruptly closed viewer is dropped when its RTCP stops.
  beforeAll(async () => { t = await publishedEngine({ cam: { audio: false } }, { readTimeout: '3s' }); });
  afterAll(async () => { await t?.stop(); });

  it('keeps playing to one viewer while others leave (DELETE, abrupt close, kick)', async () => {
    const [stay, polite, abrupt, kicked] = await Promise.all([0, 1, 2, 3].map(() => wheperiftClient(t.whep('cam'))));
    t.clients.push(stay, polite, abrupt, kicked);
    await waitFor(() => t.clients.every((c) => c.frames > 0), 'every viewer gets frames', 100, 100);
    expect(t.engine.conns('webrtcsessions')!.list()).toHaveLength(4);

    await polite.close();
    await abrupt.abort();
    const kickedId = String(kicked.reply.headers.location).split('/').pop()!;
    expect(t.engine.conns('webrtcsessions')!.kick!(kickedId)).toBe(true);
    expect(t.engine.conns('webrtcsessions')!.list().map((s) => s.id)).not.toContain(kickedId);

    const before = stay.frames;
    await new Promise((r) => setTimeout(r, 1500));
    expect(stay.frames - before).toBeGreaterThan(20);
    // The abruptly closed peer is noticed (DTLS close_notify or ICE consent, RFC 7675).
    await waitFor(() => t.engine.conns('webrtcsessions')!.list().length === 1, 'only one session left', 150, 100);

    // The worker threads have loaded by now: later viewers' peers run there, spread over them.
    const late = await Promise.all([0, 1].map(() => wheperiftClient(t.whep('cam'))));
    t.clients.push(...late);
    await waitFor(() => late.every((c) => c.frames > 0), 'the late viewers get frames', 100, 100);
    const threads = t.engine.conns('webrtcsessions')!.list().filter((s) => late.some((c) => String(c.reply.headers.location).endsWith(s.id))).map((s) => String(s.peerThread));
    expect(threads).toHaveLength(2);
    expect(threads.every((n) => /^webrtc-peers-\d+$/.test(n))).toBe(true);
    expect(new Set(threads).size).toBe(2);
  }, 40_000);
});

describe('WHEP of a stream with B-frames', () => {
  let t: PublishedEngine;
  const warnings: string[] = [];

  beforeAll(async () => {
    t = await publishedEngine({ bcam: { audio: false, extra: ['-bf', '2'] } }, {}, (engine) => {
      engine.log.subscribe((e) => { if (e.level === 'warn') warnings.push(e.message); });
    });
  });
  afterAll(async () => { await t?.stop(); });

  it('says so in the session info and the log', async () => {
    const c = await wheperiftClient(t.whep('bcam'));
    try {
      expect(c.reply.status).toBe(201);
      await waitFor(() => c.frames > 10, 'frames', 100, 100);
      expect(t.engine.conns('webrtcsessions')!.list()[0]).toMatchObject({ bFrames: true });
      expect(warnings.some((m) => /B-frames/.test(m))).toBe(true);
    } finally {
      await c.close();
    }
  }, 30_000);
});
