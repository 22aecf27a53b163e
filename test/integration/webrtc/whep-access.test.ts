// WHEP refusals and robustness: 404 for unknown paths and 401 for wrong credentials decided
// before the SDP is looked at, 400 with a reason for bad offers, CORS preflight, and garbage.
import net from 'node:net';
import { RTCPeerConnection } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { httpRequest, wheperiftClient } from './clients';

const USER = 'viewer';
const PASS = 'pw-9Zk-secret';
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
const SDP = { 'Content-Type': 'application/sdp' };

/** A real browser-like offer (werift), for mutation. */
async function realOffer(): Promise<string> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription!.sdp;
  await pc.close();
  return sdp;
}

describe('WHEP access and robustness', () => {
  let engine: Engine;
  let ports: TestPorts;
  const url = (p: string) => `http://127.0.0.1:${ports.webrtc}/${p}`;

  beforeAll(async () => {
    const t = await testConfig({ paths: { secure: { readUser: USER, readPass: PASS }, all_others: {} } });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`, { audio: false });
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/secure`, { audio: false });
    await waitFor(() => engine.paths.list().filter((p) => p.ready).length === 2, 'paths ready', 100, 100);
  }, 30_000);

  afterAll(async () => {
    await stopAll();
    await engine?.stop();
  });

  it('answers 404 for unknown paths and 401 for wrong credentials without parsing the SDP', async () => {
    for (const p of ['nobody/whep', 'live/nobody/whep', '..%2Fcam/whep']) {
      const r = await httpRequest(url(p), { method: 'POST', headers: SDP, body: 'not sdp at all' });
      expect(r.status, p).toBe(404);
    }
    const none = await httpRequest(url('secure/whep'), { method: 'POST', headers: SDP, body: 'not sdp at all' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic /);
    const wrong = await httpRequest(url('secure/whep'), { method: 'POST', headers: { ...SDP, ...basic(USER, 'nope') }, body: 'v=0' });
    expect(wrong.status).toBe(401);
    // A Bearer token that is not user:pass names no user (no JWT checking): refused like none.
    for (const bearer of [`Bearer ${USER}:nope`, `Bearer ${PASS}`, 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig']) {
      const r = await httpRequest(url('secure/whep'), { method: 'POST', headers: { ...SDP, Authorization: bearer }, body: 'v=0' });
      expect(r.status, bearer).toBe(401);
    }
    expect(engine.conns('webrtcsessions')!.list()).toHaveLength(0);
  });

  it('lets the right credentials in (Bearer user:pass as OBS sends them, Basic, query)', async () => {
    const cases = [
      ['secure/whep', { Authorization: `Bearer ${USER}:${PASS}` }],
      ['secure/whep', basic(USER, PASS)],
      [`secure/whep?user=${USER}&pass=${PASS}`, {}],
    ] as const;
    for (const [p, headers] of cases) {
      const c = await wheperiftClient(url(p), headers);
      expect(c.reply.status, c.reply.body).toBe(201);
      await c.close();
    }
  });

  it('answers 400 with a reason for bad offers and keeps no session', async () => {
    const offer = await realOffer();
    const cases: [string, string][] = [
      ['garbage', 'hello'],
      ['no media', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n'],
      ['no H.264 mode 1', offer.replace(/packetization-mode=1/g, 'packetization-mode=0')],
      ['no fingerprint', offer.replace(/a=fingerprint:[^\r\n]*\r\n/g, '')],
    ];
    for (const [what, body] of cases) {
      const r = await httpRequest(url('cam/whep'), { method: 'POST', headers: SDP, body });
      expect(r.status, what).toBe(400);
      expect(r.body, what).toMatch(/^bad SDP offer: .+/);
    }
    const type = await httpRequest(url('cam/whep'), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: offer });
    expect(type.status).toBe(415);
    expect(engine.conns('webrtcsessions')!.list()).toHaveLength(0);
  });

  it('answers the CORS preflight for application/sdp and exposes Location', async () => {
    const r = await httpRequest(url('cam/whep'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, authorization' },
    });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(String(r.headers['access-control-allow-headers'])).toMatch(/Content-Type/);
    expect(String(r.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    expect(String(r.headers['access-control-allow-methods'])).toMatch(/POST/);
    expect(String(r.headers['access-control-expose-headers'])).toMatch(/Location/);
  });

  it('survives 200 garbage requests and still serves a viewer', async () => {
    const offer = await realOffer();
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
    const targets = ['cam/whep', 'cam/whep/00000000-0000-0000-0000-000000000000', 'cam', 'whep', '%zz/whep', 'a//b/whep', 'cam/whip', 'x/publish'];
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const statuses = new Set<number>();
    let prev = '';
    for (let i = 0; i < 200; i++) {
      if (i % 10 === 9) {
        // Raw bytes that are not HTTP at all.
        await new Promise<void>((resolve) => {
          const s = net.connect(ports.webrtc, '127.0.0.1', () => s.end(Buffer.from(Array.from({ length: 64 }, () => rnd(256)))));
          s.on('error', () => resolve());
          s.on('close', () => resolve());
          s.resume();
        });
        continue;
      }
      // Offers cut or shuffled at random points: werift must refuse them without crashing us.
      const cut = offer.slice(0, rnd(offer.length));
      const lines = offer.split('\r\n');
      const dropped = lines.filter(() => rnd(4) !== 0).join('\r\n');
      const body = [cut, dropped, 'v=0\r\n' + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\n'.repeat(rnd(5)), ''][rnd(4)];
      const target = targets[rnd(targets.length)];
      const method = methods[rnd(methods.length)];
      const r = await httpRequest(url(target), { method, headers: SDP, body: body || undefined }).catch((err: Error) => {
        throw new Error(`${method} /${target} (${body.length} bytes) after ${prev}: ${err.message}`);
      });
      prev = `${method} /${target} → ${r.status}`;
      statuses.add(r.status);
      if (r.status === 201) {
        const loc = String(r.headers.location);
        expect((await httpRequest(`http://127.0.0.1:${ports.webrtc}${loc}`, { method: 'DELETE' })).status).toBe(200);
      }
    }
    expect([...statuses].every((s) => s < 500), [...statuses].join(',')).toBe(true);
    const c = await wheperiftClient(url('cam/whep'));
    expect(c.reply.status).toBe(201);
    await waitFor(() => c.frames > 5, 'frames after the garbage', 100, 100);
    await c.close();
  }, 60_000);
});
