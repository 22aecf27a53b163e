// Settings logic without a DOM: sections cover the schema, editor text round-trips, edits are
// validated by the shared validator with messages keyed to their field, YAML import/export.
import { describe, expect, it } from 'vitest';
import { defaultConfig, describeConfigFields, GLOBAL_KEYS, resolvePathConf, type Config } from '../../../src/shared/config';
import { textToValue, valueToText } from '../../../src/renderer/src/features/settings/field-text';
import { settingsSections, PATH_EDITOR_KEYS, fieldIndex } from '../../../src/renderer/src/features/settings/settings-sections';
import {
  assembleConfig, changedValues, fieldId, issuesByField, mergeReloads, pathOverrides, planSave, type SettingsData,
} from '../../../src/renderer/src/features/settings/settings-model';
import { configYamlText, importEdits, parseConfigYaml, redactSecrets } from '../../../src/renderer/src/features/settings/config-yaml';
import { permissionsToText, textToPermissions } from '../../../src/renderer/src/features/settings/users-text';
import { FIELD_DESCRIPTIONS_ZH } from '../../../src/renderer/src/i18n/settings-strings';

/** What the API returns for a config (global, pathDefaults, paths resolved like engine-api.ts). */
function dataOf(config: Config): SettingsData {
  const { paths, pathDefaults, ...global } = config;
  return { global, pathDefaults, paths: Object.keys(paths).map((name) => ({ name, ...resolvePathConf(config, name) })) };
}

function withPaths(paths: Config['paths']): Config {
  return { ...defaultConfig(), paths };
}

describe('settings sections', () => {
  it('shows every global key exactly once across the tabs', () => {
    const sections = settingsSections();
    const global = sections.flatMap((s) => s.groups.filter((g) => g.scope === 'global').flatMap((g) => g.keys));
    expect(new Set(global).size).toBe(global.length);
    expect([...global].sort()).toEqual([...GLOBAL_KEYS].sort());
  });

  it('names only keys the schema knows, and has Chinese help for every key outside Advanced', () => {
    const fields = fieldIndex();
    const sections = settingsSections();
    for (const s of sections.filter((x) => x.id !== 'advanced')) {
      for (const g of s.groups) {
        for (const key of g.keys) {
          expect(fields.has(`${g.scope}:${key}`), key).toBe(true);
          expect(FIELD_DESCRIPTIONS_ZH[key], key).toBeTruthy();
        }
      }
    }
    for (const key of PATH_EDITOR_KEYS) expect(fields.has(`path:${key}`), key).toBe(true);
  });

  it('puts a schema key that no group names into Advanced', () => {
    const extra = { scope: 'global' as const, key: 'brandNewKey', default: 1, kind: 'integer' as const, allowed: '', description: '' };
    const sections = settingsSections([...describeConfigFields(), extra]);
    expect(sections.find((s) => s.id === 'advanced')!.groups[0].keys).toContain('brandNewKey');
  });
});

describe('editor text', () => {
  it.each([
    ['integer', 512, '512'],
    ['list', ['udp', 'tcp'], 'udp, tcp'],
    ['list', [], ''],
    ['address', ':8554', ':8554'],
    ['text-or-number', 2, '2'],
  ] as const)('%s %j ⇄ %j', (kind, value, text) => {
    expect(valueToText(kind, value)).toBe(text);
    expect(textToValue(kind, text)).toEqual(value);
  });

  it('passes what it cannot convert through, for the validator to name', () => {
    expect(textToValue('integer', '12a')).toBe('12a');
    expect(textToValue('objects', '[{')).toBe('[{');
    expect(textToValue('list', 'a b,,c')).toEqual(['a', 'b', 'c']);
  });

  it('reads permissions as action or action:path', () => {
    const perms = textToPermissions('publish, read:cam1');
    expect(perms).toEqual([{ action: 'publish', path: '' }, { action: 'read', path: 'cam1' }]);
    expect(permissionsToText(perms)).toBe('publish, read:cam1');
  });
});

