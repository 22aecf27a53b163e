// The control API with a real HTTP client against a real engine on loopback.
import http from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { createHttpApi } from '../../../src/shared/http-client';
import { RelayboxApiError, type RelayboxEvent } from '../../../src/shared/api';
import { testConfig, type TestPorts } from '../../helpers/engine';

function rawRequest(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('control API', () => {
  let engine: Engine;
  let ports: TestPorts;
  let dir: string;
  let file: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-api-'));
    file = join(dir, 'relaybox.yml');
    const t = await testConfig({ apiAllowOrigins: ['http://allowed.example'] });
    ports = t.ports;
    await writeFile(file, `# my settings\nrtmpAddress: ${t.config.rtmpAddress} # keep this comment\n`);
    engine = createEngine({ config: t.config, configFile: file });
    await engine.start();
    base = `http://127.0.0.1:${ports.api}`;
  });
  afterAll(async () => { await engine.stop(); });

  it('returns the effective global config as JSON', async () => {
    const res = await fetch(`${base}/v3/config/global/get`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rtspAddress).toBe(`127.0.0.1:${ports.rtsp}`);
    expect(body.readTimeout).toBe('10s');
    expect(body.paths).toBeUndefined();
  });

  it('answers /v3/info and /v3/relaybox/status', async () => {
    const api = createHttpApi({ baseUrl: base });
    expect((await api.getInfo()).version).toMatch(/^v\d+\.\d+\.\d+/);
    const status = await api.getStatus();
    expect(status.state).toBe('running');
    expect(status.listeners.find((l) => l.name === 'rtmp')?.state).toBe('listening');
    expect(status.listeners.find((l) => l.name === 'metrics')?.state).toBe('disabled');
  });

  it('rejects bad JSON with 400', async () => {
    const res = await fetch(`${base}/v3/config/global/patch`, { method: 'PATCH', body: '{"rtmpAddress":', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/invalid JSON/);
  });

  it('rejects a bad value with 400 and the config loader\'s text', async () => {
    const api = createHttpApi({ baseUrl: base });
    const err = await api.patchGlobalConfig({ rtmpAddress: ':99999' }).catch((e) => e);
    expect(err).toBeInstanceOf(RelayboxApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain('rtmpAddress');
    expect(err.message).toMatch(/65535/);
    // Nothing changed.
    expect((await api.getGlobalConfig()).rtmpAddress).toBe(`127.0.0.1:${ports.rtmp}`);
  });

  it('never echoes a password in an API error or log line', async () => {
    const api = createHttpApi({ baseUrl: base });
    const attempts = [
      () => api.addPathConf('secure', { readUser: 'bob', readPass: 'Hunter2-Secret', maxReaders: 'lots' as never }),
      () => api.addPathConf('secure2', { readUser: 'bob', readPass: 'Hunter2-Secret', readIPs: ['not-an-ip'] }),
      () => api.patchGlobalConfig({ authInternalUsers: [{ user: 'x', pass: 'Hunter2-Secret', ips: ['not-an-ip'], permissions: [] }] as never }),
      () => api.addPathConf('src', { source: 'rtsp://cam:Hunter2-Secret@10.0.0.9:554/stream', sourceOnDemand: 'maybe' as never }),
    ];
    for (const attempt of attempts) {
      const err = await attempt().catch((e) => e);
      expect(err.status).toBe(400);
      const text = JSON.stringify({ message: err.message, issues: err.issues });
      expect(text).not.toContain('Hunter2-Secret');
    }
    const log = engine.log.recent(10_000).map((e) => e.message).join('\n');
    expect(log).not.toContain('Hunter2-Secret');
  });

  it('answers 404 and 405 for unknown endpoints and methods', async () => {
    expect((await fetch(`${base}/v3/nope`)).status).toBe(404);
    expect((await fetch(`${base}/v3/config/global/get`, { method: 'DELETE' })).status).toBe(405);
  });

  it('adds, reads, patches, lists and deletes path configurations, persisting them with comments kept', async () => {
    const api = createHttpApi({ baseUrl: base });
    await api.addPathConf('cam1', { maxReaders: 3 });
    expect((await api.getPathConf('cam1')).maxReaders).toBe(3);
    await api.patchPathConf('cam1', { maxReaders: 5 });
    expect((await api.getPathConf('cam1')).maxReaders).toBe(5);
    expect((await api.listPathConfs()).items.map((p) => p.name)).toContain('cam1');
    const saved = await readFile(file, 'utf8');
    expect(saved).toContain('cam1');
    expect(saved).toContain('# keep this comment');
    expect(saved).toContain('# my settings');
    await expect(readFile(`${file}.bak`, 'utf8')).resolves.toContain('# my settings');
    await api.deletePathConf('cam1');
    const err = await api.getPathConf('cam1').catch((e) => e);
    expect(err.status).toBe(404);
    expect((await api.addPathConf('bad*name', {}).catch((e) => e)).status).toBe(400);
  });

  it('lists runtime paths (empty until a publisher arrives)', async () => {
    const res = await fetch(`${base}/v3/paths/list`);
    expect(await res.json()).toEqual({ itemCount: 0, pageCount: 0, items: [] });
    expect((await fetch(`${base}/v3/paths/get/nothing`)).status).toBe(404);
  });

  it('refuses a Host header that is not an IP, localhost or this machine (DNS rebinding)', async () => {
    const evil = await rawRequest(ports.api, { path: '/v3/config/global/get', headers: { Host: `rebind.attacker.example:${ports.api}` } });
    expect(evil.status).toBe(403);
    expect(evil.body).not.toContain('rtspAddress');
    const local = await rawRequest(ports.api, { path: '/v3/config/global/get', headers: { Host: `localhost:${ports.api}` } });
    expect(local.status).toBe(200);
  });

  it('answers CORS only for configured origins', async () => {
    const bad = await rawRequest(ports.api, { method: 'POST', path: '/v3/relaybox/server/stop', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' } });
    expect(bad.status).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    expect((await createHttpApi({ baseUrl: base }).getStatus()).state).toBe('running');
    const pre = await rawRequest(ports.api, { method: 'OPTIONS', path: '/v3/config/global/patch', headers: { Origin: 'http://allowed.example', 'Access-Control-Request-Method': 'PATCH' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://allowed.example');
    expect(pre.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });

  it('stops and starts the media listeners while the API stays up, streaming status events', async () => {
    const api = createHttpApi({ baseUrl: base });
    const events: RelayboxEvent[] = [];
    const off = api.onEvent((e) => events.push(e));
    try {
      const stopped = await api.stopServer();
      expect(stopped.state).toBe('stopped');
      expect(stopped.listeners.find((l) => l.name === 'api')?.state).toBe('listening');
      const started = await api.startServer();
      expect(started.state).toBe('running');
      for (let i = 0; i < 50 && !events.some((e) => e.type === 'status' && e.status.state === 'stopped'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(events.some((e) => e.type === 'status' && e.status.state === 'stopped')).toBe(true);
      expect(events.some((e) => e.type === 'log' && /RTMP listener opened/.test(e.entry.message))).toBe(true);
    } finally {
      off();
    }
  });
});

describe('control API authentication', () => {
  let engine: Engine;
  let base: string;
  beforeAll(async () => {
    const { config, ports } = await testConfig({
      authInternalUsers: [
        { user: 'any', pass: '', ips: [], permissions: [{ action: 'publish', path: '' }, { action: 'read', path: '' }] },
        { user: 'admin', pass: 'S3cret-Pa55', ips: [], permissions: [{ action: 'api', path: '' }] },
      ] as never,
    });
    engine = createEngine({ config });
    await engine.start();
    base = `http://127.0.0.1:${ports.api}`;
  });
  afterAll(async () => { await engine.stop(); });

  it('refuses requests without the api permission and accepts the right user', async () => {
    expect((await fetch(`${base}/v3/config/global/get`)).status).toBe(401);
    const wrong = await createHttpApi({ baseUrl: base, user: 'admin', pass: 'wrong-guess-123' }).getStatus().catch((e) => e);
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong)).not.toContain('wrong-guess-123');
    const ok = await createHttpApi({ baseUrl: base, user: 'admin', pass: 'S3cret-Pa55' }).getStatus();
    expect(ok.state).toBe('running');
    const lines = engine.log.recent(10_000).map((e) => e.message).join('\n');
    expect(lines).toContain('admin');
    expect(lines).not.toContain('wrong-guess-123');
    expect(lines).not.toContain('S3cret-Pa55');
  });
});
