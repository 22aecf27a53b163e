// From stored definitions to FFmpeg arguments: encoder choice, desktop fallbacks, camera
// capture options, restream copy/transcode, and the local RTMP target.
import { describe, expect, it } from 'vitest';
import type { FfmpegCapabilities } from '../../../src/main/engine/pipelines/capabilities';
import { pipelineArgs } from '../../../src/main/engine/pipelines/pipeline-args';
import { localRtmpBase } from '../../../src/main/engine/pipelines/service';
import { defaultConfig } from '../../../src/shared/config';
import { PipelineDefSchema } from '../../../src/shared/pipelines';

const caps: FfmpegCapabilities = {
  encoders: ['libx264', 'h264_nvenc', 'aac'], workingHardwareH264: ['h264_nvenc'], inputDevices: ['x11grab', 'v4l2', 'gdigrab'],
  inputProtocols: [], outputProtocols: [], filters: ['ddagrab', 'drawtext'], drawtext: true,
};
const url = 'rtmp://127.0.0.1:1935/p';
const ctx = { ffmpegPath: '/usr/bin/ffmpeg', caps, url, platform: 'linux' as const, env: { DISPLAY: ':1' } };
const def = (d: unknown) => PipelineDefSchema.parse(d);
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('pipelineArgs', () => {
  it("'auto' picks a hardware encoder that opened, a named one is kept", async () => {
    expect(after((await pipelineArgs(def({ kind: 'testPattern' }), ctx)).args, '-c:v')).toBe('h264_nvenc');
    const x264 = (await pipelineArgs(def({ kind: 'testPattern', encoder: 'libx264', clock: false }), ctx)).args;
    expect(after(x264, '-c:v')).toBe('libx264');
    expect(x264.join(' ')).not.toContain('drawtext');
    // No bitrate given: the preset's suggestion for 720p30.
    expect(after(x264, '-b:v')).toBe('1900k');
  });

  it('desktop: auto tries every method this OS and FFmpeg offer, in order', async () => {
    const linux = await pipelineArgs(def({ kind: 'desktop' }), ctx);
    expect(after(linux.args, '-f')).toBe('x11grab');
    expect(after(linux.args, '-i')).toBe(':1');
    expect(linux.fallbackArgs).toEqual([]);
    const win = await pipelineArgs(def({ kind: 'desktop', screen: 1 }), { ...ctx, platform: 'win32' });
    expect(after(win.args, '-i')).toMatch(/^ddagrab=output_idx=1:/);
    expect(win.fallbackArgs.map((a) => after(a, '-f'))).toEqual(['gdigrab']);
    await expect(pipelineArgs(def({ kind: 'desktop' }), { ...ctx, platform: 'darwin' })).rejects.toThrow(/no desktop capture for darwin/);
  });

  it('camera: capture size and rate go to the device', async () => {
    const { args } = await pipelineArgs(def({
      kind: 'camera', camera: { backend: 'v4l2', id: '/dev/video0', captureWidth: 1280, captureHeight: 720, captureFps: 30 },
      mic: { backend: 'pulse', id: 'default' },
    }), ctx);
    expect(args.slice(0, 8)).toEqual(['-f', 'v4l2', '-framerate', '30', '-video_size', '1280x720', '-i', '/dev/video0']);
    expect(args.slice(8, 12)).toEqual(['-f', 'pulse', '-i', 'default']);
  });

  it('restream copies by default and encodes on request; optional streams either way', async () => {
    const copy = (await pipelineArgs(def({ kind: 'restream', input: 'srt://10.0.0.2:9000' }), ctx)).args;
    expect(copy).toEqual(['-i', 'srt://10.0.0.2:9000', '-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy', '-f', 'flv', '-flvflags', 'no_duration_filesize', url]);
    const enc = (await pipelineArgs(def({ kind: 'restream', input: 'udp://@:5000', transcode: true, encoder: 'libx264' }), ctx)).args;
    expect(enc.filter((a) => a.startsWith('0:'))).toEqual(['0:v:0', '0:a:0?']);
    expect(after(enc, '-c:a')).toBe('aac');
  });
});

describe('localRtmpBase', () => {
  it.each([
    [':1935', { host: '127.0.0.1', port: 1935 }],
    ['0.0.0.0:1936', { host: '127.0.0.1', port: 1936 }],
    ['192.168.1.5:1935', { host: '192.168.1.5', port: 1935 }],
    ['[::1]:1935', { host: '[::1]', port: 1935 }],
  ])('%s → %j', (rtmpAddress, want) => {
    expect(localRtmpBase({ ...defaultConfig(), rtmpAddress })).toEqual(want);
  });

  it('is null with RTMP off', () => {
    expect(localRtmpBase({ ...defaultConfig(), rtmp: false })).toBeNull();
  });
});
