// Forward from one Relaybox engine to another over RTMP and RTSP (the native clients, no
// FFmpeg): the copies are readable on the second engine, credentials in the URL work and never
// reach a log line, a refusal is reported with the server's status code, and a config reload
// that removes a destination stops it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { ForwardManager } from '../../../src/main/engine/forward';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { probe, waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';

const SECRET = 'Pub-Secret-71';
const target = (dest: string) => ({ dest, destFingerprint: '', whipBearerToken: '' });

describe('forward between two engines', () => {
  let local: Engine;
  let remote: Engine;
  let rp: TestPorts;
  let dir: string;
  let clip: FlvClip;
  const pubs: FlvPublication[] = [];
  let localConfig: Config;

  const forward = (dest: string) => local.service<ForwardManager>('forward')!.list().find((f) => f.dest.includes(dest));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-forward-engines-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    ({ engine: remote, ports: rp } = await startTestEngine({
      paths: {
        locked: { publishUser: 'pub', publishPass: SECRET },
        busy: { overridePublisher: false },
        all_others: {},
      },
    }));
    pubs.push(await publishFlvClip(remote.paths, { path: 'busy', clip, loops: Infinity, id: 'busy-publisher' }));

    ({ engine: local, config: localConfig } = await startTestEngine({
      paths: {
        cam: {
          forward: [
            target(`rtmp://127.0.0.1:${rp.rtmp}/copy`),
            target(`rtsp://127.0.0.1:${rp.rtsp}/copyrtsp`),
            target(`rtmp://127.0.0.1:${rp.rtmp}/locked?user=pub&pass=${SECRET}`),
            target(`rtmp://127.0.0.1:${rp.rtmp}/busy`),
          ],
        },
        all_others: {},
      },
    }));
    pubs.push(await publishFlvClip(local.paths, { path: 'cam', clip, loops: Infinity }));
  });
  afterAll(async () => {
    for (const p of pubs) await p.stop();
    await local?.stop();
    await remote?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('forwards over RTMP: the copy is ready and readable on the other engine', async () => {
    await waitFor(() => remote.paths.get('copy')?.ready === true, 'copy ready on the remote', 100, 100);
    expect(remote.paths.get('copy')?.tracks).toEqual(['H264', 'MPEG-4 Audio']);
    const r = await probe(`rtmp://127.0.0.1:${rp.rtmp}/copy`);
    expect(r.error).toBe('');
    expect(r.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(forward('/copy')).toMatchObject({ state: 'running', lastError: null });
    // Stream id 1 and the server's chunk size: the chunks are the ones local RTMP readers get.
    expect(local.log.recent(1000).map((e) => e.message).join('\n')).toMatch(/publishing to 127\.0\.0\.1:\d+\/copy \(chunks shared with local RTMP readers\)/);
  });

  it('forwards over RTSP: the copy is ready and readable on the other engine', async () => {
    await waitFor(() => remote.paths.get('copyrtsp')?.ready === true, 'copyrtsp ready on the remote', 100, 100);
    const r = await probe(`rtsp://127.0.0.1:${rp.rtsp}/copyrtsp`, ['-rtsp_transport', 'tcp']);
    expect(r.error).toBe('');
    expect(r.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('publishes with the credentials of the URL query and never logs the password', async () => {
    await waitFor(() => remote.paths.get('locked')?.ready === true, 'locked ready on the remote', 100, 100);
    expect(forward('/locked')?.dest).toBe(`rtmp://127.0.0.1:${rp.rtmp}/locked?user=pub&pass=***`);
    const logs = [...local.log.recent(5000), ...remote.log.recent(5000)].map((e) => e.message).join('\n');
    expect(logs).not.toContain(SECRET);
  });

  it('reports a refusal with the server status code and keeps retrying', async () => {
    await waitFor(() => forward('/busy')?.state === 'retrying', 'busy retrying', 100, 100);
    expect(forward('/busy')?.lastError).toMatch(
      new RegExp(`^RTMP forward to 127\\.0\\.0\\.1:${rp.rtmp}/busy refused: NetStream\\.Publish\\.BadName \\(.+\\)$`),
    );
    expect(remote.paths.get('busy')?.source).toMatchObject({ id: 'busy-publisher' });
  });

  it('follows a config reload that removes a destination', async () => {
    const cam = localConfig.paths.cam;
    await local.reload({ ...localConfig, paths: { ...localConfig.paths, cam: { ...cam, forward: cam.forward!.slice(1, 2) } } });
    // `forward` is a key the service follows itself: the publisher stays.
    expect(local.paths.get('cam')?.ready).toBe(true);
    await waitFor(() => forward('/copyrtsp')?.state === 'running', 'rtsp forward running', 100, 100);
    expect(local.service<ForwardManager>('forward')!.list().map((f) => f.dest)).toEqual([`rtsp://127.0.0.1:${rp.rtsp}/copyrtsp`]);
    await waitFor(() => remote.paths.get('copy')?.ready !== true, 'copy gone on the remote', 100, 100);
    await waitFor(() => remote.paths.get('copyrtsp')?.ready === true, 'copyrtsp ready on the remote', 100, 100);
  });
});
