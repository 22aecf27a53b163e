// Capability parsing against this machine's real FFmpeg 5.1 listings (fixtures), plus the cache.
import { describe, expect, it } from 'vitest';
import {
  parseDeviceList, parseEncoderList, parseFilterList, parseProtocolList, probeCapabilities,
} from '../../../src/main/engine/pipelines/capabilities';
import { parseFfmpegVersion } from '../../../src/main/engine/pipelines/ffmpeg';
import { deviceFixture } from './fixture';

const cap = (k: string) => deviceFixture(`capabilities/debian-5.1-${k}.txt`);

describe('capability parsers (Debian FFmpeg 5.1)', () => {
  it('encoders: every row after the legend, none of the legend', () => {
    const enc = parseEncoderList(cap('encoders'));
    expect(enc).toEqual(expect.arrayContaining(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'aac', 'libopus', 'a64multi']));
    expect(enc).not.toContain('=');
    expect(enc).not.toContain('Video');
    const rows = cap('encoders').split('\n');
    const table = rows.slice(rows.indexOf(' ------') + 1).filter((l) => l.trim() !== '');
    expect(enc).toHaveLength(table.length);
  });

  it('devices: demuxers with aliases split, muxers apart', () => {
    const d = parseDeviceList(cap('devices'));
    expect(d.input).toEqual(expect.arrayContaining(['x11grab', 'video4linux2', 'v4l2', 'alsa', 'pulse', 'lavfi', 'kmsgrab', 'libcdio']));
    expect(d.input).not.toContain('xv');
    expect(d.output).toEqual(expect.arrayContaining(['alsa', 'pulse', 'sdl', 'sdl2', 'xv']));
    expect(d.output).not.toContain('x11grab');
    expect(d.input).not.toContain('D.');
  });

  it('protocols: input and output lists', () => {
    const p = parseProtocolList(cap('protocols'));
    expect(p.input).toEqual(expect.arrayContaining(['rtmp', 'rtmps', 'file', 'tcp', 'srt', 'pipe']));
    expect(p.output).toEqual(expect.arrayContaining(['rtmp', 'file', 'pipe', 'tee']));
    expect(p.input).not.toContain('Input:');
    expect(p.output).not.toContain('Output:');
  });

  it('filters: drawtext, testsrc2 and sine are there; legend lines are not', () => {
    const f = parseFilterList(cap('filters'));
    expect(f).toEqual(expect.arrayContaining(['drawtext', 'testsrc2', 'sine', 'scale', 'pad', 'fps', 'hwdownload']));
    expect(f).not.toContain('=');
    expect(f).not.toContain('ddagrab'); // FFmpeg 6+ on Windows only
  });

  it('version', () => {
    expect(parseFfmpegVersion(cap('version'))).toBe('5.1.9-0+deb12u1');
  });
});

describe('probeCapabilities on the real binary', () => {
  it('lists what the fixtures list, verifies hardware encoders, and caches per path', async () => {
    const a = await probeCapabilities('/usr/bin/ffmpeg');
    if ('error' in a) throw new Error(a.error);
    expect(a.encoders).toContain('libx264');
    expect(a.drawtext).toBe(true);
    expect(a.inputDevices).toContain('lavfi');
    expect(a.outputProtocols).toContain('rtmp');
    // This machine has no NVIDIA/Intel GPU: listed, but they must not count as working.
    expect(a.encoders).toContain('h264_nvenc');
    expect(a.workingHardwareH264).not.toContain('h264_nvenc');
    expect(await probeCapabilities('/usr/bin/ffmpeg')).toBe(a);
  });

  it('a missing binary is an error value', async () => {
    expect(await probeCapabilities('/nonexistent/ffmpeg')).toEqual({ error: expect.stringContaining('ENOENT') });
  });
});
