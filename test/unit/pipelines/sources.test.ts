// Argument builders: exact shapes for each OS, and the ones this machine can run are run by the
// real FFmpeg into a temp file to prove FFmpeg accepts them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cameraArgs, desktopCaptureArgs, desktopCaptureMethods, fitsRtmp, mediaFileArgs, parseInputStreams, probeMediaFile, testPatternArgs,
} from '../../../src/main/engine/pipelines/sources';

const FFMPEG = '/usr/bin/ffmpeg';
const run = promisify(execFile);
const out = { url: 'rtmp://127.0.0.1:1935/test', width: 640, height: 360, fps: 30, bitrateKbps: 800, encoder: 'libx264' as const };
let tmp: string;

beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'relaybox-src-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs builder output for `seconds` with the RTMP URL replaced by a file; returns the streams FFmpeg wrote. */
async function runInto(args: string[], seconds: number): Promise<string> {
  const file = join(tmp, `out-${Math.random().toString(36).slice(2)}.flv`);
  const a = args.map((x) => (x === out.url ? file : x));
  await run(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-t', String(seconds), ...a.slice(0, -1), '-t', String(seconds), a[a.length - 1]], { timeout: 30_000 });
  const { stderr } = await run(FFMPEG, ['-hide_banner', '-nostdin', '-i', file], { timeout: 10_000 }).catch((e: { stderr: string }) => ({ stderr: e.stderr }));
  return stderr;
}

describe('test pattern', () => {
  it('testsrc2 + sine, paced, 1 s GOP, with a clock when drawtext exists', () => {
    const a = testPatternArgs({ ...out, drawtext: true });
    expect(a.slice(0, 10)).toEqual(['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000']);
    expect(a[a.indexOf('-vf') + 1]).toMatch(/^drawtext=.*localtime/);
    expect(a.slice(-5)).toEqual(['-f', 'flv', '-flvflags', 'no_duration_filesize', out.url]);
    expect(testPatternArgs({ ...out, drawtext: false }).join(' ')).not.toContain('drawtext');
  });

  it('is accepted by the real FFmpeg, with and without the clock', async () => {
    for (const drawtext of [true, false]) {
      const info = await runInto(testPatternArgs({ ...out, drawtext }).filter((x) => x !== '-re'), 0.5);
      expect(info).toMatch(/Video: h264 .*640x360/);
      expect(info).toMatch(/Audio: aac .*48000 Hz/);
    }
  });
});

describe('media file', () => {
  it('parses the streams FFmpeg prints, ignoring cover art', () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':",
      '  Stream #0:0[0x1](und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv), 1920x1080, 4000 kb/s, 30 fps',
      '  Stream #0:1[0x2](und): Audio: opus (Opus / 0x7375704F), 48000 Hz, stereo, fltp, 128 kb/s (default)',
    ].join('\n');
    expect(parseInputStreams(stderr)).toEqual({ video: 'hevc', audio: 'opus' });
    expect(parseInputStreams('  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 320 kb/s\n  Stream #0:1: Video: mjpeg (Baseline), yuvj420p, 600x600, 90k tbn (attached pic)'))
      .toEqual({ video: null, audio: 'mp3' });
  });

  it('copies H.264/AAC, encodes anything else', () => {
    expect(fitsRtmp({ video: 'h264', audio: 'aac' })).toBe(true);
    expect(fitsRtmp({ video: 'h264', audio: null })).toBe(true);
    expect(fitsRtmp({ video: 'hevc', audio: 'aac' })).toBe(false);
    expect(fitsRtmp({ video: null, audio: null })).toBe(false);
    const copy = mediaFileArgs({ ...out, file: '/m/a b.mp4', loop: true, streams: { video: 'h264', audio: 'aac' } });
    expect(copy).toEqual(['-re', '-stream_loop', '-1', '-i', '/m/a b.mp4', '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', '-f', 'flv', '-flvflags', 'no_duration_filesize', out.url]);
    const once = mediaFileArgs({ ...out, file: '/m/a.mkv', loop: false, streams: { video: 'hevc', audio: 'opus' } });
    expect(once.slice(0, 3)).toEqual(['-re', '-i', '/m/a.mkv']);
    expect(once).toContain('libx264');
    expect(once).toContain('aac');
    const audioOnly = mediaFileArgs({ ...out, file: '/m/a.mp3', loop: false, streams: { video: null, audio: 'mp3' } });
    expect(audioOnly).toContain('aac');
    expect(audioOnly).not.toContain('-vf');
  });

  it('the encode path is accepted by the real FFmpeg (an H.265 + Opus clip becomes H.264 + AAC)', async () => {
    const clip = join(tmp, 'hevc.mkv');
    await run(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine',
      '-t', '1', '-c:v', 'libx265', '-x265-params', 'log-level=error', '-c:a', 'libopus', '-y', clip], { timeout: 30_000 });
    const streams = await probeMediaFile(FFMPEG, clip);
    expect(streams).toEqual({ video: 'hevc', audio: 'opus' });
    const info = await runInto(mediaFileArgs({ ...out, file: clip, loop: false, streams: streams as { video: string; audio: string } }).filter((x) => x !== '-re'), 1);
    expect(info).toMatch(/Video: h264 .*640x360/);
    expect(info).toMatch(/Audio: aac/);
    expect(await probeMediaFile(FFMPEG, join(tmp, 'missing.mp4'))).toEqual({ error: expect.stringContaining('No such file or directory') });
  });
});

