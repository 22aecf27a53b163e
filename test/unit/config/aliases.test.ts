// Every old MediaMTX name loads under its new name, with a warning that names the new key.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/main/engine/config';
import { DROPPED_KEYS, GLOBAL_ALIASES, PATH_ALIASES } from '../../../src/shared/config';
import { errorsOf, readConfigFixture } from './support';

type Case = [string, string, (c: ReturnType<typeof load>) => unknown, unknown];

function load(text: string) {
  const r = parseConfigText(text);
  expect(errorsOf(r.issues)).toEqual([]);
  return r.config!;
}

const globalCases: Case[] = [
  ['protocols', 'protocols: [tcp]', (c) => c.rtspTransports, ['tcp']],
  ['encryption', 'encryption: optional', (c) => c.rtspEncryption, 'optional'],
  ['serverKey', 'serverKey: k.pem', (c) => c.rtspServerKey, 'k.pem'],
  ['serverCert', 'serverCert: c.pem', (c) => c.rtspServerCert, 'c.pem'],
  ['authMethods', 'authMethods: [digest]', (c) => c.rtspAuthMethods, ['digest']],
  ['apiAllowOrigin', "apiAllowOrigin: 'http://a'", (c) => c.apiAllowOrigins, ['http://a']],
  ['metricsAllowOrigin', "metricsAllowOrigin: 'http://a'", (c) => c.metricsAllowOrigins, ['http://a']],
  ['pprofAllowOrigin', "pprofAllowOrigin: 'http://a'", (c) => c.pprofAllowOrigins, ['http://a']],
  ['playbackAllowOrigin', "playbackAllowOrigin: 'http://a'", (c) => c.playbackAllowOrigins, ['http://a']],
  ['hlsAllowOrigin', "hlsAllowOrigin: 'http://a'", (c) => c.hlsAllowOrigins, ['http://a']],
  ['webrtcAllowOrigin', "webrtcAllowOrigin: 'http://a'", (c) => c.webrtcAllowOrigins, ['http://a']],
  ['rtspDisable', 'rtspDisable: yes', (c) => c.rtsp, false],
  ['rtmpDisable', 'rtmpDisable: yes', (c) => c.rtmp, false],
  ['hlsDisable', 'hlsDisable: no', (c) => c.hls, true],
  ['webrtcDisable', 'webrtcDisable: yes', (c) => c.webrtc, false],
  ['readBufferCount', 'readBufferCount: 2048', (c) => c.writeQueueSize, 2048],
  ['rtspUDPReadBufferSize', 'rtspUDPReadBufferSize: 1000000', (c) => c.udpReadBufferSize, 1000000],
  ['webrtcICEUDPMuxAddress', 'webrtcICEUDPMuxAddress: ":9189"', (c) => c.webrtcLocalUDPAddress, ':9189'],
  ['webrtcICETCPMuxAddress', 'webrtcICETCPMuxAddress: ":9190"', (c) => c.webrtcLocalTCPAddress, ':9190'],
  ['webrtcICEHostNAT1To1IPs', 'webrtcICEHostNAT1To1IPs: [1.2.3.4]', (c) => c.webrtcAdditionalHosts, ['1.2.3.4']],
  [
    'webrtcICEServers',
    'webrtcICEServers: [stun:stun.example.com:3478, turn:alice:pw:turn.example.com:3478]',
    (c) => c.webrtcICEServers2,
    [
      { url: 'stun:stun.example.com:3478', username: '', password: '', clientOnly: false },
      { url: 'turn:turn.example.com:3478', username: 'alice', password: 'pw', clientOnly: false },
    ],
  ],
  ['moqHTTPS2Address', 'moqHTTPS2Address: ":7000"', (c) => c.moqHTTP2Address, ':7000'],
  ['moqHTTPS3Address', 'moqHTTPS3Address: ":7001"', (c) => c.moqHTTP3Address, ':7001'],
  ['externalAuthenticationURL', 'externalAuthenticationURL: http://auth/x', (c) => [c.authMethod, c.authHTTPAddress], ['http', 'http://auth/x']],
  ['record', 'record: yes', (c) => c.pathDefaults.record, true],
  ['recordPath', 'recordPath: ./x/%path', (c) => c.pathDefaults.recordPath, './x/%path'],
  ['recordFormat', 'recordFormat: mpegts', (c) => c.pathDefaults.recordFormat, 'mpegts'],
  ['recordPartDuration', 'recordPartDuration: 2s', (c) => c.pathDefaults.recordPartDuration, '2s'],
  ['recordSegmentDuration', 'recordSegmentDuration: 30m', (c) => c.pathDefaults.recordSegmentDuration, '30m'],
  ['recordDeleteAfter', 'recordDeleteAfter: 7d', (c) => c.pathDefaults.recordDeleteAfter, '7d'],
];

