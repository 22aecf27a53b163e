// The forward service's states with a real engine: a destination nothing listens on is retried
// with backoff (state retrying, the connect error as lastError), a scheme without a driver
// fails for good, and both go away when the path is no longer ready. A forward list change
// keeps the path's publisher.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { ForwardManager } from '../../../src/main/engine/forward';
import type { Config } from '../../../src/shared/config';
import { startTestEngine } from '../../helpers/test-engine';
import { freePort } from '../../helpers/ports';
import { waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';

const target = (dest: string) => ({ dest, destFingerprint: '', whipBearerToken: '' });

describe('forward service', () => {
  let engine: Engine;
  let config: Config;
  let dir: string;
  let clip: FlvClip;
  let pub: FlvPublication | undefined;
  let closedPort: number;
  const list = () => engine.service<ForwardManager>('forward')!.list();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-forward-manager-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    closedPort = await freePort();
    ({ engine, config } = await startTestEngine({
      paths: { cam: { forward: [target(`rtmp://127.0.0.1:${closedPort}/live/cam`), target('whip://127.0.0.1:1/cam/whip')] }, all_others: {} },
    }));
  });
  afterAll(async () => {
    await pub?.stop();
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts nothing while the path is not ready', () => {
    expect(list()).toEqual([]);
  });

  it('retries an unreachable destination and fails one it cannot serve', async () => {
    pub = await publishFlvClip(engine.paths, { path: 'cam', clip, loops: Infinity });
    await waitFor(() => list().length === 2 && list()[0].state === 'retrying' && list()[1].state === 'failed', 'retrying + failed', 100, 50);
    const [rtmp, whip] = list();
    expect(rtmp).toMatchObject({ path: 'cam', dest: `rtmp://127.0.0.1:${closedPort}/live/cam`, bytesSent: 0 });
    expect(rtmp.lastError).toBe(`RTMP forward to 127.0.0.1:${closedPort}/live/cam: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(whip.lastError).toBe('forwarding to whip:// destinations is not supported');
    expect(Date.parse(whip.since)).not.toBeNaN();
  });

  it('follows a forward list change without cutting off the publisher', async () => {
    const cam = config.paths.cam;
    await engine.reload({ ...config, paths: { ...config.paths, cam: { ...cam, forward: cam.forward!.slice(0, 1) } } });
    expect(engine.paths.get('cam')?.ready).toBe(true);
    expect(list().map((f) => f.dest)).toEqual([`rtmp://127.0.0.1:${closedPort}/live/cam`]);
  });

  it('stops when the path is no longer ready', async () => {
    await pub!.stop();
    pub = undefined;
    await waitFor(() => list().length === 0, 'no forwards', 50, 50);
  });
});
