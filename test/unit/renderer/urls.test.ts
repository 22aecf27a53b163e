import { describe, expect, it } from 'vitest';
import { buildStreamUrls, credentialQuery, hostForUrl, splitObsPath } from '../../../src/renderer/src/urls';
import { ENCRYPTION_KEYS, protocolPorts, type EncryptionSettings } from '../../../src/renderer/src/selectors';
import { defaultConfig } from '../../../src/shared/config';
import { createEngine } from '../../../src/main/engine/engine';

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

// The encryption modes, end to end through the renderer: a real engine's listener table for the
// config (which listeners are enabled, on which ports) → protocolPorts → the URLs users copy.
describe('URLs under rtspEncryption / rtmpEncryption / <http>Encryption', () => {
  type Mode = 'no' | 'strict' | 'optional';
  function urlsFor(mode: Mode, https: boolean, host = 'H') {
    const config = {
      ...defaultConfig(), logDestinations: [],
      rtspEncryption: mode, rtmpEncryption: mode, hlsEncryption: https, webrtcEncryption: https, playbackEncryption: https,
    };
    const status = createEngine({ config }).status();
    const enc = Object.fromEntries(ENCRYPTION_KEYS.map((k) => [k, config[k]])) as EncryptionSettings;
    return buildStreamUrls('live/cam1', host, protocolPorts(status, enc), { read: { user: 'u', pass: 'p' } });
  }

  it('"no": only plain URLs, as before', () => {
    const u = urlsFor('no', false);
    expect(u).toMatchObject({ obsServer: 'rtmp://H:1935/live', obsKey: 'cam1', rtmp: 'rtmp://H:1935/live/cam1?user=u&pass=p', rtsp: 'rtsp://u:p@H:8554/live/cam1' });
    expect(u.obsServerTls).toBeUndefined();
    expect(u.rtmps).toBeUndefined();
    expect(u.rtsps).toBeUndefined();
  });

  it('"strict": only the encrypted URLs, and the OBS server is RTMPS', () => {
    const u = urlsFor('strict', false);
    expect(u).toMatchObject({
      obsServer: 'rtmps://H:1936/live', obsKey: 'cam1',
      rtmps: 'rtmps://H:1936/live/cam1?user=u&pass=p', rtsps: 'rtsps://u:p@H:8322/live/cam1',
    });
    expect(u.obsServerTls).toBeUndefined();
    expect(u.rtmp).toBeUndefined();
    expect(u.rtsp).toBeUndefined();
  });

  it('"optional": both, plain first, with a second OBS server field for RTMPS', () => {
    const u = urlsFor('optional', false);
    expect(u).toMatchObject({
      obsServer: 'rtmp://H:1935/live', obsServerTls: 'rtmps://H:1936/live', obsKey: 'cam1',
      rtmp: 'rtmp://H:1935/live/cam1?user=u&pass=p', rtmps: 'rtmps://H:1936/live/cam1?user=u&pass=p',
      rtsp: 'rtsp://u:p@H:8554/live/cam1', rtsps: 'rtsps://u:p@H:8322/live/cam1',
    });
  });

  it.each([[false, 'http'], [true, 'https']] as const)('HTTP listeners with encryption %s use %s://', (on, scheme) => {
    const u = urlsFor('no', on, '::1');
    expect(u).toMatchObject({
      hls: `${scheme}://[::1]:8888/live/cam1/index.m3u8?user=u&pass=p`, hlsPage: `${scheme}://[::1]:8888/live/cam1?user=u&pass=p`,
      flv: `${scheme}://[::1]:8888/live/cam1.flv?user=u&pass=p`,
      whep: `${scheme}://[::1]:8889/live/cam1/whep?user=u&pass=p`, webrtcPage: `${scheme}://[::1]:8889/live/cam1?user=u&pass=p`,
      whip: `${scheme}://[::1]:8889/live/cam1/whip`,
    });
  });

  it('applies the modes even when a status still lists the other listener', () => {
    // e.g. a status from before the reload that switched rtmpEncryption to strict.
    const listener = (name: 'rtmp' | 'rtmps', port: number) => ({ name, label: name, key: `${name}Address`, protocol: 'tcp' as const, address: `:${port}`, port, state: 'listening' as const });
    const status = { state: 'running' as const, version: 'v', listeners: [listener('rtmp', 1935), listener('rtmps', 1936)] };
    expect(protocolPorts(status, { rtmpEncryption: 'strict' })).toEqual({ rtmps: 1936 });
    expect(protocolPorts(status, { rtmpEncryption: 'no' })).toEqual({ rtmp: 1935 });
    expect(protocolPorts(status, { rtmpEncryption: 'optional', playbackEncryption: true })).toEqual({ rtmp: 1935, rtmps: 1936, https: { hls: false, webrtc: false, playback: true } });
  });
});
