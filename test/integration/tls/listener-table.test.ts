// Which listeners each encryption mode opens, and which key changes restart them (no sockets).
import { describe, expect, it } from 'vitest';
import { LISTENERS, listenersAffectedBy } from '../../../src/main/engine/listeners';
import { listenerTls } from '../../../src/main/engine/servers/tls';
import { defaultConfig, type Config } from '../../../src/shared/config';

const enabled = (over: Partial<Config>) =>
  LISTENERS.filter((d) => d.enabled({ ...defaultConfig(), ...over })).map((d) => d.name).filter((n) => /^rt/.test(n));

describe('encrypted listeners in the listener table', () => {
  it.each([
    ['no', ['rtsp', 'rtp', 'rtcp', 'rtmp']],
    ['optional', ['rtsp', 'rtsps', 'rtp', 'rtcp', 'rtmp', 'rtmps']],
    ['strict', ['rtsps', 'rtmps']],
  ] as const)('rtspEncryption/rtmpEncryption %s opens %j', (mode, names) => {
    expect(enabled({ rtspEncryption: mode, rtmpEncryption: mode })).toEqual(names);
  });

  it('restarts only the encrypted listener when its key or certificate changes', () => {
    expect([...listenersAffectedBy(['rtspServerKey'])]).toEqual(['rtsps']);
    expect([...listenersAffectedBy(['rtmpServerCert'])]).toEqual(['rtmps']);
    expect([...listenersAffectedBy(['rtspEncryption'])].sort()).toEqual(['rtcp', 'rtp', 'rtsp', 'rtsps']);
    expect([...listenersAffectedBy(['apiServerCert'])]).toEqual(['api']);
  });

  it('gives HTTP listeners TLS files only when their *Encryption is on', () => {
    const c = { ...defaultConfig(), hlsServerKey: 'h.key', hlsServerCert: 'h.crt' };
    expect(listenerTls(c, 'hls')).toBeUndefined();
    expect(listenerTls({ ...c, hlsEncryption: true }, 'hls')).toEqual({ keyKey: 'hlsServerKey', certKey: 'hlsServerCert', keyFile: 'h.key', certFile: 'h.crt' });
    expect(listenerTls(c, 'rtsps')).toMatchObject({ keyKey: 'rtspServerKey', keyFile: 'server.key' });
  });
});
