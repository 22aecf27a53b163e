// Control-API edits (MediaMTX v3 semantics), resolution of path settings, and config diffs.
// Which entry serves a stream name is tested in path-conf.test.ts.
import { describe, expect, it } from 'vitest';
import {
  addPath,
  defaultConfig,
  deletePath,
  diffConfig,
  patchGlobal,
  patchPath,
  patchPathDefaults,
  replacePath,
  resolvePathConf,
  type Config,
} from '../../../src/shared/config';
import { messages } from './support';

const frozen = (): Config => {
  const c = defaultConfig();
  c.paths.cam1 = { source: 'rtsp://10.0.0.2/s', sourceOnDemand: true };
  return c;
};

describe('patchGlobal', () => {
  it('sets the given keys, coerces like the file loader, and does not touch the input', () => {
    const before = frozen();
    const snapshot = JSON.stringify(before);
    const r = patchGlobal(before, { hlsAddress: ':9888', rtsp: 'no', logLevel: 'debug' });
    expect(r.issues).toEqual([]);
    expect(r.config).toMatchObject({ hlsAddress: ':9888', rtsp: false, logLevel: 'debug', rtmpAddress: ':1935' });
    expect(JSON.stringify(before)).toBe(snapshot);
    r.config!.rtspTransports.push('multicast');
    expect(before.rtspTransports).toEqual(['udp', 'tcp']);
  });

  it('rejects bad values and unknown keys with the loader\'s messages', () => {
    const r = patchGlobal(frozen(), { rtmpAddress: ':99999', rtspAdress: ':1' });
    expect(r.config).toBeUndefined();
    expect(messages(r.issues)).toEqual([
      'rtspAdress: unknown key; did you mean rtspAddress?',
      'rtmpAddress ":99999": port must be 1–65535',
    ]);
    expect(r.issues.every((i) => i.severity === 'error')).toBe(true);
  });

  it('refuses path settings, and bodies that are not objects', () => {
    expect(patchGlobal(frozen(), { paths: {} }).issues[0].message).toMatch(/paths is not a global setting/);
    expect(patchGlobal(frozen(), [1, 2]).issues[0].message).toMatch(/must be a JSON object/);
  });

  it('accepts old names, and null leaves a key unchanged', () => {
    const r = patchGlobal(frozen(), { protocols: ['tcp'], rtmpAddress: null });
    expect(r.config!.rtspTransports).toEqual(['tcp']);
    expect(r.config!.rtmpAddress).toBe(':1935');
    expect(r.issues[0].code).toBe('deprecated');
  });

  it('runs the cross-setting checks', () => {
    expect(patchGlobal(frozen(), { hlsAddress: '' }).issues[0].message).toBe('hlsAddress: must be set when hls is enabled');
  });
});

describe('path edits', () => {
  it('patchPathDefaults', () => {
    const r = patchPathDefaults(frozen(), { record: true, recordFormat: 'mpegts' });
    expect(r.config!.pathDefaults).toMatchObject({ record: true, recordFormat: 'mpegts', source: 'publisher' });
    expect(patchPathDefaults(frozen(), { recordFormat: 'avi' }).issues[0].message).toBe('pathDefaults.recordFormat "avi": must be one of fmp4, mpegts');
  });

  it('addPath creates, refuses duplicates and bad names', () => {
    const r = addPath(frozen(), 'live/room.2', { record: 'yes' });
    expect(r.config!.paths['live/room.2']).toEqual({ record: true });
    expect(addPath(frozen(), 'cam1', {}).issues[0]).toMatchObject({ code: 'exists', key: 'paths.cam1' });
    expect(addPath(frozen(), '../etc', {}).issues[0].message).toMatch(/invalid path name/);
    expect(addPath(frozen(), '__proto__', {}).issues[0].message).toMatch(/reserved/);
    expect(addPath(frozen(), '~^cam(\\d+)$', undefined).config!.paths['~^cam(\\d+)$']).toEqual({});
    expect(addPath(frozen(), 'cam2', { bogus: 1 }).issues[0].message).toBe('paths.cam2.bogus: unknown key');
  });

  it('patchPath merges into an existing path', () => {
    const r = patchPath(frozen(), 'cam1', { sourceOnDemand: false, record: true });
    expect(r.config!.paths.cam1).toEqual({ source: 'rtsp://10.0.0.2/s', sourceOnDemand: false, record: true });
    expect(patchPath(frozen(), 'nope', {}).issues[0]).toMatchObject({ code: 'not-found', message: 'paths.nope: path "nope" not found' });
  });

  it('replacePath sets the whole entry (and creates it)', () => {
    expect(replacePath(frozen(), 'cam1', { record: true }).config!.paths.cam1).toEqual({ record: true });
    expect(replacePath(frozen(), 'cam9', null).config!.paths.cam9).toEqual({});
  });

  it('deletePath removes, or says not found', () => {
    const before = frozen();
    const r = deletePath(before, 'cam1');
    expect(Object.keys(r.config!.paths)).toEqual(['all_others']);
    expect(Object.keys(before.paths)).toEqual(['all_others', 'cam1']);
    expect(deletePath(before, 'cam2').issues[0].code).toBe('not-found');
  });

  it('an edit that breaks a cross-setting rule is refused', () => {
    const c = patchGlobal(frozen(), { authInternalUsers: [{ user: 'admin', pass: 'x', permissions: [{ action: 'api' }] }] }).config!;
    const r = patchPath(c, 'cam1', { readUser: 'u', readPass: 'p' });
    expect(r.config).toBeUndefined();
    expect(r.issues[0].message).toMatch(/^paths\.cam1\.readUser: legacy per-path credentials cannot be combined/);
  });
});

describe('resolving path settings', () => {
  it('resolvePathConf merges pathDefaults with the entry', () => {
    const c = frozen();
    const conf = resolvePathConf(c, 'cam1');
    expect(conf).toMatchObject({ source: 'rtsp://10.0.0.2/s', sourceOnDemand: true, record: false, overridePublisher: true });
    conf.forward.push({ dest: 'rtmp://x/y', destFingerprint: '', whipBearerToken: '' });
    expect(c.pathDefaults.forward).toEqual([]);
    expect(resolvePathConf(c, 'missing')).toEqual(c.pathDefaults);
  });
});

describe('diffConfig', () => {
  it('names changed global keys, and added/removed/changed paths', () => {
    const a = frozen();
    let b = patchGlobal(a, { hlsAddress: ':9888', rtspTransports: ['tcp'] }).config!;
    b = addPath(b, 'cam2', {}).config!;
    b = deletePath(b, 'all_others').config!;
    b = patchPath(b, 'cam1', { record: true }).config!;
    // In schema (file) order.
    expect(diffConfig(a, b)).toEqual({ global: ['rtspTransports', 'hlsAddress'], pathDefaults: false, paths: ['all_others', 'cam1', 'cam2'] });
  });

  it('sees pathDefaults changes and nothing when equal', () => {
    const a = frozen();
    expect(diffConfig(a, frozen())).toEqual({ global: [], pathDefaults: false, paths: [] });
    expect(diffConfig(a, patchPathDefaults(a, { record: true }).config!).pathDefaults).toBe(true);
  });

  it('compares values, not object identity or key order', () => {
    const a = frozen();
    const b = JSON.parse(JSON.stringify(a)) as Config;
    b.paths.cam1 = { sourceOnDemand: true, source: 'rtsp://10.0.0.2/s' };
    expect(diffConfig(a, b)).toEqual({ global: [], pathDefaults: false, paths: [] });
  });
});
