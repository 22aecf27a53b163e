import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from '../../../src/main/engine/core/conf-regexp';
import { findPathConf, PathConfIndex } from '../../../src/main/engine/core/path-conf';
import { validatePathName } from '../../../src/main/engine/core/path-name';
import { parseDuration, resolvePathConf } from '../../../src/main/engine/core/conf';
import { makeConfig } from '../../fakes/config';

describe('validatePathName', () => {
  it.each(['cam1', 'live/cam1', 'a.b-c_d/E.9', 'x..y', '.hidden', 'a/.b'])('accepts %s', (name) => {
    expect(validatePathName(name)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['/cam', 'begin with a slash'],
    ['cam/', 'end with a slash'],
    ['cam 1', 'can contain only'],
    ['cam?x=1', 'can contain only'],
    ['caméra', 'can contain only'],
    ['~cam', 'can contain only'],
    ['a/../b', '".."'],
    ['..', '".."'],
    ['a/./b', '".."'],
    ['.', '".."'],
  ])('rejects %j (%s)', (name, why) => {
    expect(validatePathName(name)).toContain(why);
  });
});

describe('findPathConf: MediaMTX order', () => {
  const config = makeConfig({
    paths: {
      'cam1': { maxReaders: 1 },
      '~^cam(\\d+)$': { maxReaders: 2 },
      '~^(?P<site>[a-z]+)/cam(\\d+)$': { maxReaders: 3 },
      '~^cam': { maxReaders: 4 },
      all_others: { maxReaders: 5 },
    },
  });

  it.each([
    ['cam1', 'cam1', [], 1],
    ['cam2', '~^cam(\\d+)$', ['cam2', '2'], 2],
    ['paris/cam7', '~^(?P<site>[a-z]+)/cam(\\d+)$', ['paris/cam7', 'paris', '7'], 3],
    ['camera', '~^cam', ['cam'], 4],
    ['other', 'all_others', ['other'], 5],
  ])('%s → %s', (name, confName, matches, maxReaders) => {
    const r = findPathConf(config, name);
    expect(r).toEqual({ ok: true, confName, matches, conf: expect.objectContaining({ maxReaders }) });
  });

  it('tries regex entries in file order: the first that matches wins', () => {
    const c = makeConfig({ paths: { '~^a': { maxReaders: 1 }, '~^ab': { maxReaders: 2 } } });
    expect(findPathConf(c, 'abc')).toMatchObject({ ok: true, confName: '~^a' });
    const d = makeConfig({ paths: { '~^ab': { maxReaders: 2 }, '~^a': { maxReaders: 1 } } });
    expect(findPathConf(d, 'abc')).toMatchObject({ ok: true, confName: '~^ab' });
  });

  it('matches regexes unanchored, like Go FindStringSubmatch (MediaMTX configs rely on it)', () => {
    const c = makeConfig({ paths: { '~cam': {} } });
    expect(findPathConf(c, 'mycam1')).toMatchObject({ ok: true, confName: '~cam', matches: ['cam'] });
  });

  it('the static entry wins over a regex that also matches', () => {
    const c = makeConfig({ paths: { '~.*': {}, cam1: {} } });
    expect(findPathConf(c, 'cam1')).toMatchObject({ ok: true, confName: 'cam1' });
  });

  it('accepts "all" as the older catch-all name', () => {
    expect(findPathConf(makeConfig({ paths: { all: {} } }), 'x')).toMatchObject({ ok: true, confName: 'all' });
  });

  it('notFound without a catch-all; invalidPath before anything else', () => {
    const c = makeConfig({ paths: { cam1: {} } });
    expect(findPathConf(c, 'cam2')).toMatchObject({ ok: false, code: 'notFound' });
    expect(findPathConf(c, '../etc')).toMatchObject({ ok: false, code: 'invalidPath' });
    expect(findPathConf(makeConfig(), '/x')).toMatchObject({ ok: false, code: 'invalidPath' });
  });

  it('a conf name that is not a valid static name is never served as one', () => {
    // "all_others" typed by a client matches through the catch-all, not as a static entry.
    const c = makeConfig({ paths: { all_others: { maxReaders: 9 } } });
    expect(findPathConf(c, 'all_others')).toMatchObject({ ok: true, confName: 'all_others', matches: ['all_others'] });
  });

  it('reports regexes JavaScript cannot compile and never matches them', () => {
    const index = new PathConfIndex(makeConfig({ paths: { '~(': {}, all_others: {} } }));
    expect(index.invalidRegexps).toEqual(['~(']);
    expect(index.find('(')).toMatchObject({ ok: false, code: 'invalidPath' });
    expect(index.find('x')).toMatchObject({ ok: true, confName: 'all_others' });
  });

  it('lists static names only', () => {
    const index = new PathConfIndex(makeConfig({ paths: { cam1: {}, '~x': {}, all_others: {}, 'live/cam2': {} } }));
    expect(index.staticNames()).toEqual(['cam1', 'live/cam2']);
  });

  it('resolves pathDefaults under the entry, tolerating an empty (null) entry', () => {
    const c = makeConfig({ pathDefaults: { maxReaders: 7 }, paths: { a: { overridePublisher: false }, b: null as never } });
    expect(resolvePathConf(c, 'a')).toMatchObject({ maxReaders: 7, overridePublisher: false });
    expect(resolvePathConf(c, 'b')).toMatchObject({ maxReaders: 7, overridePublisher: true });
  });
});

describe('compileGoRegexp', () => {
  it('translates Go-only spellings', () => {
    expect(compileGoRegexp('(?i)^CAM')!.test('camera')).toBe(true);
    expect(compileGoRegexp('^(?P<n>\\d+)$')!.exec('42')!.groups).toEqual({ n: '42' });
    expect(compileGoRegexp('[')).toBeNull();
  });
});

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['200ms', 200],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['0', 0],
    ['1.5s', 1500],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 's', '10x', '10s junk'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});
