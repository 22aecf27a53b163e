// The RTSP client against scripted servers: garbage and broken answers end that client with a
// clear error (the process lives on); automatic transport falls back to TCP; keepalives and
// TEARDOWN are sent.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtspPlayClient } from '../../../src/main/engine/clients/rtsp/play-client';
import { randomBytes } from 'node:crypto';
import { parseTransports } from '../../../src/main/engine/protocols/rtsp/headers/transport';
import { interleavedFrame } from '../../../src/main/engine/protocols/rtsp/interleaved-frame';
import { rtspResponse, serializeResponse } from '../../../src/main/engine/protocols/rtsp/response';
import type { RtspRequest } from '../../../src/main/engine/protocols/rtsp/request';
import { CollectingLogger } from '../../fakes/logger';
import { waitFor } from '../../helpers/ffmpeg';
import { fakeRtspServer, H264_SDP, type FakeAnswer, type FakeRtspServer } from './fake-rtsp-server';

let servers: FakeRtspServer[] = [];
let clients: RtspPlayClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function serve(handler: (req: RtspRequest, conn: number) => FakeAnswer, onConnect?: (s: net.Socket) => void): Promise<FakeRtspServer> {
  const s = await fakeRtspServer(handler, onConnect);
  servers.push(s);
  return s;
}

function client(port: number, opts: Partial<ConstructorParameters<typeof RtspPlayClient>[0]> = {}): RtspPlayClient {
  const c = new RtspPlayClient({ url: `rtsp://127.0.0.1:${port}/cam`, role: 'source', log: new CollectingLogger(), timeoutMs: 3000, ...opts });
  clients.push(c);
  return c;
}

