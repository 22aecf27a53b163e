import { describe, expect, it } from 'vitest';
import { buildStreamUrls, credentialQuery, hostForUrl, splitObsPath } from '../../../src/renderer/src/urls';

const ports = { rtmp: 1935, rtsp: 8554, hls: 8888, webrtc: 8889 };

describe('buildStreamUrls', () => {
  it('gives the DESIGN §3 URLs for a top-level path', () => {
    expect(buildStreamUrls('cam1', 'H', ports)).toEqual({
      obsServer: 'rtmp://H:1935', obsKey: 'cam1', rtmp: 'rtmp://H:1935/cam1', rtsp: 'rtsp://H:8554/cam1',
      hls: 'http://H:8888/cam1/index.m3u8', hlsPage: 'http://H:8888/cam1', flv: 'http://H:8888/cam1.flv',
      whep: 'http://H:8889/cam1/whep', webrtcPage: 'http://H:8889/cam1', whip: 'http://H:8889/cam1/whip',
    });
  });

  it.each([
    ['live/cam1', 'rtmp://H:1935/live', 'cam1'],
    ['a/b/c', 'rtmp://H:1935/a/b', 'c'],
    ['x', 'rtmp://H:1935', 'x'],
  ])('splits %s into OBS server %s and key %s', (path, server, key) => {
    const u = buildStreamUrls(path, 'H', ports);
    expect([u.obsServer, u.obsKey]).toEqual([server, key]);
    expect(u.rtmp).toBe(`rtmp://H:1935/${path}`);
  });

  it('puts publish credentials on the stream key and read credentials on play URLs', () => {
    const u = buildStreamUrls('cam1', '192.168.1.5', ports, {
      publish: { user: 'pub', pass: 'p&ss word' }, read: { user: 'viewer', pass: 'v@1' },
    });
    expect(u.obsServer).toBe('rtmp://192.168.1.5:1935');
    expect(u.obsKey).toBe('cam1?user=pub&pass=p%26ss%20word');
    expect(u.rtmp).toBe('rtmp://192.168.1.5:1935/cam1?user=viewer&pass=v%401');
    expect(u.rtsp).toBe('rtsp://viewer:v%401@192.168.1.5:8554/cam1');
    expect(u.flv).toBe('http://192.168.1.5:8888/cam1.flv?user=viewer&pass=v%401');
    // WHIP takes a Bearer token in OBS, not a query.
    expect(u.whip).toBe('http://192.168.1.5:8889/cam1/whip');
  });

  it('brackets IPv6 hosts and leaves out disabled protocols', () => {
    const u = buildStreamUrls('cam1', '::1', { rtmp: 1935 });
    expect(u).toEqual({ obsServer: 'rtmp://[::1]:1935', obsKey: 'cam1', rtmp: 'rtmp://[::1]:1935/cam1' });
  });

  it('has small helpers that agree', () => {
    expect(hostForUrl('[::1]')).toBe('[::1]');
    expect(hostForUrl('10.0.0.1')).toBe('10.0.0.1');
    expect(credentialQuery({ user: '', pass: '' })).toBe('');
    expect(splitObsPath('a/b')).toEqual({ app: 'a', key: 'b' });
  });
});