describe('settings model', () => {
  it('recovers path overrides from the resolved confs the API lists', () => {
    const config = withPaths({ cam1: { source: 'rtsp://10.0.0.2/x', record: true }, all_others: {} });
    const data = dataOf(config);
    expect(pathOverrides(data.paths[0], data.pathDefaults)).toEqual({ source: 'rtsp://10.0.0.2/x', record: true });
    expect(assembleConfig(data).paths).toEqual(config.paths);
  });

  it('sends only changed keys, and puts validator messages next to their field', () => {
    const data = dataOf(defaultConfig());
    const drafts = { global: { ...data.global, rtspAddress: ':70000', rtmpAddress: ':1936' } };
    const plan = planSave(data, drafts);
    expect(plan.edits).toEqual([{ target: { kind: 'global' }, patch: { rtspAddress: ':70000', rtmpAddress: ':1936' }, isNew: false }]);
    expect(Object.keys(plan.errors)).toEqual([fieldId({ kind: 'global' }, 'rtspAddress')]);
    expect(plan.errors['global:rtspAddress']).toMatch(/rtspAddress ":70000".*port/);
  });

  it('checks a path edit against pathDefaults and a new path by its overrides only', () => {
    const data = dataOf(withPaths({ cam1: {} }));
    const plan = planSave(data, {
      'path:cam1': { ...data.paths[0], source: 'ftp://nope' },
      'path:cam2': { ...data.pathDefaults, record: true },
    }, ['cam2']);
    expect(plan.errors['path:cam1:source']).toMatch(/must be publisher/);
    expect(plan.edits.find((e) => e.target.kind === 'path' && e.target.name === 'cam2')).toEqual(
      { target: { kind: 'path', name: 'cam2' }, patch: { record: true }, isNew: true },
    );
  });

  it('runs cross-setting checks on the combined result of all edits', () => {
    // Legacy per-path credentials cannot be mixed with a custom authInternalUsers (MediaMTX rule).
    const data = dataOf(withPaths({ cam1: {} }));
    const users = [{ user: 'bob', pass: 'x', ips: [], permissions: [{ action: 'publish', path: '' }] }];
    const plan = planSave(data, {
      global: { ...data.global, authInternalUsers: users },
      'path:cam1': { ...data.paths[0], readUser: 'r', readPass: 'p' },
    });
    expect(Object.keys(plan.errors).length).toBeGreaterThan(0);
  });

  it('maps each issue to its field: list items to the list, dotted path names to the longest match', () => {
    const issues = [
      { severity: 'error' as const, key: 'authInternalUsers.0.pass', message: 'a' },
      { severity: 'error' as const, key: 'paths.cam.1.source', message: 'b' },
      { severity: 'error' as const, key: 'pathDefaults.recordFormat', message: 'd' },
      { severity: 'error' as const, key: '', message: 'e' },
      { severity: 'warning' as const, key: 'rtspAddress', message: 'c' },
    ];
    expect(issuesByField(issues, ['cam', 'cam.1'])).toEqual({
      'global:authInternalUsers': 'a', 'path:cam.1:source': 'b', 'pathDefaults:recordFormat': 'd', 'global:*': 'e',
    });
    expect(issuesByField(issues, [], 'warning')).toEqual({ 'global:rtspAddress': 'c' });
  });

  it('diffs values and merges reload results', () => {
    expect(changedValues({ a: 1, b: [1] }, { a: 1, b: [1, 2] })).toEqual({ b: [1, 2] });
    expect(mergeReloads([
      { restarted: ['rtsp'], paths: [], warnings: [] },
      { restarted: ['rtsp', 'rtmp'], paths: ['cam1'], warnings: [] },
    ])).toEqual({ restarted: ['rtsp', 'rtmp'], paths: ['cam1'], warnings: [] });
  });
});

describe('YAML tab', () => {
  it('writes a file the shared validator reads back as the same config', () => {
    const config = { ...withPaths({ cam1: { source: 'publisher', readUser: 'u', readPass: 'secret' } }), rtspEncryption: 'no' as const, rtspAddress: ':9554' };
    const text = configYamlText(config);
    expect(text).toContain('rtspAddress: :9554');
    const back = parseConfigYaml(text);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(back.config).toEqual(config);
  });

  it('masks secrets in the on-screen view only', () => {
    const config = withPaths({ cam1: { readUser: 'u', readPass: 'secret', source: 'rtsp://u:secret@cam/x' } });
    expect(configYamlText(config, { redact: true })).not.toContain('secret');
    expect(configYamlText(config, { redact: true })).toContain('rtsp://u:***@cam/x');
    expect(configYamlText(config)).toContain('secret');
    expect(redactSecrets({ authInternalUsers: [{ user: 'a', pass: 'p' }, { user: 'any', pass: '' }] }))
      .toEqual({ authInternalUsers: [{ user: 'a', pass: '***' }, { user: 'any', pass: '' }] });
  });

  it('reports broken or invalid files as issues, never throws', () => {
    expect(parseConfigYaml('rtspAddress: [').issues[0].code).toBe('syntax');
    const bad = parseConfigYaml('rtspAddress: nope\n');
    expect(bad.config).toBeUndefined();
    expect(bad.issues[0].message).toMatch(/rtspAddress/);
    expect(parseConfigYaml('a: &a [*a, *a]\n').config).toBeUndefined();
  });

  it('turns an imported file into the API edits that produce it', () => {
    const current = withPaths({ old: {}, keep: { record: true } });
    const next = { ...withPaths({ keep: { record: false, source: 'rtsp://cam/x' }, fresh: {} }), rtmpAddress: ':2935' };
    expect(importEdits(current, next)).toEqual([
      { op: 'delete', name: 'old' },
      { op: 'global', patch: { rtmpAddress: ':2935' } },
      { op: 'replace', name: 'keep', conf: { record: false, source: 'rtsp://cam/x' } },
      { op: 'add', name: 'fresh', conf: {} },
    ]);
    expect(importEdits(current, current)).toEqual([]);
  });
});
