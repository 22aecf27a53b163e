// Prometheus metrics with a real publisher: the text format a scraper reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { testConfig, type TestPorts } from '../../helpers/engine';

describe('metrics', () => {
  let engine: Engine;
  let ports: TestPorts;
  beforeAll(async () => {
    const t = await testConfig({ metrics: true });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterAll(async () => { await stopAll(); await engine.stop(); });

  it('serves Prometheus text with path and listener figures', async () => {
    const pub = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/metered`);
    await waitFor(() => engine.paths.get('metered')?.ready === true, 'ready');
    await waitFor(() => (engine.paths.get('metered')?.bytesReceived ?? 0) > 10_000, 'bytes');
    const res = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^paths\{name="metered",state="ready"\} 1$/m);
    const bytes = Number(/^paths_bytes_received\{name="metered",state="ready"\} (\d+)$/m.exec(text)?.[1]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(text).toMatch(/^relaybox_listener_up\{listener="rtmp",state="listening"\} 1$/m);
    expect((await fetch(`http://127.0.0.1:${ports.metrics}/other`)).status).toBe(404);
    pub.kill();
  });
});
