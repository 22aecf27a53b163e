// Which `paths:` entry serves a stream name (MediaMTX conf.FindPathConf order), and the settings
// it resolves to. The engine's PathManager and the settings screen both use this lookup.
import { describe, expect, it } from 'vitest';
import { defaultConfig, findPathConf, PathConfIndex, resolvePathConf } from '../../../src/shared/config';
import { makeConfig } from '../../fakes/config';

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

  // Sorted: "~^(?P<site>…" < "~^cam" < "~^cam(\d+)$". So "~^cam" serves cam2 although
  // "~^cam(\d+)$" comes first in the file (and would have won in file order).
  it.each([
    ['cam1', 'cam1', [], 1],
    ['cam2', '~^cam', ['cam'], 4],
    ['paris/cam7', '~^(?P<site>[a-z]+)/cam(\\d+)$', ['paris/cam7', 'paris', '7'], 3],
    ['camera', '~^cam', ['cam'], 4],
    ['other', 'all_others', ['other'], 5],
  ])('%s → %s', (name, confName, matches, maxReaders) => {
    const r = findPathConf(config, name);
    expect(r).toEqual({ ok: true, confName, matches, conf: expect.objectContaining({ maxReaders }) });
  });

  it('passes capture groups of the entry that serves the name', () => {
    const c = makeConfig({ paths: { '~^cam(\\d+)$': { maxReaders: 2 }, all_others: {} } });
    expect(findPathConf(c, 'cam2')).toEqual({ ok: true, confName: '~^cam(\\d+)$', matches: ['cam2', '2'], conf: expect.objectContaining({ maxReaders: 2 }) });
  });

  it('tries regex entries in sorted name order, whatever the file order', () => {
    const c = makeConfig({ paths: { '~^a': { maxReaders: 1 }, '~^ab': { maxReaders: 2 } } });
    expect(findPathConf(c, 'abc')).toMatchObject({ ok: true, confName: '~^a' });
    const d = makeConfig({ paths: { '~^ab': { maxReaders: 2 }, '~^a': { maxReaders: 1 } } });
    expect(findPathConf(d, 'abc')).toMatchObject({ ok: true, confName: '~^a' });
  });

  it('exact name, then regex in sorted order, then all_others', () => {
    const c = defaultConfig();
    c.paths = { all_others: {}, cam1: { record: true }, '~^cam(\\d+)$': { maxReaders: 1 }, '~^c': { maxReaders: 2 } };
    expect(findPathConf(c, 'cam1')).toMatchObject({ ok: true, confName: 'cam1', conf: { record: true } });
    expect(findPathConf(c, 'cam22')).toMatchObject({ ok: true, confName: '~^c', matches: ['c'] });
    delete c.paths['~^c'];
    expect(findPathConf(c, 'cam22')).toMatchObject({ ok: true, confName: '~^cam(\\d+)$', matches: ['cam22', '22'], conf: { maxReaders: 1 } });
    expect(findPathConf(c, 'other')).toMatchObject({ ok: true, confName: 'all_others' });
    delete c.paths.all_others;
    expect(findPathConf(c, 'other')).toEqual({ ok: false, code: 'notFound', message: 'path "other" is not configured' });
  });

  it('matches regexes unanchored, like Go FindStringSubmatch (MediaMTX configs rely on it)', () => {
    const c = makeConfig({ paths: { '~cam': {} } });
    expect(findPathConf(c, 'mycam1')).toMatchObject({ ok: true, confName: '~cam', matches: ['cam'] });
  });

  it('reports a group that took no part as ""', () => {
    const c = makeConfig({ paths: { '~^cam(\\d+)?$': {} } });
    expect(findPathConf(c, 'cam')).toMatchObject({ ok: true, matches: ['cam', ''] });
  });

  it('the static entry wins over a regex that also matches', () => {
    const c = makeConfig({ paths: { '~.*': {}, cam1: {} } });
    expect(findPathConf(c, 'cam1')).toMatchObject({ ok: true, confName: 'cam1' });
  });

  it('accepts "all" as the older catch-all name, all_others first when both exist', () => {
    expect(findPathConf(makeConfig({ paths: { all: {} } }), 'x')).toMatchObject({ ok: true, confName: 'all' });
    expect(findPathConf(makeConfig({ paths: { all: {}, all_others: {} } }), 'x')).toMatchObject({ ok: true, confName: 'all_others' });
  });

  it('notFound without a catch-all; invalidPath before anything else, saying why', () => {
    const c = makeConfig({ paths: { cam1: {} } });
    expect(findPathConf(c, 'cam2')).toMatchObject({ ok: false, code: 'notFound' });
    expect(findPathConf(c, '../etc')).toEqual({ ok: false, code: 'invalidPath', message: 'path "../etc": a path name cannot contain "." or ".." segments' });
    expect(findPathConf(makeConfig(), '/x')).toEqual({ ok: false, code: 'invalidPath', message: 'path "/x": a path name cannot begin with a slash' });
    // Client input is quoted as JSON, so it cannot break a log line.
    expect(findPathConf(makeConfig(), 'a\nb')).toMatchObject({ ok: false, code: 'invalidPath', message: expect.stringMatching(/^path "a\\nb": /) });
  });

  it('a conf name that is not a valid static name is never served as one', () => {
    // "all_others" typed by a client matches through the catch-all, not as a static entry.
    const c = makeConfig({ paths: { all_others: { maxReaders: 9 } } });
    expect(findPathConf(c, 'all_others')).toMatchObject({ ok: true, confName: 'all_others', matches: ['all_others'] });
  });
});

describe('PathConfIndex', () => {
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

  it('hands out a fresh copy of the settings on each lookup', () => {
    const index = new PathConfIndex(makeConfig({ paths: { cam1: {} } }));
    const a = index.find('cam1');
    const b = index.find('cam1');
    if (!a.ok || !b.ok) throw new Error('cam1 is configured');
    a.conf.forward.push({ dest: 'rtmp://x/y', destFingerprint: '', whipBearerToken: '' });
    expect(b.conf.forward).toEqual([]);
  });
});

describe('resolvePathConf', () => {
  it('resolves pathDefaults under the entry, tolerating an empty (null) entry and undefined keys', () => {
    const c = makeConfig({ pathDefaults: { maxReaders: 7 }, paths: { a: { overridePublisher: false, record: undefined }, b: null as never } });
    expect(resolvePathConf(c, 'a')).toMatchObject({ maxReaders: 7, overridePublisher: false, record: false });
    expect(resolvePathConf(c, 'b')).toMatchObject({ maxReaders: 7, overridePublisher: true });
  });
});
