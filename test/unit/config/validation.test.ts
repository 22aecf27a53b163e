// What a user sees when a config is wrong: key path, line, column, value, and what is allowed.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/main/engine/config';
import { NOT_YET_SUPPORTED, validateConfigObject } from '../../../src/shared/config';
import { errorsOf, messages, readConfigFixture, warningsOf } from './support';

const parse = (text: string) => parseConfigText(text);

describe('messages with line and column', () => {
  it('rtspAdress: warning that suggests rtspAddress', () => {
    const { config, issues } = parse(readConfigFixture('typo.yml'));
    expect(config).toBeDefined();
    expect(issues).toEqual([
      {
        severity: 'warning',
        code: 'unknown-key',
        key: 'rtspAdress',
        line: 1,
        col: 1,
        message: 'rtspAdress (line 1, col 1): unknown key, ignored; did you mean rtspAddress?',
      },
    ]);
    expect(config!.rtspAddress).toBe(':8554');
  });

  it('rtmpAddress ":99999": error naming the key, line, column, value and the allowed range', () => {
    const { config, issues } = parse(readConfigFixture('bad-port.yml'));
    expect(config).toBeUndefined();
    expect(errorsOf(issues)).toEqual([
      {
        severity: 'error',
        code: 'invalid-value',
        key: 'rtmpAddress',
        line: 3,
        col: 14,
        value: ':99999',
        message: 'rtmpAddress ":99999" (line 3, col 14): port must be 1–65535',
      },
    ]);
  });

  it('reports every bad value, not just the first', () => {
    const { issues } = parse('hlsVariant: fast\nlogLevel: loud\nreadTimeout: 10\nwriteQueueSize: 500\nrtspTransports: [udp, quic]\n');
    expect(messages(errorsOf(issues))).toEqual([
      'hlsVariant "fast" (line 1, col 13): must be one of mpegts, fmp4, lowLatency',
      'logLevel "loud" (line 2, col 11): must be one of error, warn, info, debug',
      'readTimeout 10 (line 3, col 14): "10" has a number without a unit; write e.g. "10s"',
      'writeQueueSize 500 (line 4, col 17): must be an integer of at least 1 that is a power of two (256, 512, 1024, …)',
      'rtspTransports.1 "quic" (line 5, col 23): must be one of udp, multicast, tcp',
    ]);
  });

  it('positions errors inside paths and lists', () => {
    const text = [
      'authInternalUsers:',
      '  - user: admin',
      '    pass: secret',
      '    permissions:',
      '      - action: publsh',
      'paths:',
      '  cam1:',
      '    recordFormat: mp4',
      '    readIPs: [10.0.0.300]',
      '',
    ].join('\n');
    const { issues } = parse(text);
    expect(messages(errorsOf(issues))).toEqual([
      'authInternalUsers.0.permissions.0.action "publsh" (line 5, col 17): must be one of publish, read, playback, api, metrics, pprof',
      'paths.cam1.recordFormat "mp4" (line 8, col 19): must be one of fmp4, mpegts',
      'paths.cam1.readIPs.0 "10.0.0.300" (line 9, col 15): "10.0.0.300" is not an IP address or CIDR range such as 192.168.1.0/24 or ::1',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const { config, issues } = parse('rtsp: yes\nrtmpAddress: [":1935"\nhls: no\n');
    expect(config).toBeUndefined();
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'syntax', key: '', line: expect.any(Number), col: expect.any(Number) });
    expect(issues[0].message).toMatch(/^YAML \(line \d+, col \d+\): /);
  });

  it('reports duplicate keys as errors', () => {
    const { issues } = parse('rtsp: yes\nrtsp: no\n');
    expect(errorsOf(issues)[0]).toMatchObject({ code: 'syntax', line: 2, col: 1 });
  });

  it('rejects a file that is not a map', () => {
    expect(errorsOf(parse('- a\n- b\n').issues)[0].message).toMatch(/must be a map of settings/);
    expect(errorsOf(parse('just text').issues)[0].message).toMatch(/must be a map of settings/);
  });

  it('never shows a password, in messages or values', () => {
    const { issues } = parse('paths:\n  cam1:\n    readPass: [hunter2]\n    source: "rtsp://u:hunter2@cam/x"\n    recordFormat: "rtsp://u:hunter2@x"\n');
    expect(errorsOf(issues).length).toBe(2);
    for (const i of issues) {
      expect(i.message).not.toContain('hunter2');
      expect(JSON.stringify(i.value ?? null)).not.toContain('hunter2');
    }
    expect(issues.find((i) => i.key === 'paths.cam1.readPass')!.message).toBe('paths.cam1.readPass (hidden) (line 3, col 15): must be text');
  });
});

