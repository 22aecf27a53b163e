// RTSPS, RTMPS and HTTPS listeners with real clients (FFmpeg's TLS does not verify by default;
// Node clients verify against the test certificate), the engine's own rtsps/rtmps clients pinned
// by sourceFingerprint, and garbage on the TLS ports.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { RtspMessageReader } from '../../../src/main/engine/protocols/rtsp/message-reader';
import type { RtspResponse } from '../../../src/main/engine/protocols/rtsp/response';
import type { Config } from '../../../src/shared/config';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { makeTestCert, tlsTestConfig, type TestCert, type TlsPorts } from './certs';

/** GET over HTTPS, verifying the server against the test certificate. */
function httpsGet(port: number, path: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** One RTSP request/response exchange at a time over a verified TLS connection. */
async function rtspsSession(port: number, ca: Buffer) {
  const socket = tls.connect({ host: '127.0.0.1', port, ca });
  await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
  const reader = new RtspMessageReader();
  const waiting: ((r: RtspResponse) => void)[] = [];
  socket.on('data', (d: Buffer) => {
    for (const item of reader.feed(d)) if (item.kind === 'response') waiting.shift()?.(item.response);
  });
  let cseq = 0;
  return {
    request(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
      const lines = [`${method} ${url} RTSP/1.0`, `CSeq: ${++cseq}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(lines.join('\r\n') + '\r\n\r\n');
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => socket.destroy(),
  };
}

/** Opens `count` connections (at most 20 at once) that send random bytes and close. */
async function garbage(port: number, count: number, viaTls: boolean): Promise<void> {
  const one = () => new Promise<void>((resolve) => {
    const s: net.Socket = viaTls
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => s.write(randomBytes(2000)))
      : net.connect({ host: '127.0.0.1', port }, () => s.write(randomBytes(2000)));
    s.on('error', () => undefined);
    s.setTimeout(1000, () => s.destroy());
    s.on('close', () => resolve());
    setTimeout(() => s.end(), 50);
  });
  for (let done = 0; done < count; done += 20) await Promise.all(Array.from({ length: Math.min(20, count - done) }, one));
}

describe('encrypted listeners (optional mode)', () => {
  let cert: TestCert;
  let engine: Engine;
  let ports: TlsPorts;

  beforeAll(async () => {
    cert = await makeTestCert();
    const t = await tlsTestConfig(cert, {
      rtspEncryption: 'optional', rtmpEncryption: 'optional', hlsEncryption: true, apiEncryption: true, hlsVariant: 'mpegts',
    });
    ports = t.ports;
    // The engine's own clients pull from its own RTSPS/RTMPS listeners, pinned to the test certificate.
    t.config.paths = {
      pulledRtsps: { source: `rtsps://127.0.0.1:${ports.rtsps}/live`, sourceFingerprint: cert.fingerprint },
      pulledRtmps: { source: `rtmps://127.0.0.1:${ports.rtmps}/live`, sourceFingerprint: cert.fingerprint },
      all_others: {},
    } as Config['paths'];
    engine = createEngine({ config: t.config });
    await engine.start();
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live`);
    await waitFor(() => engine.paths.get('live')?.ready === true, 'live ready');
  });
  afterAll(async () => {
    await stopAll();
    await engine?.stop();
    await cert?.remove();
  });

  it('opens RTSPS and RTMPS beside the plain listeners', () => {
    const state = Object.fromEntries(engine.status().listeners.map((l) => [l.name, l.state]));
    expect(state).toMatchObject({ rtsp: 'listening', rtsps: 'listening', rtp: 'listening', rtmp: 'listening', rtmps: 'listening', hls: 'listening', api: 'listening' });
  });

  it('serves an RTMP publish to ffprobe over RTSPS (TCP) and RTMPS', async () => {
    const rtsps = await probe(`rtsps://127.0.0.1:${ports.rtsps}/live`, ['-rtsp_transport', 'tcp']);
    expect(rtsps.error).toBe('');
    expect(rtsps.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const rtmps = await probe(`rtmps://127.0.0.1:${ports.rtmps}/live`);
    expect(rtmps.error).toBe('');
    expect(rtmps.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  }, 60_000);

  it('refuses UDP transport on RTSPS with 461 and accepts interleaved TCP on the same session', async () => {
    const c = await rtspsSession(ports.rtsps, cert.cert);
    try {
      const url = `rtsps://127.0.0.1:${ports.rtsps}/live`;
      const d = await c.request('DESCRIBE', url, { Accept: 'application/sdp' });
      expect(d.statusCode).toBe(200);
      const control = /a=control:(trackID=\d+)/.exec(d.body.toString())![1];
      const udp = await c.request('SETUP', `${url}/${control}`, { Transport: 'RTP/AVP;unicast;client_port=40000-40001' });
      expect(udp.statusCode).toBe(461);
      const tcp = await c.request('SETUP', `${url}/${control}`, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
      expect(tcp.statusCode).toBe(200);
    } finally {
      c.close();
    }
  });

  it('takes an FFmpeg publish over RTMPS and serves it over plain RTSP', async () => {
    publishTestPattern(`rtmps://127.0.0.1:${ports.rtmps}/fromRtmps`);
    await waitFor(() => engine.paths.get('fromRtmps')?.ready === true, 'fromRtmps ready');
    const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/fromRtmps`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const conns = JSON.parse((await httpsGet(ports.api, '/v3/rtmpsconns/list', cert.cert)).body);
    expect(conns.items.some((c: { path: string; state: string }) => c.path === 'fromRtmps' && c.state === 'publish')).toBe(true);
    // MediaMTX names sessions of the encrypted listeners apart.
    expect(engine.paths.get('fromRtmps')?.source?.type).toBe('rtmpsConn');
  }, 60_000);

  it('serves HLS over HTTPS to ffprobe', async () => {
    const { streams, error } = await probe(`https://127.0.0.1:${ports.hls}/live/index.m3u8`);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  }, 60_000);

  it('answers /v3/info over HTTPS (certificate verified) and not over plain HTTP', async () => {
    const res = await httpsGet(ports.api, '/v3/info', cert.cert);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toHaveProperty('version');
    await expect(fetch(`http://127.0.0.1:${ports.api}/v3/info`)).rejects.toThrow();
  });

  it('lets the engine\'s own rtsps:// and rtmps:// clients pull with the pinned fingerprint', async () => {
    await waitFor(() => ['pulledRtsps', 'pulledRtmps'].every((p) => engine.paths.get(p)?.ready === true), 'pulled paths ready', 300);
    expect(engine.paths.get('pulledRtsps')!.tracks).toEqual(['H264', 'MPEG-4 Audio']);
    expect(engine.paths.get('pulledRtmps')!.tracks).toEqual(['H264', 'MPEG-4 Audio']);
    const sessions = JSON.parse((await httpsGet(ports.api, '/v3/rtspssessions/list', cert.cert)).body);
    expect(sessions.items.some((s: { path: string; state: string }) => s.path === 'live' && s.state === 'read')).toBe(true);
  }, 60_000);

  it('survives 200 garbage connections on each TLS port and keeps serving', async () => {
    for (const port of [ports.rtsps, ports.rtmps, ports.hls, ports.api]) {
      await garbage(port, 100, false); // not TLS at all: the handshake fails
      await garbage(port, 100, true); // TLS, then random bytes to the protocol parser
    }
    const { streams, error } = await probe(`rtsps://127.0.0.1:${ports.rtsps}/live`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    expect(streams).toHaveLength(2);
    expect((await httpsGet(ports.api, '/v3/info', cert.cert)).status).toBe(200);
    expect(engine.status().listeners.find((l) => l.name === 'rtmps')!.state).toBe('listening');
  }, 120_000);
});
