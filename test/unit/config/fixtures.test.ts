// MediaMTX's own reference configs must load: no errors, and warnings only for old names and
// features Relaybox does not have yet.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/main/engine/config';
import { DEFAULT_AUTH_INTERNAL_USERS } from '../../../src/shared/config';
import { errorsOf, readConfigFixture, warningsOf } from './support';

describe('MediaMTX reference configs', () => {
  it.each(['mediamtx-v1.9.3.yml', 'mediamtx-v1.20.1.yml'])('%s loads with warnings only', (name) => {
    const { config, issues } = parseConfigText(readConfigFixture(name), name);
    expect(errorsOf(issues)).toEqual([]);
    expect(config).toBeDefined();
    for (const w of warningsOf(issues)) {
      expect(['deprecated', 'unsupported']).toContain(w.code);
      expect(w.file).toBe(name);
      expect(w.line).toBeGreaterThan(0);
    }
  });

  it('v1.20.1: values as written, and a warning for each feature Relaybox lacks', () => {
    const { config, issues } = parseConfigText(readConfigFixture('mediamtx-v1.20.1.yml'));
    expect(config).toMatchObject({
      logFile: 'mediamtx.log',
      api: false,
      apiAddress: ':9997',
      rtspTransports: ['udp', 'multicast', 'tcp'],
      udpMaxPayloadSize: 1452,
      hlsSegmentMaxSize: '50M',
      authInternalUsers: DEFAULT_AUTH_INTERNAL_USERS,
      authHTTPExclude: [],
      webrtcICEServers2: [],
      moqQUICAddress: ':8893',
      srt: true,
    });
    expect(config!.pathDefaults).toMatchObject({
      recordDeleteAfter: '1d',
      rtspUDPSourcePortRange: [32768, 60999],
      rpiCameraH264Level: '4.1',
      rpiCameraLensPosition: 0,
      rpiCameraTextOverlay: '%Y-%m-%d %H:%M:%S - MediaMTX',
      runOnAvailable: '',
    });
    expect(config!.paths).toEqual({ all_others: {} });
    const unsupported = issues.filter((i) => i.code === 'unsupported').map((i) => i.key);
    expect(unsupported).toEqual(['rtspTransports', 'srt', 'moq']);
  });

  it('v1.9.3: yes/no booleans and every old name read as the new one', () => {
    const { config, issues } = parseConfigText(readConfigFixture('mediamtx-v1.9.3.yml'));
    expect(config).toMatchObject({
      runOnConnectRestart: false,
      api: false,
      rtsp: true,
      hlsAlwaysRemux: false,
      webrtcIPsFromInterfaces: true,
      rtspTransports: ['udp', 'multicast', 'tcp'],
      rtspEncryption: 'no',
      rtspServerKey: 'server.key',
      rtspServerCert: 'server.crt',
      apiAllowOrigins: ['*'],
      hlsAllowOrigins: ['*'],
      webrtcAllowOrigins: ['*'],
      metricsAllowOrigins: ['*'],
      pprofAllowOrigins: ['*'],
      playbackAllowOrigins: ['*'],
      udpMaxPayloadSize: 1472,
      authHTTPExclude: [{ action: 'api', path: '' }, { action: 'metrics', path: '' }, { action: 'pprof', path: '' }],
    });
    expect(config!.pathDefaults).toMatchObject({
      sourceOnDemand: false,
      overridePublisher: true,
      record: false,
      recordDeleteAfter: '24h',
      rpiCameraH264Profile: 'main',
      rpiCameraH264Level: '4.1',
      rpiCameraBitrate: 1000000,
      runOnAvailable: '',
      runOnAvailableRestart: false,
      runOnUnavailable: '',
      fallback: '',
    });
    const renamed = issues.filter((i) => i.code === 'deprecated').map((i) => i.key);
    expect(renamed).toEqual(expect.arrayContaining([
      'protocols', 'encryption', 'serverKey', 'serverCert', 'apiAllowOrigin', 'hlsAllowOrigin',
      'pathDefaults.rpiCameraProfile', 'pathDefaults.runOnReady', 'pathDefaults.runOnNotReady',
    ]));
    const protocols = issues.find((i) => i.key === 'protocols' && i.code === 'deprecated')!;
    expect(protocols.message).toBe('protocols (line 230, col 1): deprecated name, read as rtspTransports');
  });
});
