// rtspEncryption/rtmpEncryption "strict" leave only the encrypted listeners; a missing or broken
// key/cert fails that one listener with an error naming the key, the file and a fix.
import https from 'node:https';
import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import type { ListenerStatus } from '../../../src/shared/api';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { freePort } from '../../helpers/ports';
import { makeTestCert, tlsTestConfig, type TestCert } from './certs';

/** The HTTP status of a GET over HTTPS, the server verified against `ca`. */
function httpsStatus(port: number, path: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path, ca }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

const byName = (engine: Engine): Record<string, ListenerStatus> =>
  Object.fromEntries(engine.status().listeners.map((l) => [l.name, l]));

describe('encryption modes and certificate errors', () => {
  let cert: TestCert;
  let engine: Engine | undefined;

  beforeAll(async () => { cert = await makeTestCert(); });
  afterEach(async () => {
    await stopAll();
    await engine?.stop();
    engine = undefined;
  });
  afterAll(async () => { await cert?.remove(); });

  it('strict: plain RTSP (and its UDP ports) and plain RTMP stay closed; RTMPS in, RTSPS out works', async () => {
    const t = await tlsTestConfig(cert, { rtspEncryption: 'strict', rtmpEncryption: 'strict' });
    engine = createEngine({ config: t.config });
    await engine.start();
    const l = byName(engine);
    expect([l.rtsp.state, l.rtp.state, l.rtcp.state, l.rtmp.state]).toEqual(['disabled', 'disabled', 'disabled', 'disabled']);
    expect([l.rtsps.state, l.rtmps.state]).toEqual(['listening', 'listening']);
    expect(await connects(t.ports.rtsp)).toBe(false);
    expect(await connects(t.ports.rtmp)).toBe(false);
    publishTestPattern(`rtmps://127.0.0.1:${t.ports.rtmps}/cam`);
    await waitFor(() => engine!.paths.get('cam')?.ready === true, 'cam ready');
    const { streams, error } = await probe(`rtsps://127.0.0.1:${t.ports.rtsps}/cam`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  }, 60_000);

  it('switching rtspEncryption from no to strict by reload closes RTSP and opens RTSPS', async () => {
    const t = await tlsTestConfig(cert);
    engine = createEngine({ config: t.config });
    await engine.start();
    expect(byName(engine).rtsps.state).toBe('disabled');
    await engine.reload({ ...t.config, rtspEncryption: 'strict' });
    const l = byName(engine);
    expect([l.rtsp.state, l.rtsps.state]).toEqual(['disabled', 'listening']);
    expect(await connects(t.ports.rtsp)).toBe(false);
    expect(await connects(t.ports.rtsps)).toBe(true);
  });

  it('serves metrics, playback and the WebRTC listener over HTTPS when their *Encryption is on', async () => {
    const playbackPort = await freePort();
    const t = await tlsTestConfig(cert, {
      metrics: true, metricsEncryption: true, playback: true, playbackEncryption: true, playbackAddress: `127.0.0.1:${playbackPort}`,
      webrtc: true, webrtcEncryption: true,
    });
    engine = createEngine({ config: t.config });
    await engine.start();
    expect(await httpsStatus(t.ports.metrics, '/metrics', cert.cert)).toBe(200);
    expect(await httpsStatus(playbackPort, '/list?path=nothing', cert.cert)).toBe(404);
    // WHEP takes POST only: a GET reaching the handler over TLS gets 405.
    expect(await httpsStatus(t.ports.webrtc, '/nothing/whep', cert.cert)).toBe(405);
  }, 60_000);

  it('stops at once with clients stuck before the TLS handshake', async () => {
    // readTimeout (the handshake timeout) far beyond the test's own timeout: only closing frees them.
    const t = await tlsTestConfig(cert, {
      rtspEncryption: 'optional', rtmpEncryption: 'optional', hlsEncryption: true, apiEncryption: true,
      metrics: true, metricsEncryption: true, readTimeout: '600s',
    });
    const e = createEngine({ config: t.config });
    await e.start();
    const idle = await Promise.all([t.ports.rtsps, t.ports.rtmps, t.ports.hls, t.ports.api, t.ports.metrics].map((port) => new Promise<net.Socket>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
      s.on('error', () => undefined);
    })));
    await e.stop();
    await waitFor(() => idle.every((s) => s.destroyed || s.readableEnded), 'idle sockets closed by the server', 50);
    for (const s of idle) s.destroy();
  }, 20_000);

  it('a missing key or a non-PEM certificate fails only that listener, with the key, the file and a fix', async () => {
    const notPem = join(cert.dir, 'not-a-cert.crt');
    await writeFile(notPem, 'hello\n');
    const missing = join(cert.dir, 'missing.key');
    const t = await tlsTestConfig(cert, {
      rtspEncryption: 'optional', rtspServerKey: missing,
      rtmpEncryption: 'optional', hlsEncryption: true, hlsServerCert: notPem,
    });
    engine = createEngine({ config: t.config });
    await engine.start();
    const l = byName(engine);
    expect(l.rtsps.state).toBe('error');
    expect(l.rtsps.error).toContain(`rtspServerKey "${missing}": cannot read it (the file does not exist)`);
    expect(l.rtsps.error).toContain('openssl req -x509');
    expect(l.hls.state).toBe('error');
    expect(l.hls.error).toContain(`hlsServerCert "${notPem}"`);
    expect(l.hls.error).toContain('not a usable PEM key and certificate');
    expect([l.rtsp.state, l.rtmp.state, l.rtmps.state, l.api.state]).toEqual(['listening', 'listening', 'listening', 'listening']);
    // The failed listeners took no port; the others serve.
    expect(await connects(t.ports.rtsps)).toBe(false);
    expect(await connects(t.ports.hls)).toBe(false);
    publishTestPattern(`rtmps://127.0.0.1:${t.ports.rtmps}/cam`);
    await waitFor(() => engine!.paths.get('cam')?.ready === true, 'cam ready');
  }, 60_000);
});
