// The sources service with real components: one engine serves a test stream over HLS (`cam`) and
// pulls it back into other paths with the HLS driver. Covers: status and lastError while the
// remote is down and recovery when it returns, sourceOnDemand start/close-after (also for a regex
// path whose source uses $G1), config reloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { probe, publishTestPattern, stopAll, waitFor, type Proc } from '../../helpers/ffmpeg';

describe('sources manager', () => {
  let engine: Engine;
  let ports: TestPorts;
  let config: Config;
  let publisher: Proc;
  const hlsUrl = (p: string) => `http://127.0.0.1:${ports.hls}/${p}/index.m3u8`;

  beforeAll(async () => {
    ({ engine, ports, config } = await startTestEngine({ hlsVariant: 'mpegts' }, (c, p) => {
      ports = p;
      c.paths = {
        pulled: { source: hlsUrl('cam') },
        ondemand: { source: hlsUrl('cam'), sourceOnDemand: true, sourceOnDemandCloseAfter: '1s' },
        '~^relay_(.+)$': { source: hlsUrl('$G1'), sourceOnDemand: true, sourceOnDemandCloseAfter: '1s' },
        all_others: {},
      } as Config['paths'];
    }));
    publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
    await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready');
  });
  afterAll(async () => {
    await stopAll();
    await engine?.stop();
  });

  it('keeps an always-on source pulled, reports the error while the remote is down, recovers', async () => {
    await waitFor(() => engine.paths.get('pulled')?.ready === true, 'pulled ready', 300);
    expect(engine.paths.get('pulled')!.sourceStatus).toMatchObject({ state: 'ready', attempts: 0 });

    publisher.kill();
    await publisher.exited;
    await waitFor(() => engine.paths.get('pulled')?.ready === false, 'pulled not ready', 300);
    await waitFor(() => engine.paths.get('pulled')?.sourceStatus?.lastError !== undefined, 'lastError', 300);
    const down = engine.paths.get('pulled')!;
    expect(down.sourceStatus!.state).toMatch(/retrying|connecting/);
    expect(down.sourceStatus!.lastError).toMatch(/HTTP 404|no new segment|remote ended/);
    // The control API shows the same (what the GUI reads).
    const api = (await (await fetch(`http://127.0.0.1:${ports.api}/v3/paths/get/pulled`)).json()) as typeof down;
    expect(api).toMatchObject({ name: 'pulled', ready: false, sourceStatus: { lastError: expect.any(String) } });

    publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
    await waitFor(() => engine.paths.get('pulled')?.ready === true, 'pulled ready again', 400);
    const up = engine.paths.get('pulled')!;
    expect(up.source?.type).toBe('hlsSource');
    expect(up.sourceStatus).toMatchObject({ state: 'ready', attempts: 0 });
    expect(up.sourceStatus!.lastError).toBeUndefined();
  }, 90_000);

  it('starts an on-demand source for the first reader and closes it after sourceOnDemandCloseAfter', async () => {
    await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready', 300);
    expect(engine.paths.get('ondemand')).toMatchObject({ ready: false, sourceStatus: { state: 'idle' } });
    const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/ondemand`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    // The reader left: the source closes after 1 s and the path is idle again.
    await waitFor(() => engine.paths.get('ondemand')?.sourceStatus?.state === 'idle', 'on-demand source closed', 100);
    expect(engine.paths.get('ondemand')!.ready).toBe(false);
  }, 60_000);

  it('pulls an on-demand source of a regex path with its groups filled in ($G1), then forgets it', async () => {
    const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/relay_cam`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    await waitFor(() => engine.paths.get('relay_cam') === null, 'regex path forgotten after close-after', 100);
  }, 60_000);

  it('follows config reloads: added, changed and removed sources', async () => {
    const added = { ...config, paths: { ...config.paths, extra: { source: hlsUrl('cam') } } } as Config;
    await engine.reload(added);
    await waitFor(() => engine.paths.get('extra')?.ready === true, 'extra ready', 300);

    const changed = { ...added, paths: { ...added.paths, extra: { source: hlsUrl('nothing-here') } } } as Config;
    await engine.reload(changed);
    await waitFor(() => /HTTP 404/.test(engine.paths.get('extra')?.sourceStatus?.lastError ?? ''), 'changed source fails', 300);
    expect(engine.paths.get('extra')!.ready).toBe(false);

    await engine.reload(config);
    await waitFor(() => engine.paths.get('extra') === null, 'extra removed', 100);
    expect(engine.paths.get('pulled')?.ready).toBe(true);
  }, 60_000);
});