describe('desktop capture', () => {
  const caps = (filters: string[], inputDevices: string[]) => ({ filters, inputDevices });

  it('chooses ddagrab then gdigrab on Windows, x11grab on Linux, avfoundation on macOS', () => {
    expect(desktopCaptureMethods('win32', caps(['ddagrab'], ['gdigrab', 'dshow']))).toEqual(['ddagrab', 'gdigrab']);
    expect(desktopCaptureMethods('win32', caps([], ['gdigrab', 'dshow']))).toEqual(['gdigrab']);
    expect(desktopCaptureMethods('linux', caps([], ['x11grab', 'v4l2']))).toEqual(['x11grab']);
    expect(desktopCaptureMethods('linux', caps([], ['v4l2']))).toEqual([]);
    expect(desktopCaptureMethods('darwin', caps([], ['avfoundation']))).toEqual(['avfoundation']);
  });

  it.each([
    ['ddagrab', ['-f', 'lavfi', '-i', 'ddagrab=output_idx=1:framerate=30:draw_mouse=1,hwdownload,format=bgra']],
    ['gdigrab', ['-f', 'gdigrab', '-framerate', '30', '-draw_mouse', '1', '-i', 'desktop']],
    ['x11grab', ['-f', 'x11grab', '-framerate', '30', '-draw_mouse', '1', '-i', ':1.0']],
    ['avfoundation', ['-f', 'avfoundation', '-framerate', '30', '-capture_cursor', '1', '-pixel_format', 'nv12', '-i', '1:none']],
  ] as const)('%s input', (method, input) => {
    const a = desktopCaptureArgs({ ...out, method, screen: 1, display: ':1.0' });
    expect(a.slice(0, input.length)).toEqual(input);
    expect(a).not.toContain('-re');
    expect(a[a.indexOf('-vf') + 1]).toMatch(/^scale=640:360:force_original_aspect_ratio=decrease,pad=640:360/);
    expect(a.at(-1)).toBe(out.url);
  });

  it('x11grab region', () => {
    const a = desktopCaptureArgs({ ...out, method: 'x11grab', display: ':0', region: { width: 800, height: 600, x: 10, y: 20 } });
    expect(a.slice(0, 10)).toEqual(['-f', 'x11grab', '-framerate', '30', '-draw_mouse', '1', '-video_size', '800x600', '-i', ':0+10,20']);
  });
});

describe('camera + microphone', () => {
  it('dshow opens camera and mic as one input, by name or alternative name', () => {
    const a = cameraArgs({ ...out, camera: { backend: 'dshow', id: 'USB2.0 高清摄像头', captureFps: 30, captureSize: { width: 1280, height: 720 } }, mic: { backend: 'dshow', id: '@device_cm_{33D9A762}\\wave_{6A3B}' } });
    expect(a.slice(0, 10)).toEqual(['-f', 'dshow', '-rtbufsize', '256M', '-framerate', '30', '-video_size', '1280x720', '-i', 'video=USB2.0 高清摄像头:audio=@device_cm_{33D9A762}\\wave_{6A3B}']);
    expect(a.slice(10, 14)).toEqual(['-map', '0:v:0', '-map', '0:a:0']);
  });

  it('v4l2 + pulse are two inputs', () => {
    const a = cameraArgs({ ...out, camera: { backend: 'v4l2', id: '/dev/video2' }, mic: { backend: 'pulse', id: 'alsa_input.usb-046d.analog-stereo' } });
    expect(a.slice(0, 10)).toEqual(['-f', 'v4l2', '-i', '/dev/video2', '-f', 'pulse', '-i', 'alsa_input.usb-046d.analog-stereo', '-map', '0:v:0']);
    expect(a.slice(10, 12)).toEqual(['-map', '1:a:0']);
  });

  it('avfoundation "video:audio" indexes; camera only; mic only', () => {
    expect(cameraArgs({ ...out, camera: { backend: 'avfoundation', id: '0' }, mic: { backend: 'avfoundation', id: '2' } }).slice(0, 4)).toEqual(['-f', 'avfoundation', '-i', '0:2']);
    const camOnly = cameraArgs({ ...out, camera: { backend: 'v4l2', id: '/dev/video0' } });
    expect(camOnly).not.toContain('-c:a');
    const micOnly = cameraArgs({ ...out, mic: { backend: 'alsa', id: 'hw:CARD=PCH,DEV=0' } });
    expect(micOnly).toEqual(['-f', 'alsa', '-i', 'hw:CARD=PCH,DEV=0', '-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-f', 'flv', '-flvflags', 'no_duration_filesize', out.url]);
    expect(() => cameraArgs({ ...out })).toThrow(/choose a camera/);
  });
});
