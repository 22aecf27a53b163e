// The playback server checks the `playback` action of authInternalUsers (Basic auth or
// ?user=&pass=) before it looks at any recording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { freePort } from '../../helpers/ports';

describe('playback server access', () => {
  let engine: Engine;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ({ engine } = await startTestEngine({
      playback: true,
      playbackAddress: `127.0.0.1:${port}`,
      authInternalUsers: [
        { user: 'viewer', pass: 'pw', ips: [], permissions: [{ action: 'playback', path: 'cam' }] },
        { user: 'any', pass: '', ips: ['127.0.0.1'], permissions: [{ action: 'api', path: '' }] },
      ],
      paths: { all_others: {} },
    } as never));
    expect(engine.status().listeners.find((l) => l.name === 'playback')?.state).toBe('listening');
  });
  afterAll(async () => { await engine.stop(); });

  it('answers 401 without the playback permission and goes on with it', async () => {
    const anon = await fetch(`${base}/list?path=cam`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${base}/list?path=other&user=viewer&pass=pw`)).status).toBe(401);
    expect((await fetch(`${base}/list?path=cam&user=viewer&pass=wrong`)).status).toBe(401);
    const basic = { Authorization: `Basic ${Buffer.from('viewer:pw').toString('base64')}` };
    // Allowed: the path has no recordings, which is MediaMTX's 404.
    const ok = await fetch(`${base}/list?path=cam`, { headers: basic });
    expect(ok.status).toBe(404);
    expect(await ok.json()).toEqual({ error: 'no recording segments found' });
    expect((await fetch(`${base}/get?path=cam&start=2026-01-01T00:00:00Z&duration=5&user=viewer&pass=pw`)).status).toBe(404);
    expect((await fetch(`${base}/nothing`, { headers: basic })).status).toBe(404);
  });
});