describe('YAML 1.1 habits and empty values', () => {
  it.each([
    ['yes', true], ['no', false], ['on', true], ['off', false], ['true', true], ['false', false],
    ['Yes', true], ['NO', false], ['"yes"', true],
  ])('rtsp: %s', (text, value) => {
    const { config, issues } = parse(`rtsp: ${text}\n`);
    expect(errorsOf(issues)).toEqual([]);
    expect(config!.rtsp).toBe(value);
  });

  it('rejects other words for booleans, saying what works', () => {
    expect(errorsOf(parse('rtsp: maybe\n').issues)[0].message).toBe(
      'rtsp "maybe" (line 1, col 7): must be true or false (yes/no and on/off are accepted too)',
    );
  });

  it('keeps "no" as a word where the setting is a word (rtspEncryption: no)', () => {
    expect(parse('rtspEncryption: no\n').config!.rtspEncryption).toBe('no');
    expect(validateConfigObject({ rtspEncryption: false }).config!.rtspEncryption).toBe('no');
    expect(parse('pathDefaults:\n  rpiCameraDenoise: off\n').config!.pathDefaults.rpiCameraDenoise).toBe('off');
  });

  it('reads an empty value as the default, also inside users and paths', () => {
    const { config, issues } = parse('logLevel:\nauthInternalUsers:\n- user: any\n  pass:\n  permissions:\n  - action: read\n    path:\npaths:\n  cam1:\n    record:\n  cam2:\n');
    expect(errorsOf(issues)).toEqual([]);
    expect(config!.logLevel).toBe('info');
    expect(config!.authInternalUsers).toEqual([{ user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: '' }] }]);
    expect(config!.paths).toEqual({ cam1: {}, cam2: {} });
  });

  it('keeps numbers written where text is expected as text', () => {
    const { config } = parse('pathDefaults:\n  rpiCameraH264Level: 4.2\n  publishUser: 1234\n  publishPass: 5678\n');
    expect(config!.pathDefaults.rpiCameraH264Level).toBe('4.2');
    expect(config!.pathDefaults.publishUser).toBe('1234');
  });

  it('keeps sha256 passwords as given', () => {
    const pass = 'sha256:rl3rgi4NcZkpAEcacZnQ2VuOfJ0FxAqCRaKB/SwdZoQ=';
    const { config } = parse(`authInternalUsers:\n  - user: admin\n    pass: ${pass}\n    permissions: [{action: api}]\n`);
    expect(config!.authInternalUsers[0].pass).toBe(pass);
  });

  it('an empty file is the default config', () => {
    expect(parse('').config!.rtspAddress).toBe(':8554');
    expect(parse('# only a comment\n').config!.paths).toEqual({ all_others: {} });
  });

  it('a file without paths gets the default paths; `paths:` alone means none', () => {
    expect(parse('rtsp: yes\n').config!.paths).toEqual({ all_others: {} });
    expect(parse('paths:\n').config!.paths).toEqual({});
  });
});

describe('keys', () => {
  it('case mistakes are read with a warning', () => {
    const { config, issues } = parse('RTSPAddress: ":9554"\nPaths:\n  cam: {}\n');
    expect(config!.rtspAddress).toBe(':9554');
    expect(Object.keys(config!.paths)).toEqual(['cam']);
    expect(messages(warningsOf(issues))).toEqual([
      'RTSPAddress (line 1, col 1): key names are case-sensitive; read as rtspAddress',
      'Paths (line 2, col 1): key names are case-sensitive; read as paths',
    ]);
  });

  it('explains path settings at the top level and global settings inside a path', () => {
    const { issues } = parse('record: yes\nsourceOnDemand: yes\npaths:\n  cam1:\n    rtspAddress: ":1"\n    recrod: yes\n');
    expect(messages(warningsOf(issues))).toEqual([
      'record (line 1, col 1): deprecated top-level key, read as pathDefaults.record',
      'sourceOnDemand (line 2, col 1): unknown key, ignored; sourceOnDemand is a path setting: put it under pathDefaults (all paths) or under paths.NAME',
      'paths.cam1.rtspAddress (line 5, col 5): unknown key, ignored; rtspAddress is a global setting and belongs at the top level',
      'paths.cam1.recrod (line 6, col 5): unknown key, ignored; did you mean record?',
    ]);
  });

  it('unknown keys inside list items are warnings with a suggestion', () => {
    const { config, issues } = parse('authInternalUsers:\n  - user: a\n    pas: x\n    permissions: [{action: read}]\n');
    expect(config!.authInternalUsers[0]).toEqual({ user: 'a', pass: '', ips: [], permissions: [{ action: 'read', path: '' }] });
    expect(messages(issues)).toEqual(['authInternalUsers.0.pas (line 3, col 5): unknown key, ignored; did you mean pass?']);
  });

  it('warns once per not-yet-supported setting that asks for something, and keeps it', () => {
    const { config, issues } = parse('srt: yes\nsrtAddress: ":9000"\npprof: no\nmoqServerKey: my.key\npaths:\n  cam:\n    source: srt://x:1\n    rpiCameraWidth: 640\n');
    expect(config!.srt).toBe(true);
    expect(config!.srtAddress).toBe(':9000');
    expect(config!.paths.cam).toEqual({ source: 'srt://x:1', rpiCameraWidth: 640 });
    expect(issues.map((i) => [i.code, i.key])).toEqual([
      ['unsupported', 'srt'],
      ['unsupported', 'paths.cam.source'],
    ]);
    expect(issues[0].message).toBe('srt true (line 1, col 6): not supported by Relaybox yet: the SRT server; kept as is, but Relaybox ignores it');
  });

  it('keeps the not-yet-supported list in one table', () => {
    expect(NOT_YET_SUPPORTED.length).toBeGreaterThan(10);
    expect(NOT_YET_SUPPORTED.every((r) => r.keys.length > 0 && r.feature !== '')).toBe(true);
  });
});

