// Real FFmpeg publishing into a real Relaybox engine through the supervisor (issue 7 acceptance).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { collectingLogger } from '../../../src/main/engine/log';
import { FfmpegSupervisor, type PipelineState } from '../../../src/main/engine/pipelines/supervisor';
import { probeMediaFile } from '../../../src/main/engine/pipelines/sources/probe-file';
import { mediaFileArgs } from '../../../src/main/engine/pipelines/sources/media-file';
import { testPatternArgs } from '../../../src/main/engine/pipelines/sources/test-pattern';
import { publishUrl } from '../../../src/main/engine/pipelines/presets';
import type { FfmpegStats } from '../../../src/main/engine/pipelines/progress';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { probe, stopAll, waitFor } from '../../helpers/ffmpeg';

const FFMPEG = '/usr/bin/ffmpeg';

describe('FfmpegSupervisor with a real engine', () => {
  let engine: Engine;
  let ports: TestPorts;
  let tmp: string;
  const running: FfmpegSupervisor[] = [];

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    tmp = mkdtempSync(join(tmpdir(), 'relaybox-pipe-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    await stopAll();
  });
  afterAll(async () => {
    await engine.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  function supervise(name: string, args: string[], log = collectingLogger('pipeline'), backoff = { initialMs: 300 }): FfmpegSupervisor {
    const s = new FfmpegSupervisor({ name, ffmpegPath: FFMPEG, args, log, backoff, quitGraceMs: 2000, termGraceMs: 1000 });
    running.push(s);
    return s;
  }

  const pattern = (path: string) => testPatternArgs({
    url: publishUrl(ports.rtmp, path), width: 640, height: 360, fps: 30, bitrateKbps: 800, encoder: 'libx264', drawtext: true,
  });

  it('publishes a 640x360@30 test pattern that ffprobe reads over RTMP, with live fps near 30', async () => {
    const s = supervise('test', pattern('test'));
    const stats: FfmpegStats[] = [];
    s.on('stats', (st) => stats.push(st));
    s.start();
    await waitFor(() => s.state === 'running', 'running', 100);
    await waitFor(() => engine.paths.get('test')?.ready === true, 'path test ready', 100);
    const p = await probe(`rtmp://127.0.0.1:${ports.rtmp}/test`);
    const video = p.streams.find((x) => x.codec_type === 'video');
    expect(video, p.error).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(p.streams.find((x) => x.codec_type === 'audio')?.codec_name).toBe('aac');
    const fr = await frameRate(`rtmp://127.0.0.1:${ports.rtmp}/test`);
    expect(fr).toBeGreaterThan(27);
    expect(fr).toBeLessThan(33);
    // FFmpeg's fps is an average since start; after a few seconds it settles near the target.
    await waitFor(() => (stats.at(-1)?.outTimeMs ?? 0) > 4000, '4 s of output', 100);
    const last = stats.at(-1)!;
    expect(last.fps).toBeGreaterThan(27);
    expect(last.fps).toBeLessThan(33);
    expect(last.frame).toBeGreaterThan(90);
    expect(last.bitrateKbps).toBeGreaterThan(0);
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(s.snapshot().pid).toBeNull();
  });

  it('restarts FFmpeg after it is killed, and the log says why', async () => {
    const log = collectingLogger('pipeline');
    const s = supervise('killed', pattern('killed'), log);
    const states: PipelineState[] = [];
    s.on('state', (st) => states.push(st.state));
    s.start();
    await waitFor(() => engine.paths.get('killed')?.ready === true, 'path ready', 100);
    const pid = s.snapshot().pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => s.state === 'retrying', 'retrying', 50);
    expect(s.snapshot().reason).toContain('SIGKILL');
    await waitFor(() => s.state === 'running' && s.snapshot().pid !== pid, 'running again', 100);
    await waitFor(() => engine.paths.get('killed')?.ready === true, 'path back', 100);
    expect(states).toEqual(expect.arrayContaining(['starting', 'running', 'retrying']));
    expect(states.lastIndexOf('running')).toBeGreaterThan(states.indexOf('retrying'));
    expect(log.messages('warn').some((m) => /killed by SIGKILL.*restarting in 0\.3 s/.test(m))).toBe(true);
    expect(log.entries.some((e) => e.module === 'pipeline killed')).toBe(true);
  });

  it('ends in failed with FFmpeg\'s own error line when the arguments are wrong', async () => {
    const log = collectingLogger('pipeline');
    const url = `${publishUrl(ports.rtmp, 'bad')}?user=op&pass=hunter2`;
    const s = supervise('bad', ['-f', 'lavfi', '-i', 'nosuchsource=size=640x360', '-f', 'flv', url], log);
    const states: PipelineState[] = [];
    s.on('state', (st) => states.push(st.state));
    s.start();
    await waitFor(() => s.state === 'failed', 'failed', 100);
    expect(states).toEqual(['starting', 'failed']);
    expect(s.snapshot().reason).toMatch(/No such filter: 'nosuchsource'/);
    expect(log.messages('error').some((m) => m.includes("No such filter: 'nosuchsource'"))).toBe(true);
    // The command is logged, with the password redacted.
    expect(log.messages('info').some((m) => m.startsWith('starting: /usr/bin/ffmpeg -hide_banner -nostats -progress pipe:1 ') && m.includes('user=op'))).toBe(true);
    expect(log.entries.some((e) => e.message.includes('hunter2'))).toBe(false);
  });

  it('loops a file source and keeps the path ready across the loop boundary', async () => {
    const clip = join(tmp, 'clip.mp4');
    execFileSync(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000', '-t', '2', '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-shortest', '-y', clip]);
    const streams = await probeMediaFile(FFMPEG, clip);
    expect(streams).toEqual({ video: 'h264', audio: 'aac' });
    const args = mediaFileArgs({
      file: clip, loop: true, streams: streams as { video: string; audio: string }, url: publishUrl(ports.rtmp, 'file'),
      width: 320, height: 240, fps: 25, bitrateKbps: 500, encoder: 'libx264',
    });
    expect(args).toContain('copy');
    const s = supervise('file', args);
    const stats: FfmpegStats[] = [];
    s.on('stats', (st) => stats.push(st));
    s.start();
    await waitFor(() => engine.paths.get('file')?.ready === true, 'file path ready', 100);
    // Poll every 100 ms until the output is well past two loops of the 2 s clip.
    let notReady = 0;
    let polls = 0;
    while ((stats.at(-1)?.outTimeMs ?? 0) < 4500 && polls < 150) {
      if (engine.paths.get('file')?.ready !== true) notReady++;
      polls++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stats.at(-1)!.outTimeMs).toBeGreaterThan(4500);
    expect(notReady).toBe(0);
    expect(s.state).toBe('running');
    expect(s.snapshot().restarts).toBe(0);
  });
});

/** Average frame rate a reader measures over ~3 s of the stream (async: the engine shares this event loop). */
async function frameRate(url: string): Promise<number> {
  const { stdout: out } = await promisify(execFile)('ffprobe', ['-v', 'error', '-rw_timeout', '10000000', '-read_intervals', '%+3', '-select_streams', 'v:0',
    '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', url], { encoding: 'utf8', timeout: 20_000 });
  const t = out.split('\n').map(Number).filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  return (t.length - 1) / (t[t.length - 1] - t[0]);
}