/** A camera that plays one H.264 track; `transport` decides what SETUP answers. */
function camera(opts: { refuseUdp?: boolean; sessionTimeout?: number } = {}) {
  return (req: RtspRequest): FakeAnswer => {
    const session = `Session: 12345678;timeout=${opts.sessionTimeout ?? 60}`.slice(9);
    switch (req.method) {
      case 'OPTIONS':
        return { status: 200, headers: { Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER' } };
      case 'DESCRIBE':
        return { status: 200, headers: { 'Content-Base': `${req.url}/`, 'Content-Type': 'application/sdp' }, body: H264_SDP };
      case 'SETUP': {
        const t = parseTransports(req.headers.get('transport')!)[0];
        if (t.lowerTransport === 'UDP' && opts.refuseUdp) return { status: 461 };
        const answer = t.lowerTransport === 'TCP' ? req.headers.get('transport')! : `${req.headers.get('transport')};server_port=40000-40001`;
        return { status: 200, headers: { Transport: answer, Session: session } };
      }
      default:
        return { status: 200, headers: { Session: session } };
    }
  };
}

describe('RTSP client failure paths', () => {
  it.each([
    ['text that is not RTSP', 'HELLO THERE\r\n\r\n', /127\.0\.0\.1:\d+ sent something that is not RTSP/],
    ['an HTTP answer', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', /127\.0\.0\.1:\d+ sent something that is not RTSP: bad request line "HTTP\/1\.1 200 OK"/],
    ['a huge header', `RTSP/1.0 200 OK\r\nX: ${'a'.repeat(70_000)}\r\n\r\n`, /not RTSP: message head exceeds/],
  ])('garbage (%s) ends only this client with a clear error', async (_name, garbage, message) => {
    const s = await serve(() => ({ raw: garbage }));
    await expect(client(s.port).describe()).rejects.toThrow(message);
    // The process and other clients carry on: a healthy server still works afterwards.
    const ok = await serve(camera());
    await expect(client(ok.port).describe()).resolves.toHaveLength(1);
  });

  it('an unreadable SDP, a refused connection and a silent server are clear errors', async () => {
    const badSdp = await serve((req) => (req.method === 'DESCRIBE' ? { status: 200, body: 'this is not sdp' } : { status: 200 }));
    await expect(client(badSdp.port).describe()).rejects.toThrow(/answered DESCRIBE with an SDP we cannot read/);
    const silent = await serve(() => null);
    await expect(client(silent.port, { timeoutMs: 300 }).describe()).rejects.toThrow(`RTSP source: no answer to OPTIONS from 127.0.0.1:${silent.port} within 0.3 s`);
    const closedPort = silent.port;
    await silent.close();
    servers = servers.filter((x) => x !== silent);
    await expect(client(closedPort).describe()).rejects.toThrow(new RegExp(`RTSP source: cannot connect to 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED`));
  });

  it('automatic: a 461 to the UDP SETUP starts over on TCP', async () => {
    const s = await serve(camera({ refuseUdp: true }));
    const c = client(s.port);
    await c.describe();
    await c.play(() => undefined);
    expect(c.transport).toBe('TCP');
    const setups = s.requests.filter((r) => r.method === 'SETUP').map((r) => parseTransports(r.headers.get('transport')!)[0].lowerTransport);
    expect(setups).toEqual(['UDP', 'TCP']);
    expect(s.connections).toBe(2);
  });

  it('udp: a 461 is an error naming the transport', async () => {
    const s = await serve(camera({ refuseUdp: true }));
    const c = client(s.port, { transport: 'udp' });
    await c.describe();
    await expect(c.play(() => undefined)).rejects.toThrow(`RTSP source: 461 Unsupported transport from 127.0.0.1:${s.port} (the server refused the transport; try another rtspTransport)`);
  });

  it('automatic: no UDP packet in time switches to TCP on a new connection', async () => {
    const s = await serve(camera());
    const c = client(s.port, { udpFallbackMs: 300 });
    await c.describe();
    await c.play(() => undefined);
    expect(c.transport).toBe('UDP');
    await waitFor(() => c.transport === 'TCP', 'switch to TCP', 50, 100);
    // The client names the transport at SETUP; PLAY follows on the same connection.
    await waitFor(() => s.requests.some((r) => r.conn === 2 && r.method === 'PLAY'), 'PLAY over TCP', 50, 100);
    expect(s.connections).toBe(2);
    expect(s.requests.filter((r) => r.conn === 2).map((r) => r.method)).toEqual(['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY']);
  });

  it('sends keepalives at half the session timeout, TEARDOWN on close, and fails when packets stop', async () => {
    const s = await serve(camera({ sessionTimeout: 2 }));
    const c = client(s.port, { transport: 'tcp', timeoutMs: 1500 });
    await c.describe();
    await c.play(() => undefined);
    await waitFor(() => s.requests.some((r) => r.method === 'GET_PARAMETER'), 'a keepalive', 40, 100);
    const keepalive = s.requests.find((r) => r.method === 'GET_PARAMETER')!;
    expect(keepalive.headers.get('session')).toBe('12345678');
    // The camera sends no media: after timeoutMs the client gives up with a clear error.
    await expect(c.wait()).rejects.toThrow(`RTSP source: no packets from 127.0.0.1:${s.port} for 1.5 s`);

    const s2 = await serve(camera());
    const c2 = client(s2.port, { transport: 'tcp' });
    await c2.describe();
    await c2.play(() => undefined);
    await c2.close();
    await expect(c2.wait()).resolves.toBeUndefined();
    expect(s2.requests.at(-1)).toMatchObject({ method: 'TEARDOWN' });
  });

  it('follows a DESCRIBE redirect, keeping the credentials for the same host', async () => {
    const target = await serve((req) => (req.headers.has('authorization') ? camera()(req) : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="cam"' } }));
    const first = await serve((req) => (req.method === 'DESCRIBE' ? { status: 302, headers: { Location: `rtsp://127.0.0.1:${target.port}/other` } } : { status: 200 }));
    const c = client(first.port, { url: `rtsp://u:pw@127.0.0.1:${first.port}/cam` });
    await expect(c.describe()).resolves.toHaveLength(1);
    expect(target.requests.find((r) => r.method === 'DESCRIBE' && r.headers.has('authorization'))?.url).toBe(`rtsp://127.0.0.1:${target.port}/other`);
    const loop = await serve((req) => (req.method === 'DESCRIBE' ? { status: 301, headers: { Location: req.url } } : { status: 200 }));
    await expect(client(loop.port).describe()).rejects.toThrow(`RTSP source: 301 Moved Permanently from 127.0.0.1:${loop.port} (answer to DESCRIBE)`);
    expect(loop.connections).toBe(4);
  });

  it('sends Basic credentials only after a challenge, and only to the server that asked', async () => {
    const s = await serve((req) => {
      if (!req.headers.has('authorization')) return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="cam"' } };
      return camera()(req);
    });
    const c = client(s.port, { url: `rtsp://admin:p%40ss@127.0.0.1:${s.port}/cam` });
    await c.describe();
    expect(s.requests[0].headers.has('authorization')).toBe(false);
    expect(s.requests[1].headers.get('authorization')).toBe(`Basic ${Buffer.from('admin:p@ss').toString('base64')}`);
    // The request line never carries the userinfo.
    for (const r of s.requests) expect(r.url).toBe(`rtsp://127.0.0.1:${s.port}/cam`);
  });
});

describe('RTSP client and hostile media', () => {
  it('random RTP/RTCP frames are dropped, then garbage ends the client with an error', async () => {
    const play = camera();
    const s = await serve((req) => {
      if (req.method !== 'PLAY') return play(req);
      const res = rtspResponse(200, { CSeq: req.headers.get('cseq')!, Session: '12345678' });
      const frames: Buffer[] = [];
      // Bounded: 200 frames of random bytes (some look like RTP, most do not).
      for (let i = 0; i < 200; i++) frames.push(interleavedFrame(i % 3, randomBytes(1 + (i * 37) % 1400)));
      return { raw: Buffer.concat([serializeResponse(res), ...frames, Buffer.from('NOT RTSP AT ALL\r\n\r\n')]) };
    });
    const units: unknown[] = [];
    const c = client(s.port, { transport: 'tcp' });
    await c.describe();
    // The PLAY answer and the garbage may arrive in one read: either step may see the failure.
    await expect(c.play((au) => units.push(au)).then(() => c.wait())).rejects.toThrow(/sent something that is not RTSP/);
  });
});

describe('RTSP client stop', () => {
  it('an already aborted signal stops the client before it connects', async () => {
    const s = await serve(camera());
    const ac = new AbortController();
    ac.abort();
    const c = client(s.port, { signal: ac.signal });
    await expect(c.describe()).rejects.toThrow('RTSP source: stopped');
    await expect(c.wait()).resolves.toBeUndefined();
    expect(s.connections).toBe(0);
  });

  it('aborting while playing sends TEARDOWN and resolves wait()', async () => {
    const s = await serve(camera());
    const ac = new AbortController();
    const c = client(s.port, { signal: ac.signal, transport: 'udp' });
    await c.describe();
    await c.play(() => undefined);
    ac.abort();
    await expect(c.wait()).resolves.toBeUndefined();
    await waitFor(() => s.requests.at(-1)?.method === 'TEARDOWN', 'TEARDOWN', 20, 50);
  });
});