describe('paths and cross-setting rules', () => {
  it.each([
    ['/cam', 'cannot begin with a slash'],
    ['cam/', 'cannot end with a slash'],
    ['a/../b', '"." or ".."'],
    ['cam 1', 'only letters'],
    ['"~^(unclosed"', 'invalid regular expression'],
  ])('rejects the path name %s', (name, reason) => {
    const { config, issues } = parse(`paths:\n  ${name}:\n`);
    expect(config).toBeUndefined();
    expect(errorsOf(issues)[0]).toMatchObject({ line: 2, col: 3 });
    expect(errorsOf(issues)[0].message).toContain(reason);
  });

  it('accepts regex paths and the catch-alls, but only one catch-all', () => {
    expect(parse('paths:\n  "~^cam(\\\\d+)$":\n  all:\n').config).toBeDefined();
    expect(errorsOf(parse('paths:\n  all:\n  all_others:\n').issues)[0].message).toMatch(/all match every path; keep only one/);
  });

  it('refuses legacy per-path credentials next to a custom authInternalUsers (DESIGN §2: not mixed)', () => {
    const legacyOnly = parse('paths:\n  cam:\n    readUser: u\n    readPass: p\n');
    expect(errorsOf(legacyOnly.issues)).toEqual([]);
    const mixed = parse('authInternalUsers:\n  - user: admin\n    pass: x\n    permissions: [{action: api}]\npaths:\n  cam:\n    readUser: u\n    readPass: p\n');
    expect(mixed.config).toBeUndefined();
    expect(errorsOf(mixed.issues)[0]).toMatchObject({ key: 'paths.cam.readUser', line: 7, col: 5 });
    expect(errorsOf(mixed.issues)[0].message).toMatch(/cannot be combined with a custom authInternalUsers/);
  });

  it('requires user and password together', () => {
    expect(errorsOf(parse('pathDefaults:\n  publishUser: u\n').issues)[0].message).toBe(
      'pathDefaults.publishUser (line 2, col 3): publishPass must be set too; publishUser and publishPass go together',
    );
  });

  it('refuses a password for user "any" and empty user names', () => {
    const { issues } = parse('authInternalUsers:\n  - user: any\n    pass: x\n  - user: ""\n');
    expect(messages(errorsOf(issues))).toEqual([
      'authInternalUsers.0.pass (hidden) (line 3, col 11): a password cannot be used with user "any"; name the user or remove pass',
      'authInternalUsers.1.user "" (line 4, col 11): empty user names are not supported; use "any" for anyone',
    ]);
  });

  it('requires the address of an enabled listener', () => {
    expect(errorsOf(parse('hlsAddress: ""\n').issues)[0].message).toBe('hlsAddress (line 1, col 1): must be set when hls is enabled');
    expect(errorsOf(parse('hls: no\nhlsAddress: ""\n').issues)).toEqual([]);
  });

  it('checks sources', () => {
    expect(errorsOf(parse('paths:\n  c:\n    source: ftp://x\n').issues)[0].message).toMatch(/must be publisher, redirect, rpiCamera or a URL/);
    expect(errorsOf(parse('paths:\n  c:\n    source: redirect\n').issues)[0].message).toMatch(/sourceRedirect.*must be set when source is "redirect"/);
    const ok = parse('paths:\n  c:\n    source: rtsp://user:pw@10.0.0.1:554/$G1\n    sourceOnDemand: yes\n');
    expect(ok.issues).toEqual([]);
  });

  it('validates JSON from the API the same way, without positions', () => {
    const r = validateConfigObject({ rtmpAddress: ':99999', rtspAdress: ':1', paths: { cam1: { record: 'sometimes' } } });
    expect(r.config).toBeUndefined();
    expect(messages(r.issues)).toEqual([
      'rtspAdress: unknown key, ignored; did you mean rtspAddress?',
      'rtmpAddress ":99999": port must be 1–65535',
      'paths.cam1.record "sometimes": must be true or false (yes/no and on/off are accepted too)',
    ]);
  });
});
