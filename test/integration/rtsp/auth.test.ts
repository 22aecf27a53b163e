// RTSP credentials with real clients: userinfo in the URL, answered as Basic or Digest per
// rtspAuthMethods; missing or wrong credentials get 401 and FFmpeg gives up.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { execFileSync } from 'node:child_process';
import { probe, publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import { testConfig, type TestPorts } from '../../helpers/engine';

const hasGst = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v gst-launch-1.0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.each([['basic'], ['digest']] as const)('RTSP credentials (%s)', (method) => {
  let engine: Engine;
  let ports: TestPorts;
  const url = (userinfo: string, path: string) => `rtsp://${userinfo}127.0.0.1:${ports.rtsp}/${path}`;

  beforeAll(async () => {
    const t = await testConfig({
      rtspAuthMethods: [method],
      paths: { secure: { readUser: 'bob', readPass: 'Hunter2', publishUser: 'cam', publishPass: 'Pub-Secret' }, all_others: {} },
    });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterEach(async () => {
    await stopAll();
    // The server learns of the killed publisher from its socket a moment later: the next test
    // must not mistake the old publisher's "ready" for its own.
    await waitFor(() => engine.paths.get('secure')?.ready !== true, 'previous publisher gone');
  });
  afterAll(async () => { await stopAll(); await engine.stop(); });

  it('publishes and reads with the right credentials, refuses others with 401', async () => {
    publishTestPattern(url('cam:Pub-Secret@', 'secure'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get('secure')?.ready === true, 'secure ready');
    const ok = await probe(url('bob:Hunter2@', 'secure'), ['-rtsp_transport', 'tcp']);
    expect(ok.error).toBe('');
    expect(ok.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const none = await probe(url('', 'secure'), ['-rtsp_transport', 'tcp']);
    expect(none.code).not.toBe(0);
    expect(none.error).toMatch(/401/);
    const wrong = await probe(url('bob:wrong@', 'secure'), ['-rtsp_transport', 'tcp']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.error).toMatch(/401/);
  });
  it.skipIf(!hasGst)('lets GStreamer read with credentials in the URL', async () => {
    publishTestPattern(url('cam:Pub-Secret@', 'secure'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get('secure')?.ready === true, 'secure ready');
    const g = run('gst-launch-1.0', ['-v', 'rtspsrc', `location=${url('bob:Hunter2@', 'secure')}`, 'protocols=tcp', '!', 'fakesink', 'silent=false']);
    let out = '';
    g.child.stdout!.removeAllListeners('data');
    g.child.stdout!.setEncoding('utf8');
    g.child.stdout!.on('data', (d: string) => { if (out.length < 1_000_000) out += d; });
    const buffers = () => out.split('\n').filter((l) => l.includes('chain')).length;
    // Bounded wait: GStreamer's start-up (and the 401 round trip) is slow on a loaded machine.
    await waitFor(() => buffers() > 20 || g.child.exitCode !== null, 'GStreamer buffers', 100, 100).catch(() => undefined);
    g.kill('SIGINT');
    await g.exited;
    expect(buffers(), out.slice(0, 2000) + g.stderr()).toBeGreaterThan(20);
  });
});
