// Hot reload restarts only what changed: an open RTSP connection survives an HLS port change.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { createHttpApi } from '../../../src/shared/http-client';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { freePort } from '../../helpers/ports';

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('hot reload', () => {
  let engine: Engine;
  let ports: TestPorts;
  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterAll(async () => { await engine.stop(); });

  it('changing hlsAddress through the API restarts the HLS listener only', async () => {
    const rtsp = await connect(ports.rtsp);
    let rtspClosed = false;
    rtsp.on('close', () => { rtspClosed = true; });
    const newHls = await freePort();
    const api = createHttpApi({ baseUrl: `http://127.0.0.1:${ports.api}` });
    const result = await api.patchGlobalConfig({ hlsAddress: `127.0.0.1:${newHls}` });
    expect(result.restarted).toEqual(['hls']);
    // The new port serves, the old one is gone.
    (await connect(newHls)).destroy();
    await expect(connect(ports.hls)).rejects.toThrow(/ECONNREFUSED/);
    // The RTSP connection opened before the reload is still open and writable.
    await new Promise((r) => setTimeout(r, 100));
    expect(rtspClosed).toBe(false);
    expect(rtsp.destroyed).toBe(false);
    await new Promise<void>((resolve, reject) => rtsp.write('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n', (e) => (e ? reject(e) : resolve())));
    expect((await api.getStatus()).listeners.find((l) => l.name === 'hls')?.address).toBe(`127.0.0.1:${newHls}`);
    rtsp.destroy();
  });

  it('a change to a path only restarts no listener', async () => {
    const api = createHttpApi({ baseUrl: `http://127.0.0.1:${ports.api}` });
    const result = await api.addPathConf('studio', { maxReaders: 2 });
    expect(result.restarted).toEqual([]);
    expect(result.paths).toEqual(['studio']);
  });

  it('a port conflict on one listener does not stop the others', async () => {
    const blocker = net.createServer();
    const busy = await freePort();
    await new Promise<void>((r) => blocker.listen(busy, '127.0.0.1', () => r()));
    try {
      const api = createHttpApi({ baseUrl: `http://127.0.0.1:${ports.api}` });
      await api.patchGlobalConfig({ rtmpAddress: `127.0.0.1:${busy}` });
      const status = await api.getStatus();
      const rtmp = status.listeners.find((l) => l.name === 'rtmp')!;
      expect(rtmp.state).toBe('port-conflict');
      expect(rtmp.owner?.pid).toBe(process.pid);
      expect(rtmp.suggestion).toBeGreaterThan(busy);
      expect(status.state).toBe('partial');
      expect(status.listeners.find((l) => l.name === 'rtsp')?.state).toBe('listening');
    } finally {
      blocker.close();
    }
  });
});
