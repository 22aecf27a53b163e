// Issue 7 acceptance through the control API: a test-pattern pipeline created with
// POST /v3/relaybox/pipelines/add/{name} publishes to `test`; ffprobe reads it over RTSP and
// RTMP with the configured size and frame rate; live stats report fps within 10 %; the
// definition lands in relaybox.settings.json beside the config (other sections kept), and
// stop/patch/delete/offline editing behave.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { RelayboxApiError, type RelayboxApi } from '../../../src/shared/api';
import { createHttpApi } from '../../../src/shared/http-client';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { stopAll, waitFor } from '../../helpers/ffmpeg';

interface Probed { codec_name: string; width?: number; height?: number; r_frame_rate?: string; avg_frame_rate?: string }

/** ffprobe of the first video stream: codec, size and frame rate. */
function probeVideo(url: string, extra: string[] = []): Promise<Probed | { error: string }> {
  return new Promise((resolve) => {
    execFile('ffprobe', ['-v', 'error', '-rw_timeout', '15000000', ...extra, '-select_streams', 'v:0',
      '-show_entries', 'stream=codec_name,width,height,r_frame_rate,avg_frame_rate', '-of', 'json', url],
    { timeout: 20_000 }, (err, stdout, stderr) => {
      const s = (JSON.parse(stdout || '{}') as { streams?: Probed[] }).streams?.[0];
      resolve(s ?? { error: String(stderr) || String(err) });
    });
  });
}

const rate = (r: string | undefined): number => {
  const [n, d] = (r ?? '0/1').split('/').map(Number);
  return d ? n / d : 0;
};

describe('pipelines API', () => {
  let engine: Engine;
  let ports: TestPorts;
  let api: RelayboxApi;
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-pipelines-'));
  const settingsFile = join(dir, 'relaybox.settings.json');
  const settings = () => JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown> & { pipelines: Record<string, { autoStart: boolean; width: number }> };

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    // The shell's section must survive pipeline edits.
    writeFileSync(settingsFile, JSON.stringify({ shell: { minimizeToTray: false } }));
    engine = createEngine({ config: t.config, configFile: join(dir, 'relaybox.yml') });
    await engine.start();
    api = createHttpApi({ baseUrl: `http://127.0.0.1:${ports.api}` });
  });

  afterAll(async () => {
    await engine?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a test pattern readable over RTSP and RTMP at the configured size and rate', async () => {
    const created = await api.addPipeline('test', { kind: 'testPattern', width: 640, height: 360, fps: 25, encoder: 'libx264', bitrateKbps: 600 });
    expect(created.path).toBe('test');
    expect(created.command).toMatch(/testsrc2=size=640x360:rate=25/);
    await waitFor(() => engine.paths.get('test')?.ready === true, 'test ready', 150);

    const rtsp = await probeVideo(`rtsp://127.0.0.1:${ports.rtsp}/test`, ['-rtsp_transport', 'tcp']);
    const rtmp = await probeVideo(`rtmp://127.0.0.1:${ports.rtmp}/test`);
    for (const p of [rtsp, rtmp]) {
      expect(p).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
      expect(rate((p as Probed).r_frame_rate)).toBe(25);
    }

    // Live stats: FFmpeg's own fps counter averages from its start, so give it a few seconds.
    await waitFor(async () => {
      const fps = (await api.listPipelines()).items[0]?.status.stats?.fps ?? 0;
      return Math.abs(fps - 25) <= 2.5;
    }, 'fps within 10 % of 25', 100);
    const [info] = (await api.listPipelines()).items;
    expect(info).toMatchObject({ name: 'test', status: { state: 'running' } });

    const stored = settings();
    expect(stored.shell).toEqual({ minimizeToTray: false });
    expect(stored.pipelines.test).toMatchObject({ kind: 'testPattern', width: 640, autoStart: true });
  }, 90_000);

  it('restreams any FFmpeg input into a path, copying the codecs', async () => {
    await api.addPipeline('copy', { kind: 'restream', input: `rtsp://127.0.0.1:${ports.rtsp}/test`, path: 'restreamed' });
    await waitFor(() => engine.paths.get('restreamed')?.ready === true, 'restreamed ready', 150);
    const p = await probeVideo(`rtsp://127.0.0.1:${ports.rtsp}/restreamed`, ['-rtsp_transport', 'tcp']);
    expect(p).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect((await api.listPipelines()).items.find((i) => i.name === 'copy')?.command).toMatch(/-c copy/);
    await api.deletePipeline('copy');
    await waitFor(() => engine.paths.get('restreamed')?.ready !== true, 'restreamed gone');
  }, 60_000);

  it('rejects invalid definitions and names with 400, unknown names with 404', async () => {
    await expect(api.addPipeline('bad', { kind: 'testPattern', width: 2 } as never)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/width/) });
    await expect(api.addPipeline('a/b', { kind: 'testPattern' })).rejects.toMatchObject({ status: 400 });
    await expect(api.addPipeline('test', { kind: 'testPattern' })).rejects.toMatchObject({ status: 409 });
    await expect(api.startPipeline('nope')).rejects.toBeInstanceOf(RelayboxApiError);
    await expect(api.startPipeline('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('patch restarts a running pipeline with the new definition; stop is remembered', async () => {
    const patched = await api.patchPipeline('test', { width: 320, height: 180 });
    expect(patched.command).toMatch(/size=320x180/);
    await waitFor(async () => {
      const p = await probeVideo(`rtsp://127.0.0.1:${ports.rtsp}/test`, ['-rtsp_transport', 'tcp']);
      return 'width' in p && p.width === 320;
    }, 'patched size', 30);
    const stopped = await api.stopPipeline('test');
    expect(stopped.status.state).toBe('stopped');
    await waitFor(() => engine.paths.get('test')?.ready !== true, 'test not ready');
    expect(settings().pipelines.test.autoStart).toBe(false);
  }, 60_000);

  it('lists and edits definitions while the server is stopped, but does not start them', async () => {
    await api.stopServer();
    const list = await api.listPipelines();
    expect(list.items.map((p) => [p.name, p.status.state])).toEqual([['test', 'stopped']]);
    await expect(api.startPipeline('test')).rejects.toMatchObject({ status: 409 });
    await api.patchPipeline('test', { fps: 15 });
    expect(settings().pipelines.test).toMatchObject({ fps: 15 });
    await api.startServer();
    await api.deletePipeline('test');
    expect(settings().pipelines).toEqual({});
    expect((await api.listPipelines()).items).toEqual([]);
  }, 30_000);

  it('reports FFmpeg capabilities and the device list', async () => {
    const caps = await api.getPipelineCapabilities();
    expect(caps.ffmpeg).toMatchObject({ version: expect.any(String) });
    expect(caps.encoders).toContain('libx264');
    const devices = await api.listCaptureDevices();
    expect(Array.isArray(devices.devices)).toBe(true);
  }, 60_000);
});
