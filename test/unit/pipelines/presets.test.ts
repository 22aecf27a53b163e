import { describe, expect, it } from 'vitest';
import {
  aacEncodeArgs, chooseH264Encoder, formatCommand, h264EncodeArgs, publishUrl, suggestedBitrateKbps,
} from '../../../src/main/engine/pipelines/presets';

/** The value after `flag` in an argument list. */
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('chooseH264Encoder', () => {
  it('prefers working hardware encoders, else libx264', () => {
    expect(chooseH264Encoder([])).toBe('libx264');
    expect(chooseH264Encoder(['h264_qsv', 'h264_nvenc'])).toBe('h264_nvenc');
    expect(chooseH264Encoder(['h264_amf'])).toBe('h264_amf');
    expect(chooseH264Encoder(['h264_vaapi'])).toBe('libx264');
  });
});

describe('h264EncodeArgs', () => {
  it.each(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_videotoolbox'] as const)('%s: 1 s GOP and CBR limits', (encoder) => {
    const a = h264EncodeArgs({ encoder, fps: 30, bitrateKbps: 2500 });
    expect(after(a, '-c:v')).toBe(encoder);
    expect(after(a, '-g')).toBe('30');
    expect(after(a, '-keyint_min')).toBe('30');
    expect(after(a, '-b:v')).toBe('2500k');
    expect(after(a, '-maxrate')).toBe('2500k');
    expect(after(a, '-bufsize')).toBe('5000k');
  });

  it('libx264 is veryfast + zerolatency without scene-cut keyframes', () => {
    const a = h264EncodeArgs({ encoder: 'libx264', fps: 25, bitrateKbps: 1000 });
    expect(after(a, '-preset')).toBe('veryfast');
    expect(after(a, '-tune')).toBe('zerolatency');
    expect(after(a, '-sc_threshold')).toBe('0');
    expect(after(a, '-g')).toBe('25');
  });

  it('AAC 128k stereo 48 kHz by default', () => {
    expect(aacEncodeArgs()).toEqual(['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2']);
  });

  it('suggests sane bitrates', () => {
    expect(suggestedBitrateKbps(1280, 720, 30)).toBe(1900);
    expect(suggestedBitrateKbps(160, 120, 5)).toBe(300);
  });
});

describe('publishUrl', () => {
  it('builds a local RTMP URL and refuses path names Relaybox would reject', () => {
    expect(publishUrl(1935, 'test')).toBe('rtmp://127.0.0.1:1935/test');
    expect(publishUrl(19350, 'live/cam-1.main')).toBe('rtmp://127.0.0.1:19350/live/cam-1.main');
    expect(() => publishUrl(1935, '/lead')).toThrow(/pipeline path "\/lead"/);
    expect(() => publishUrl(1935, 'a b')).toThrow();
    expect(() => publishUrl(1935, 'x?user=a')).toThrow();
  });
});

describe('formatCommand', () => {
  it('quotes what a shell would split and redacts credentials', () => {
    const cmd = formatCommand('/usr/bin/ffmpeg', ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-vf', "drawtext=text='%{localtime\\:%X}'",
      '-f', 'flv', 'rtmp://127.0.0.1:1935/cam?user=bob&pass=hunter2', '-i', 'rtsp://alice:s3cret@cam.local/stream', '-i', 'C:\\My Videos\\a.mp4']);
    expect(cmd).toContain('/usr/bin/ffmpeg -f lavfi -i testsrc2=size=640x360:rate=30 ');
    expect(cmd).toContain(`-vf 'drawtext=text='\\''%{localtime\\:%X}'\\'''`);
    expect(cmd).not.toContain('hunter2');
    expect(cmd).not.toContain('s3cret');
    expect(cmd).toContain('user=bob');
    expect(cmd).toContain('alice');
    expect(cmd).toContain(`'C:\\My Videos\\a.mp4'`);
  });
});
