// HTTP-FLV refusals and robustness: 404 for unknown paths, 401 and credentials (Basic and
// query), CORS for configured origins, and garbage on the port.
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import type { LogEntry } from '../../../src/shared/log';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvPublication } from '../../helpers/flv-publisher';
import { decode, probe, stopAll } from '../../helpers/ffmpeg';
import { becomesTrue, FlvHttpReader, httpRequest } from './clients';

const USER = 'viewer';
const PASS = 'pw-7Hq2-secret';
const ALLOWED_ORIGIN = 'http://allowed.example';
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

describe('HTTP-FLV access', () => {
  let dir: string;
  let engine: Engine;
  let ports: TestPorts;
  const publications: FlvPublication[] = [];
  const readers: FlvHttpReader[] = [];
  const logs: LogEntry[] = [];
  const url = (path: string) => `http://127.0.0.1:${ports.hls}/${path}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-httpflv-access-'));
    const clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    const t = await testConfig({
      hlsAllowOrigins: [ALLOWED_ORIGIN],
      paths: { secure: { readUser: USER, readPass: PASS }, all_others: {} },
    });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    engine.log.subscribe((e) => logs.push(e));
    await engine.start();
    for (const path of ['cam1', 'secure']) publications.push(await publishFlvClip(engine.paths, { path, clip, loops: Infinity }));
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await stopAll();
  });

  afterAll(async () => {
    await stopAll();
    for (const p of publications) await p.stop();
    await engine?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers 404 at once for a path nobody publishes, and for invalid path names', async () => {
    for (const path of ['nobody.flv', 'live/nobody.flv', '..%2Fcam1.flv', 'a//b.flv', '.flv']) {
      const started = Date.now();
      const r = await httpRequest(url(path));
      expect(r.status, path).toBe(404);
      expect(Date.now() - started, path).toBeLessThan(1000);
    }
  });

  it('leaves non-FLV URLs to HLS on the same listener', async () => {
    const r = await httpRequest(url('cam1/index.m3u8'));
    expect(r.status).toBe(200);
    expect(r.body.toString()).toMatch(/^#EXTM3U/);
    expect((await httpRequest(url('nobody/index.m3u8'))).status).toBe(404);
  });

  it('refuses other methods with 405', async () => {
    const r = await httpRequest(url('cam1.flv'), { method: 'POST' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toMatch(/GET/);
  });

  it('asks for credentials with 401 and a Basic challenge', async () => {
    const r = await httpRequest(url('secure.flv'));
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic realm="relaybox"');
  });

  it('refuses wrong credentials; the log names the user and address, never the password', async () => {
    const r = await httpRequest(url('secure.flv'), { headers: basic(USER, 'wrong-pass-123') });
    expect(r.status).toBe(401);
    const refusal = await becomesTrue(() => logs.some((e) => e.message.includes(`user "${USER}"`) && e.message.includes('127.0.0.1')), 1000);
    expect(refusal).toBe(true);
    expect(logs.filter((e) => e.message.includes('wrong-pass-123'))).toEqual([]);
  });

  it('serves with Basic credentials and with ?user=&pass=', async () => {
    const withBasic = new FlvHttpReader(url('secure.flv'), basic(USER, PASS));
    const withQuery = new FlvHttpReader(url(`secure.flv?user=${USER}&pass=${encodeURIComponent(PASS)}`));
    readers.push(withBasic, withQuery);
    await Promise.all([withBasic.response, withQuery.response]);
    expect([withBasic.status, withQuery.status]).toEqual([200, 200]);
    expect(await becomesTrue(() => withBasic.videoTags > 0 && withQuery.videoTags > 0, 2000)).toBe(true);
  });

  it('ffmpeg reads with credentials in the URL (it answers the 401 challenge)', async () => {
    const r = await decode(['-rw_timeout', '10000000', '-i', `http://${USER}:${PASS}@127.0.0.1:${ports.hls}/secure.flv`], 30);
    expect(r.errors).toBe('');
    expect(r.code).toBe(0);
    expect(logs.filter((e) => e.message.includes(PASS))).toEqual([]);
  });

  it('sends CORS headers to an allowed origin, on streams and on refusals', async () => {
    const reader = new FlvHttpReader(url('cam1.flv'), { Origin: ALLOWED_ORIGIN });
    readers.push(reader);
    await reader.response;
    expect(reader.status).toBe(200);
    expect(reader.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(reader.headers['access-control-allow-credentials']).toBe('true');
    const refused = await httpRequest(url('secure.flv'), { headers: { Origin: ALLOWED_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('sends no CORS headers to other origins', async () => {
    const r = await httpRequest(url('nobody.flv'), { headers: { Origin: 'http://evil.example' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the CORS preflight', async () => {
    const r = await httpRequest(url('cam1.flv'), {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(r.headers['access-control-allow-methods']).toMatch(/GET/);
    expect(r.headers['access-control-allow-headers']).toMatch(/Authorization/i);
  });

  it('survives 200 garbage requests, then still serves', async () => {
    const garbage: (string | Buffer)[] = [
      'GARBAGE\r\n\r\n',
      'GET /cam1.flv HTTP/9.9\r\n\r\n',
      'GET cam1.flv HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /%E0%A4%A.flv HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /cam1.flv HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
      `GET /cam1.flv HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
      'GET /cam1.flv HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'GET /secure.flv HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %%%%\r\n\r\n',
      'GET /cam1.flv',
      '\x00\x01\x02\x03',
    ];
    const attempts: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const payload = i < garbage.length * 10 ? garbage[i % garbage.length] : Buffer.from(Array.from({ length: 64 + (i % 200) }, (_v, k) => (i * 31 + k * 7) & 0xff));
      attempts.push(
        new Promise<void>((resolve) => {
          const sock = net.connect({ host: '127.0.0.1', port: ports.hls }, () => {
            sock.write(payload);
            // Half the clients hang up at once; the others wait for the server to answer or close.
            if (i % 2 === 0) sock.end();
          });
          sock.on('data', () => undefined);
          sock.setTimeout(3000, () => sock.destroy());
          sock.on('error', () => resolve());
          sock.on('close', () => resolve());
        }),
      );
    }
    await Promise.all(attempts);
    expect(engine.status().listeners.find((l) => l.name === 'hls')?.state).toBe('listening');
    const { streams } = await probe(url('cam1.flv'));
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    // No reader was left behind by the garbage.
    // No FLV reader is left behind (the shared HLS muxer, if any, stays for hlsMuxerCloseAfter).
    const flvReaders = () => (engine.paths.get('cam1')?.readers ?? []).filter((r) => r.type !== 'hlsMuxer');
    expect(await becomesTrue(() => flvReaders().length === 0, 5000)).toBe(true);
  });
});
