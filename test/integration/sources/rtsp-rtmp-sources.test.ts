// Issue 8 acceptance through the sources service: a second engine serves `test`; paths with
// `source: rtsp://127.0.0.1:OTHER/test` (TCP and UDP) and `rtmp://…/test` pull it; ffprobe reads
// them locally; stopping the remote publisher makes them not ready with a lastError, and they
// recover when it returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { probe, publishTestPattern, stopAll, waitFor, type Proc } from '../../helpers/ffmpeg';

describe('RTSP and RTMP sources', () => {
  let remote: Engine;
  let local: Engine;
  let remotePorts: TestPorts;
  let ports: TestPorts;
  let publisher: Proc;
  const pulled = ['viaTcp', 'viaUdp', 'viaRtmp'];

  beforeAll(async () => {
    ({ engine: remote, ports: remotePorts } = await startTestEngine());
    ({ engine: local, ports } = await startTestEngine({
      paths: {
        viaTcp: { source: `rtsp://127.0.0.1:${remotePorts.rtsp}/test`, rtspTransport: 'tcp' },
        viaUdp: { source: `rtsp://127.0.0.1:${remotePorts.rtsp}/test`, rtspTransport: 'udp' },
        viaRtmp: { source: `rtmp://127.0.0.1:${remotePorts.rtmp}/test` },
      } as Config['paths'],
    }));
    publisher = publishTestPattern(`rtmp://127.0.0.1:${remotePorts.rtmp}/test`);
    await waitFor(() => remote.paths.get('test')?.ready === true, 'remote test ready');
  });
  afterAll(async () => {
    await stopAll();
    await local?.stop();
    await remote?.stop();
  });

  it('pulls over RTSP (TCP, UDP) and RTMP, shows the source type, and ffprobe reads each path', async () => {
    await waitFor(() => pulled.every((p) => local.paths.get(p)?.ready === true), 'pulled paths ready', 300);
    expect(local.paths.get('viaTcp')!.source?.type).toBe('rtspSource');
    expect(local.paths.get('viaRtmp')!.source?.type).toBe('rtmpSource');
    for (const p of pulled) {
      const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/${p}`, ['-rtsp_transport', 'tcp']);
      expect(error, p).toBe('');
      expect(streams.map((s) => s.codec_name).sort(), p).toEqual(['aac', 'h264']);
      expect(local.paths.get(p)!.bytesReceived).toBeGreaterThan(0);
    }
  }, 90_000);

  it('goes not ready with a lastError when the remote stops and recovers when it returns', async () => {
    publisher.kill();
    await publisher.exited;
    await waitFor(() => pulled.every((p) => local.paths.get(p)?.ready === false), 'pulled paths not ready', 300);
    await waitFor(() => pulled.every((p) => local.paths.get(p)?.sourceStatus?.lastError !== undefined), 'lastError on each', 300);
    publisher = publishTestPattern(`rtmp://127.0.0.1:${remotePorts.rtmp}/test`);
    await waitFor(() => pulled.every((p) => local.paths.get(p)?.ready === true), 'pulled paths ready again', 400);
    for (const p of pulled) expect(local.paths.get(p)!.sourceStatus).toMatchObject({ state: 'ready', attempts: 0 });
  }, 90_000);
});
