// The built-in configuration is DESIGN §2's table, and the schema describes every setting.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTH_INTERNAL_USERS,
  defaultConfig,
  describeConfigFields,
  GLOBAL_KEYS,
  GlobalConfSchema,
  mediamtxDefaultConfig,
  PATH_KEYS,
  PathConfSchema,
  validateConfigObject,
} from '../../../src/shared/config';

describe('defaultConfig', () => {
  const c = defaultConfig();

  it('matches DESIGN §2', () => {
    expect(c).toMatchObject({
      rtsp: true, rtspAddress: ':8554', rtspTransports: ['udp', 'tcp'],
      rtpAddress: ':8000', rtcpAddress: ':8001',
      rtmp: true, rtmpAddress: ':1935',
      hls: true, hlsAddress: ':8888', hlsVariant: 'lowLatency', hlsSegmentCount: 7, hlsSegmentDuration: '1s',
      hlsPartDuration: '200ms', hlsAlwaysRemux: false, hlsAllowOrigins: ['*'],
      webrtc: true, webrtcAddress: ':8889', webrtcLocalUDPAddress: ':8189', webrtcAdditionalHosts: [],
      api: true, apiAddress: '127.0.0.1:9997',
      metrics: false, metricsAddress: '127.0.0.1:9998',
      logLevel: 'info', logDestinations: ['stdout'], logFile: 'relaybox.log',
      readTimeout: '10s', writeTimeout: '10s', writeQueueSize: 512,
    });
    expect(c.pathDefaults).toMatchObject({
      source: 'publisher', sourceOnDemand: false, overridePublisher: true, maxReaders: 0, forward: [],
      record: false, recordPath: './recordings/%path/%Y-%m-%d_%H-%M-%S-%f', recordFormat: 'fmp4',
      recordSegmentDuration: '1h', recordDeleteAfter: '1d',
      publishUser: '', publishPass: '', publishIPs: [], readUser: '', readPass: '', readIPs: [],
    });
    expect(c.paths).toEqual({ all_others: {} });
  });

  it('lets anyone publish, read and play back, and only this machine use api/metrics/pprof (as MediaMTX)', () => {
    expect(c.authMethod).toBe('internal');
    expect(c.authInternalUsers).toEqual([
      { user: 'any', pass: '', ips: [], permissions: [{ action: 'publish', path: '' }, { action: 'read', path: '' }, { action: 'playback', path: '' }] },
      { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'api', path: '' }, { action: 'metrics', path: '' }, { action: 'pprof', path: '' }] },
    ]);
    expect(c.authInternalUsers).toEqual(DEFAULT_AUTH_INTERNAL_USERS);
  });

  it('does not allow API calls from web pages by default', () => {
    expect(c.apiAllowOrigins).toEqual([]);
  });

  it('is plain JSON and valid', () => {
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    const r = validateConfigObject(JSON.parse(JSON.stringify(c)));
    expect(r.issues).toEqual([]);
    expect(r.config).toEqual(c);
  });

  it('returns independent copies', () => {
    const a = defaultConfig();
    a.rtspTransports.push('multicast');
    a.authInternalUsers[0].permissions.pop();
    a.pathDefaults.forward.push({ dest: 'rtmp://x/y', destFingerprint: '', whipBearerToken: '' });
    const b = defaultConfig();
    expect(b.rtspTransports).toEqual(['udp', 'tcp']);
    expect(b.authInternalUsers).toEqual(DEFAULT_AUTH_INTERNAL_USERS);
    expect(b.pathDefaults.forward).toEqual([]);
  });

  it('differs from MediaMTX only where DESIGN says so', () => {
    const m = mediamtxDefaultConfig() as unknown as Record<string, unknown>;
    const r = defaultConfig() as unknown as Record<string, unknown>;
    const different = GLOBAL_KEYS.filter((k) => JSON.stringify(m[k]) !== JSON.stringify(r[k]));
    expect(different.sort()).toEqual(['api', 'apiAddress', 'apiAllowOrigins', 'logFile', 'metricsAddress', 'moq', 'rtspTransports', 'srt', 'sysLogPrefix']);
  });
});

describe('schema metadata', () => {
  it('describes every setting, with what is allowed', () => {
    const fields = describeConfigFields();
    expect(fields).toHaveLength(GLOBAL_KEYS.length + PATH_KEYS.length);
    for (const f of fields) {
      expect(f.description, f.key).toMatch(/\S/);
      expect(f.kind, f.key).toBeTruthy();
      if (f.kind === 'enum') expect(f.values!.length, f.key).toBeGreaterThan(1);
    }
    const variant = fields.find((f) => f.key === 'hlsVariant')!;
    expect(variant).toMatchObject({ scope: 'global', kind: 'enum', values: ['mpegts', 'fmp4', 'lowLatency'], default: 'lowLatency' });
    expect(fields.find((f) => f.key === 'rtmpAddress')!.allowed).toContain(':8554');
    expect(fields.find((f) => f.key === 'readPass')!.secret).toBe(true);
    expect(GlobalConfSchema.shape.logLevel.meta()?.description).toMatch(/log/i);
    expect(PathConfSchema.shape.recordFormat.meta()?.values).toEqual(['fmp4', 'mpegts']);
  });

  it('includes every key of both MediaMTX reference files', async () => {
    const { parse } = await import('yaml');
    const { readConfigFixture } = await import('./support');
    for (const name of ['mediamtx-v1.9.3.yml', 'mediamtx-v1.20.1.yml']) {
      const obj = parse(readConfigFixture(name)) as Record<string, unknown>;
      const { GLOBAL_ALIASES, PATH_ALIASES } = await import('../../../src/shared/config');
      const known = new Set<string>([...GLOBAL_KEYS, 'pathDefaults', 'paths', ...GLOBAL_ALIASES.map((a) => a.from)]);
      const knownPath = new Set<string>([...PATH_KEYS, ...PATH_ALIASES.map((a) => a.from)]);
      expect(Object.keys(obj).filter((k) => !known.has(k))).toEqual([]);
      expect(Object.keys(obj.pathDefaults as object).filter((k) => !knownPath.has(k))).toEqual([]);
    }
  });
});
