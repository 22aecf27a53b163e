// Record mode through the RTSP forward driver: a path of our engine is pushed with
// ANNOUNCE/SETUP/RECORD into another path of the same engine's RTSP server, over TCP and UDP,
// and ffprobe/FFmpeg read it back from there.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { PathReader } from '../../../src/main/engine/core';
import { forwardToRtsp } from '../../../src/main/engine/forward/rtsp-target';
import { CollectingLogger } from '../../fakes/logger';
import { decode, probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';

describe('RTSP record client (forward driver)', () => {
  let engine: Engine;
  let ports: TestPorts;
  const url = (path: string, userinfo = '') => `rtsp://${userinfo}127.0.0.1:${ports.rtsp}/${path}`;
  let readers: PathReader[] = [];

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({
      rtspAuthMethods: ['digest'],
      paths: { locked: { publishUser: 'pub', publishPass: 'S3cret-pub' }, all_others: {} },
    }));
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/in`);
    await waitFor(() => engine.paths.get('in')?.ready === true, 'in ready');
  });
  afterEach(() => {
    for (const r of readers) r.close();
    readers = [];
  });
  afterAll(async () => {
    await stopAll();
    await engine.stop();
  });

  async function readIn(): Promise<PathReader> {
    const r = await engine.paths.addReader({ path: 'in', query: '', ip: '127.0.0.1', protocol: 'internal', type: 'forwarder', id: `fwd-${Math.random()}`, session: { close: () => undefined } });
    if (!r.ok) throw new Error(r.message);
    readers.push(r.reader);
    return r.reader;
  }

  it.each(['tcp', 'udp'] as const)('pushes H.264 + AAC over %s; ffprobe reads it back and FFmpeg decodes it', async (transport) => {
    const out = `out-${transport}`;
    const ac = new AbortController();
    let bytes = 0;
    const done = forwardToRtsp({ dest: url(out), log: new CollectingLogger(), signal: ac.signal, reader: await readIn(), addBytes: (n) => (bytes += n) }, { transport });
    const failed = done.then(() => 'resolved', (e: Error) => e.message);
    await waitFor(async () => engine.paths.get(out)?.ready === true || (await Promise.race([failed, Promise.resolve(null)])) !== null, `${out} ready`);
    expect(engine.paths.get(out)?.ready).toBe(true);
    const p = await probe(url(out), ['-rtsp_transport', 'tcp']);
    expect(p.error).toBe('');
    expect(p.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(p.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
    const d = await decode(['-rtsp_transport', 'tcp', '-i', url(out)], 30);
    expect(d.errors).toBe('');
    expect(d.code).toBe(0);
    expect(bytes).toBeGreaterThan(10_000);
    ac.abort();
    await expect(done).resolves.toBeUndefined();
    await waitFor(() => engine.paths.get(out)?.ready !== true, `${out} not ready after stop`);
  });

  it('answers a Digest challenge with the credentials in the URL; a wrong password is a clear error', async () => {
    const log = new CollectingLogger();
    const ac = new AbortController();
    const done = forwardToRtsp({ dest: url('locked', 'pub:S3cret-pub@'), log, signal: ac.signal, reader: await readIn(), addBytes: () => undefined });
    await waitFor(() => engine.paths.get('locked')?.ready === true, 'locked ready');
    ac.abort();
    await done;
    const wrongLog = new CollectingLogger();
    const wrong = forwardToRtsp({ dest: url('locked', 'pub:nope-wrong@'), log: wrongLog, signal: new AbortController().signal, reader: await readIn(), addBytes: () => undefined });
    await expect(wrong).rejects.toThrow(`RTSP forward: 401 Unauthorized from 127.0.0.1:${ports.rtsp} (check the user and password in the forward destination URL)`);
    for (const text of [log.text(), wrongLog.text()]) {
      expect(text).not.toContain('S3cret-pub');
      expect(text).not.toContain('nope-wrong');
    }
  });
});