const pathCases: Case[] = [
  ['sourceProtocol', 'sourceProtocol: tcp', (c) => c.paths.p.rtspTransport, 'tcp'],
  ['sourceAnyPortEnable', 'sourceAnyPortEnable: yes', (c) => c.paths.p.rtspAnyPort, true],
  ['disablePublisherOverride', 'disablePublisherOverride: yes', (c) => c.paths.p.overridePublisher, false],
  ['runOnPublish', 'runOnPublish: echo p', (c) => c.paths.p.runOnAvailable, 'echo p'],
  ['runOnPublishRestart', 'runOnPublishRestart: yes', (c) => c.paths.p.runOnAvailableRestart, true],
  ['runOnReady', 'runOnReady: echo r', (c) => c.paths.p.runOnAvailable, 'echo r'],
  ['runOnReadyRestart', 'runOnReadyRestart: yes', (c) => c.paths.p.runOnAvailableRestart, true],
  ['runOnNotReady', 'runOnNotReady: echo n', (c) => c.paths.p.runOnUnavailable, 'echo n'],
  ['rpiCameraProfile', 'rpiCameraProfile: high', (c) => c.paths.p.rpiCameraH264Profile, 'high'],
  ['rpiCameraLevel', "rpiCameraLevel: '4.2'", (c) => c.paths.p.rpiCameraH264Level, '4.2'],
];

describe('old key names', () => {
  it('the tables cover every alias', () => {
    expect(globalCases.map((c) => c[0]).sort()).toEqual(GLOBAL_ALIASES.map((a) => a.from).sort());
    expect(pathCases.map((c) => c[0]).sort()).toEqual(PATH_ALIASES.map((a) => a.from).sort());
  });

  it.each(globalCases)('global %s', (from, yaml, get, expected) => {
    const { config, issues } = parseConfigText(`${yaml}\n`);
    expect(errorsOf(issues)).toEqual([]);
    expect(get(config!)).toEqual(expected);
    const alias = GLOBAL_ALIASES.find((a) => a.from === from)!;
    const note = alias.moveTo ? `read as pathDefaults.${alias.to}` : `read as ${alias.to}`;
    expect(issues.find((i) => i.code === 'deprecated')!.message).toBe(`${from} (line 1, col 1): deprecated ${alias.moveTo ? 'top-level key' : 'name'}, ${note}`);
  });

  it.each(pathCases)('path %s', (from, yaml, get, expected) => {
    const { config, issues } = parseConfigText(`paths:\n  p:\n    ${yaml}\n`);
    expect(errorsOf(issues)).toEqual([]);
    expect(get(config!)).toEqual(expected);
    const alias = PATH_ALIASES.find((a) => a.from === from)!;
    expect(issues.find((i) => i.code === 'deprecated')!.message).toBe(`paths.p.${from} (line 3, col 5): deprecated name, read as ${alias.to}`);
  });

  it('also works in pathDefaults', () => {
    expect(load('pathDefaults:\n  runOnReady: echo r\n').pathDefaults.runOnAvailable).toBe('echo r');
  });

  it('the new name wins when both are written', () => {
    const { config, issues } = parseConfigText('rtspTransports: [udp]\nprotocols: [tcp]\npathDefaults:\n  record: no\nrecord: yes\n');
    expect(config!.rtspTransports).toEqual(['udp']);
    expect(config!.pathDefaults.record).toBe(false);
    expect(issues.filter((i) => i.message.includes('ignored: '))).toHaveLength(2);
  });

  it('old keys that do nothing any more are ignored with a warning', () => {
    for (const key of DROPPED_KEYS.global) {
      const { config, issues } = parseConfigText(`${key}: yes\n`);
      expect(config).toBeDefined();
      expect(issues[0].message).toBe(`${key} (line 1, col 1): deprecated and no longer used; ignored`);
    }
  });

  it('a whole old-style file with legacy credentials loads', () => {
    const config = load(readConfigFixture('legacy.yml'));
    expect(config.rtmp).toBe(false);
    expect(config.writeQueueSize).toBe(1024);
    expect(config.pathDefaults).toMatchObject({ record: true, recordPath: './old/%path', overridePublisher: false, rtspTransport: 'tcp' });
    expect(config.paths.cam1).toEqual({
      publishUser: 'cam',
      publishPass: 'sha256:rl3rgi4NcZkpAEcacZnQ2VuOfJ0FxAqCRaKB/SwdZoQ=',
      readUser: 'viewer',
      readPass: 'pw',
      readIPs: ['192.168.1.0/24'],
      runOnAvailable: 'echo ready',
      runOnAvailableRestart: true,
      runOnUnavailable: 'echo gone',
    });
  });
});
