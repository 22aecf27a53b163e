// Acceptance (issue 8): a path with `source: rtmp://127.0.0.1:OTHER/test` pulls from a second
// engine; ffprobe reads it locally over RTMP and RTSP; the remote stopping makes the path not
// ready, and it recovers when the remote is back. Credentials in the source URL stay out of logs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { probe, waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';

const SECRET = 'Read-Secret-42';

describe('source: rtmp://', () => {
  let local: Engine;
  let remote: Engine;
  let lp: TestPorts;
  let dir: string;
  let clip: FlvClip;
  let pub: FlvPublication | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-rtmp-source-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    const r = await testConfig({ paths: { test: { readUser: 'viewer', readPass: SECRET }, all_others: {} } });
    remote = createEngine({ config: r.config });
    await remote.start();
    pub = await publishFlvClip(remote.paths, { path: 'test', clip, loops: Infinity });
    const l = await testConfig({
      paths: {
        pulled: { source: `rtmp://127.0.0.1:${r.ports.rtmp}/test?user=viewer&pass=${SECRET}` },
        denied: { source: `rtmp://127.0.0.1:${r.ports.rtmp}/test?user=viewer&pass=Wrong-Pass-7` },
        all_others: {},
      },
    });
    lp = l.ports;
    local = createEngine({ config: l.config });
    await local.start();
  });
  afterAll(async () => {
    await pub?.stop();
    await local?.stop();
    await remote?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('pulls the remote path; ffprobe reads it locally over RTMP and RTSP', async () => {
    await waitFor(() => local.paths.get('pulled')?.ready === true, 'pulled ready', 100, 100);
    const info = local.paths.get('pulled')!;
    expect(info.tracks).toEqual(['H264', 'MPEG-4 Audio']);
    expect(info.source).toMatchObject({ type: 'rtmpSource' });
    const viaRtmp = await probe(`rtmp://127.0.0.1:${lp.rtmp}/pulled`);
    expect(viaRtmp.error).toBe('');
    expect(viaRtmp.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const viaRtsp = await probe(`rtsp://127.0.0.1:${lp.rtsp}/pulled`, ['-rtsp_transport', 'tcp']);
    expect(viaRtsp.error).toBe('');
    expect(viaRtsp.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(local.paths.get('pulled')!.bytesReceived).toBeGreaterThan(10_000);
  });

  it('reports a refused source with the server status and never logs the password', async () => {
    await waitFor(() => local.paths.get('denied')?.sourceStatus?.lastError !== undefined, 'denied lastError', 100, 100);
    expect(local.paths.get('denied')?.sourceStatus?.lastError).toMatch(/^RTMP source 127\.0\.0\.1:\d+\/test refused: NetConnection\.Connect\.Rejected/);
    const logs = [...local.log.recent(5000), ...remote.log.recent(5000)].map((e) => e.message).join('\n');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('Wrong-Pass-7');
  });

  it('goes not ready when the remote stops and recovers when it is back', async () => {
    await pub!.stop();
    pub = undefined;
    await waitFor(() => local.paths.get('pulled')?.ready === false, 'pulled not ready', 100, 100);
    expect(local.paths.get('pulled')?.sourceStatus?.lastError).toMatch(/remote stream ended|StreamNotFound|closed/);
    pub = await publishFlvClip(remote.paths, { path: 'test', clip, loops: Infinity });
    await waitFor(() => local.paths.get('pulled')?.ready === true, 'pulled ready again', 150, 100);
    const again = await probe(`rtmp://127.0.0.1:${lp.rtmp}/pulled`);
    expect(again.error).toBe('');
    expect(again.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });
});
