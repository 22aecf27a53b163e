// Acceptance (issue 8): `forward` to nginx-rtmp on loopback. ffprobe reads the stream from nginx;
// killing nginx and starting it again on the same port resumes forwarding. State and bytes show
// in /v3/paths/forward/list and in the metrics.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { ForwardInfo, Paginated } from '../../../src/shared/api';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { probe, waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';
import { RtmpPlayer } from '../../../src/main/engine/clients/rtmp';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../../../src/main/engine/protocols/h265/hvcc';
import { H265NalType } from '../../../src/main/engine/protocols/h265/nal-units';
import type { Track, VideoTrack } from '../../../src/main/engine/protocols/media/types';
import { rtmpFixture } from '../../fixtures/rtmp/load';
import { startTestNginx, type TestNginx } from './nginx';

const nginx = await startTestNginx();

describe.skipIf(typeof nginx === 'string')('forward to nginx-rtmp', () => {
  const ng = nginx as TestNginx;
  let engine: Engine;
  let ports: TestPorts;
  let dir: string;
  let pub: FlvPublication;
  let clip: FlvClip;

  const forwards = async (): Promise<ForwardInfo[]> => {
    const res = await fetch(`http://127.0.0.1:${ports.api}/v3/paths/forward/list`);
    return ((await res.json()) as Paginated<ForwardInfo>).items;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-forward-nginx-'));
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    ({ engine, ports } = await startTestEngine({
      metrics: true,
      paths: {
        cam: { forward: [{ dest: `${ng.app}/cam?user=u&pass=Secret-Pw`, destFingerprint: '', whipBearerToken: '' }] },
        hevc: { forward: [{ dest: `${ng.app}/hevc`, destFingerprint: '', whipBearerToken: '' }] },
        all_others: {},
      },
    }));
    pub = await publishFlvClip(engine.paths, { path: 'cam', clip, loops: Infinity });
  });
  afterAll(async () => {
    await pub?.stop();
    await engine?.stop();
    await ng.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes the path to nginx, where ffprobe reads it', async () => {
    await waitFor(async () => (await forwards())[0]?.state === 'running', 'forward running', 100, 100);
    const [f] = await forwards();
    expect(await forwards()).toHaveLength(1);
    expect(f).toMatchObject({ path: 'cam', state: 'running', lastError: null });
    expect(f.dest).toBe(`${ng.app}/cam?user=u&pass=***`);
    const r = await probe(`${ng.app}/cam`);
    expect(r.error).toBe('');
    expect(r.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect((await forwards())[0].bytesSent).toBeGreaterThan(f.bytesSent);
    // The forwarder shows as a reader of the path.
    expect(engine.paths.get('cam')?.readers).toContainEqual(expect.objectContaining({ type: 'forward' }));
  });

  it('reports bytes and state in the metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
    expect(text).toMatch(/forward_bytes_sent\{path="cam",dest="rtmp:\/\/127\.0\.0\.1:\d+\/live\/cam\?user=u&pass=\*\*\*"\} [1-9]\d*/);
    expect(text).toMatch(/forward_state\{path="cam",dest="[^"]+",state="running"\} 1/);
    expect(text).not.toContain('Secret-Pw');
  });

  it('leaves out H.265 for a server without Enhanced RTMP and forwards the rest', async () => {
    const hvcc = parseHevcDecoderConfig(rtmpFixture('h265.hvcC.bin'));
    const h265: VideoTrack = {
      kind: 'video', codec: 'H265', clockRate: 90000,
      vps: hevcConfigNalu(hvcc, H265NalType.Vps), sps: hevcConfigNalu(hvcc, H265NalType.Sps), pps: hevcConfigNalu(hvcc, H265NalType.Pps),
    };
    // H.265 (no frames needed) + the clip's AAC audio.
    const tracks: Track[] = [h265, clip.tracks[1]];
    const audioOnly = { tracks, units: clip.units.filter((u) => u.track === 1), durationMs: clip.durationMs };
    const hevcPub = await publishFlvClip(engine.paths, { path: 'hevc', clip: audioOnly, loops: Infinity, id: 'hevc-publisher' });
    try {
      await waitFor(async () => (await forwards()).find((f) => f.path === 'hevc')?.state === 'running', 'hevc forward running', 100, 100);
      const messages = engine.log.recent(5000).map((e) => e.message).join('\n');
      expect(messages).toContain('not forwarding track 0 (video H265): the server did not announce Enhanced RTMP support for hvc1 in its connect result');
      expect(messages).toMatch(/publishing to 127\.0\.0\.1:\d+\/live\/hevc \(own chunks, stream id 1\)/);
      let got: Track[] = [];
      const player = await RtmpPlayer.open(`${ng.app}/hevc`, { tracks: (t) => { got = t; }, unit: () => undefined });
      await waitFor(() => got.length > 0, 'tracks from nginx', 100, 100);
      expect(got.map((t) => t.codec)).toEqual(['AAC']);
      player.close();
    } finally {
      await hevcPub.stop();
    }
  });

  it('retries while nginx is down and resumes when it is back on the same port', async () => {
    await ng.kill();
    await waitFor(async () => (await forwards())[0]?.state === 'retrying', 'forward retrying', 100, 100);
    expect((await forwards())[0].lastError).toMatch(/^RTMP forward to 127\.0\.0\.1:\d+\/live\/cam: /);
    await ng.restart();
    await waitFor(async () => (await forwards())[0]?.state === 'running', 'forward running again', 150, 100);
    const r = await probe(`${ng.app}/cam`);
    expect(r.error).toBe('');
    expect(r.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('stops forwarding when the path is no longer ready', async () => {
    await pub.stop();
    await waitFor(async () => (await forwards()).length === 0, 'forward gone', 50, 100);
  });
});
