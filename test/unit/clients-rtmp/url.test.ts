import { describe, expect, it } from 'vitest';
import { parseRtmpUrl } from '../../../src/main/engine/clients/rtmp';

describe('parseRtmpUrl', () => {
  it.each([
    ['rtmp://127.0.0.1:1935/live/x', { secure: false, host: '127.0.0.1', port: 1935, app: 'live', stream: 'x', query: '', tcUrl: 'rtmp://127.0.0.1:1935/live', display: '127.0.0.1:1935/live/x' }],
    ['rtmp://h/live/a/b', { port: 1935, app: 'live', stream: 'a/b', display: 'h:1935/live/a/b' }],
    ['rtmp://h:99/test', { port: 99, app: 'test', stream: '', tcUrl: 'rtmp://h:99/test', display: 'h:99/test' }],
    ['rtmps://ingest.example.com/app/key', { secure: true, port: 443, tcUrl: 'rtmps://ingest.example.com:443/app' }],
    ['rtmp://h/live/x?user=u&pass=p', { stream: 'x', query: 'user=u&pass=p', display: 'h:1935/live/x' }],
    ['rtmp://[::1]:1935/live/x', { host: '::1', tcUrl: 'rtmp://[::1]:1935/live', display: '[::1]:1935/live/x' }],
  ])('%s', (url, expected) => {
    expect(parseRtmpUrl(url)).toMatchObject(expected);
  });

  it.each([
    ['http://h/live/x', /not an rtmp:\/\/ or rtmps:\/\/ URL/],
    ['rtmp://h/', /without an application or stream name/],
    ['not a url', /not a valid RTMP URL/],
  ])('refuses %s', (url, message) => {
    expect(() => parseRtmpUrl(url)).toThrow(message);
  });

  it('never repeats the password of a refused URL', () => {
    expect(() => parseRtmpUrl('http://u:Secret-1@h/x?pass=Secret-2')).toThrow(/^((?!Secret).)*$/);
  });
});
