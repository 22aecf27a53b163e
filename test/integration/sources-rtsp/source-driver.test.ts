// The rtsp source driver with the real path manager: it pulls a path of our RTSP server and
// publishes it on another path, which ffprobe then reads; credentials (Digest) come from the
// URL and never reach the log; stopping resolves, the remote going away rejects with why.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { PathConf, PathPublisher } from '../../../src/main/engine/core';
import { rtspSourceDriver } from '../../../src/main/engine/sources/rtsp-source';
import { defaultConfig } from '../../../src/shared/config';
import { CollectingLogger } from '../../fakes/logger';
import { probe, publishTestPattern, stopAll, waitFor, type Proc } from '../../helpers/ffmpeg';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';

describe('rtspSourceDriver', () => {
  let engine: Engine;
  let ports: TestPorts;
  let publisherProc: Proc;
  const url = (path: string, userinfo = '') => `rtsp://${userinfo}127.0.0.1:${ports.rtsp}/${path}`;
  let publishers: PathPublisher[] = [];

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({
      rtspAuthMethods: ['digest'],
      paths: { cam: { readUser: 'viewer', readPass: 'Very-Secret-9' }, all_others: {} },
    }));
    publisherProc = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
    await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready');
  });
  afterEach(() => {
    for (const p of publishers) p.close();
    publishers = [];
  });
  afterAll(async () => {
    await stopAll();
    await engine.stop();
  });

  async function run(source: string, target: string, conf: Partial<PathConf>, signal: AbortSignal, log = new CollectingLogger()) {
    const r = await engine.paths.addPublisher({ path: target, query: '', ip: '127.0.0.1', protocol: 'internal', type: 'rtspSource', id: `src-${target}`, session: { close: () => undefined } });
    if (!r.ok) throw new Error(r.message);
    publishers.push(r.publisher);
    let bytes = 0;
    const done = rtspSourceDriver({
      url: source, conf: { ...defaultConfig().pathDefaults, ...conf, source }, log, signal,
      publish: (tracks) => r.publisher.setTracks(tracks),
      addBytes: (n) => (bytes += n),
    });
    return { done, bytes: () => bytes, log };
  }

  it.each(['tcp', 'udp'] as const)('pulls with Digest credentials over %s and the copy is readable', async (rtspTransport) => {
    const ac = new AbortController();
    const target = `copy-${rtspTransport}`;
    const s = await run(url('cam', 'viewer:Very-Secret-9@'), target, { rtspTransport }, ac.signal);
    await waitFor(() => engine.paths.get(target)?.ready === true, `${target} ready`);
    const p = await probe(url(target), ['-rtsp_transport', 'tcp']);
    expect(p.error).toBe('');
    expect(p.streams.map((x) => x.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(s.bytes()).toBeGreaterThan(10_000);
    ac.abort();
    await expect(s.done).resolves.toBeUndefined();
    expect(s.log.text()).not.toContain('Very-Secret-9');
  });

  it('rejects with a clear 401 error for a wrong password, without logging it', async () => {
    const s = await run(url('cam', 'viewer:Wrong-Pass-1@'), 'copy-401', {}, new AbortController().signal);
    await expect(s.done).rejects.toThrow(`RTSP source: 401 Unauthorized from 127.0.0.1:${ports.rtsp} (check the user and password in the source URL)`);
    expect(s.log.text()).not.toContain('Wrong-Pass-1');
  });

  it('rejects with 404 for an unknown path', async () => {
    const s = await run(url('nothing-here'), 'copy-404', {}, new AbortController().signal);
    await expect(s.done).rejects.toThrow(`RTSP source: 404 Not Found from 127.0.0.1:${ports.rtsp} (check the path in the source URL)`);
  });

  it('refuses rtspTransport multicast with an explanation', async () => {
    const s = await run(url('cam'), 'copy-mc', { rtspTransport: 'multicast' }, new AbortController().signal);
    await expect(s.done).rejects.toThrow(/multicast is not supported/);
  });

  it('rejects when the remote publisher goes away', async () => {
    const s = await run(url('cam', 'viewer:Very-Secret-9@'), 'copy-end', { rtspTransport: 'tcp' }, new AbortController().signal);
    await waitFor(() => engine.paths.get('copy-end')?.ready === true, 'copy-end ready');
    publisherProc.kill();
    await expect(s.done).rejects.toThrow(new RegExp(`RTSP source: .*127\\.0\\.0\\.1:${ports.rtsp}`));
  });
});
