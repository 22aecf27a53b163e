// Real stderr lines of FFmpeg 5.1 run with `-loglevel level+info` (captured on the build machine).
import { describe, expect, it } from 'vitest';
import { failureReason, isFatalFfmpegError, parseFfmpegLogLine } from '../../../src/main/engine/pipelines/ffmpeg-errors';

const lines = (text: string) => text.trim().split('\n').map(parseFfmpegLogLine);

describe('parseFfmpegLogLine', () => {
  it.each([
    ['[error] Unrecognized option \'bogus\'.', 'error', 'Unrecognized option \'bogus\'.'],
    ['[lavfi @ 0x55d8ebef48c0] [error] No such filter: \'nosuch\'', 'error', '[lavfi @ 0x55d8ebef48c0] No such filter: \'nosuch\''],
    ['[info]   Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p, 320x240', 'info', '  Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p, 320x240'],
    ['[flv @ 0x55c] [warning] Failed to update header with correct duration.', 'warning', '[flv @ 0x55c] Failed to update header with correct duration.'],
    ['plain line', null, 'plain line'],
  ])('%s', (raw, level, text) => {
    expect(parseFfmpegLogLine(raw)).toEqual({ level, text });
  });
});

describe('failureReason', () => {
  it('a wrong filter: the root cause line, fatal', () => {
    expect(failureReason(lines("[lavfi @ 0x55d8ebef48c0] [error] No such filter: 'nosuch'\n[error] nosuch=1: Invalid argument")))
      .toEqual({ reason: "[lavfi @ 0x55d8ebef48c0] No such filter: 'nosuch'", fatal: true });
  });

  it('an unknown option: fatal', () => {
    expect(failureReason(lines("[error] Unrecognized option 'bogus'.\n[fatal] Error splitting the argument list: Option not found")))
      .toEqual({ reason: "Unrecognized option 'bogus'.", fatal: true });
  });

  it('a refused connection: the last specific error, retryable', () => {
    const r = failureReason(lines([
      '[info] Input #0, lavfi, from \'testsrc2\':',
      '[tcp @ 0x564022118680] [error] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused',
      '[rtmp @ 0x56402211b3c0] [error] Cannot open connection tcp://127.0.0.1:1?tcp_nodelay=0',
      '[error] rtmp://127.0.0.1:1/x: Connection refused',
      '[error] Conversion failed!',
    ].join('\n')));
    expect(r).toEqual({ reason: 'rtmp://127.0.0.1:1/x: Connection refused', fatal: false });
  });

  it('no stderr at all: null', () => {
    expect(failureReason([])).toBeNull();
  });

  it('classifies command errors as fatal and I/O errors as retryable', () => {
    expect(isFatalFfmpegError('/nonexist.mp4: No such file or directory')).toBe(true);
    expect(isFatalFfmpegError('Unknown encoder \'h264_foo\'')).toBe(true);
    expect(isFatalFfmpegError('rtmp://127.0.0.1:1935/x: Input/output error')).toBe(false);
    expect(isFatalFfmpegError('[dshow @ 000001] Could not run graph (sometimes caused by a device already in use by other application)')).toBe(false);
  });
});
