// rtsp:// URLs: credentials (percent-decoded), ports, paths, queries, and mapping SETUP/PLAY URLs
// as clients send them back to the stream path.
import { describe, expect, it } from 'vitest';
import { parseRtspUrl, redact, streamTargetOf, type RtspUrl } from '../../../../src/main/engine/protocols/rtsp/url';
import { RtspError } from '../../../../src/main/engine/protocols/rtsp/errors';

describe('parseRtspUrl', () => {
  const table: [string, RtspUrl][] = [
    ['rtsp://h:8554/cam1', { scheme: 'rtsp', host: 'h', port: 8554, path: 'cam1', query: '' }],
    ['rtsp://10.0.0.1/live/cam1?token=abc', { scheme: 'rtsp', host: '10.0.0.1', port: 554, path: 'live/cam1', query: 'token=abc' }],
    ['rtsps://h/cam1', { scheme: 'rtsps', host: 'h', port: 322, path: 'cam1', query: '' }],
    ['RTSP://[::1]:8554/a', { scheme: 'rtsp', host: '::1', port: 8554, path: 'a', query: '' }],
    ['rtsp://alice:p%40ss%3Aw0rd@h:8554/cam1', { scheme: 'rtsp', host: 'h', port: 8554, path: 'cam1', query: '', user: 'alice', pass: 'p@ss:w0rd' }],
    ['rtsp://bob:p@ss@h/cam1', { scheme: 'rtsp', host: 'h', port: 554, path: 'cam1', query: '', user: 'bob', pass: 'p@ss' }],
    ['rtsp://admin@h', { scheme: 'rtsp', host: 'h', port: 554, path: '', query: '', user: 'admin', pass: '' }],
    ['rtsp://u%C3%A9:@h/', { scheme: 'rtsp', host: 'h', port: 554, path: '', query: '', user: 'ué', pass: '' }],
  ];
  it.each(table)('%s', (url, value) => {
    expect(parseRtspUrl(url)).toEqual(value);
  });

  it.each(['http://h/cam1', 'rtsp://', 'rtsp:///cam1', 'rtsp://h:0/a', 'rtsp://h:99999/a', 'rtsp://u:%zz@h/a', 'cam1', 'rtsp://h:port/a'])('rejects %j', (url) => {
    expect(() => parseRtspUrl(url)).toThrow(RtspError);
  });

  it('never puts the password in an error', () => {
    expect(() => parseRtspUrl('rtsp://u:hunter2@h:99999/a')).toThrow(/^(?!.*hunter2)/);
    expect(redact('rtsp://u:hunter2@h/a')).toBe('rtsp://u:***@h/a');
  });
});

describe('streamTargetOf', () => {
  it.each([
    ['rtsp://h/cam1', { path: 'cam1', query: '' }],
    ['rtsp://h/live/cam1/', { path: 'live/cam1', query: '' }],
    ['rtsp://h/live/cam1/trackID=1', { path: 'live/cam1', query: '', control: 'trackID=1' }],
    ['rtsp://h/cam1/streamid=0', { path: 'cam1', query: '', control: 'streamid=0' }],
    ['rtsp://h/cam1/stream=0', { path: 'cam1', query: '', control: 'stream=0' }],
    ['rtsp://h/cam1/track2', { path: 'cam1/track2', query: '' }],
    ['rtsp://h/cam1?token=abc/streamid=1', { path: 'cam1', query: 'token=abc', control: 'streamid=1' }],
    ['rtsp://h/cam1?token=abc/', { path: 'cam1', query: 'token=abc' }],
    ['rtsp://h/cam1/trackID=0?token=abc', { path: 'cam1/trackID=0', query: 'token=abc' }],
    ['rtsp://h/a/b/c/trackID=12/', { path: 'a/b/c', query: '', control: 'trackID=12' }],
  ])('%s', (url, target) => {
    expect(streamTargetOf(url)).toEqual(target);
  });
});
