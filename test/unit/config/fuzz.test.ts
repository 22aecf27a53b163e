// Properties over random input: the loader never throws (every problem is an issue), what it
// accepts is stable, and saving or exporting any valid config reads back as the same config.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFileText, exportMediamtx, parseConfigText } from '../../../src/main/engine/config';
import {
  addPath,
  deletePath,
  GLOBAL_KEYS,
  PATH_KEYS,
  patchGlobal,
  patchPath,
  patchPathDefaults,
  validateConfigObject,
  type Config,
} from '../../../src/shared/config';
import { readConfigFixture } from './support';

const FRAGMENTS = [
  'rtspAddress', 'rtmpAddress', 'paths', 'pathDefaults', 'all_others', 'cam1', 'authInternalUsers', 'permissions',
  'user', 'pass', 'action', 'record', 'source', 'protocols', 'rtspAdress', '~^x$', '<<', '__proto__',
  ':', ': ', ':8554', '":99999"', 'yes', 'no', 'on', '~', 'null', '0', '1e9', '4.1', '1h30m', '50M',
  '[', ']', '{', '}', ',', '-', '- ', '&a', '*a', '!!str', '!!binary', '|', '>', '"', "'", '#', '%YAML 1.2', '---', '...',
  '\n', '\n  ', '\n    ', '\t', ' ', '?', '@', '`', '\\', '\r\n', 'rtsp://u:p@h/x',
];

const yamlish = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('parseConfigText on random text', () => {
  it('never throws; a config comes back exactly when there is no error', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const r = parseConfigText(text);
        expect(Array.isArray(r.issues)).toBe(true);
        const hasError = r.issues.some((i) => i.severity === 'error');
        expect(r.config === undefined).toBe(hasError);
        for (const i of r.issues) expect(typeof i.message).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('survives alias bombs and self-references', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(parseConfigText(bomb).issues.some((i) => i.severity === 'error')).toBe(true);
    expect(parseConfigText('paths: &p\n  cam: *p\n').issues.some((i) => i.severity === 'error')).toBe(true);
    expect(parseConfigText(`${'['.repeat(2000)}${']'.repeat(2000)}`).issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

const scalar = fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.constant(null), fc.constantFrom('yes', 'off', ':8554', '10s', '50M', 'publisher'));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('user', 'pass', 'action', 'dest', 'x'), scalar, { maxKeys: 3 }));

describe('validateConfigObject on random objects', () => {
  it('never throws, and what it accepts validates again to itself', () => {
    const obj = fc.record(
      {
        global: fc.dictionary(fc.constantFrom(...GLOBAL_KEYS, 'protocols', 'bogus'), value, { maxKeys: 6 }),
        pathDefaults: fc.dictionary(fc.constantFrom(...PATH_KEYS, 'runOnReady'), value, { maxKeys: 4 }),
        paths: fc.dictionary(fc.constantFrom('cam1', 'all_others', '~^x', 'bad name', '/x'), fc.dictionary(fc.constantFrom(...PATH_KEYS), value, { maxKeys: 3 }), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(obj, (o) => {
        const input = { ...o.global, ...(o.pathDefaults ? { pathDefaults: o.pathDefaults } : {}), ...(o.paths ? { paths: o.paths } : {}) };
        const r = validateConfigObject(input);
        if (!r.config) return;
        const again = validateConfigObject(JSON.parse(JSON.stringify(r.config)));
        expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(again.config).toEqual(r.config);
      }),
      { numRuns: 300 },
    );
  });
});

// Edits the API can make, each with values the schema accepts.
const edit = fc.oneof(
  fc.record({ kind: fc.constant('global' as const), key: fc.constantFrom('rtmpAddress', 'hlsAddress', 'logLevel', 'rtsp', 'rtspTransports', 'hlsVariant', 'apiAllowOrigins', 'writeQueueSize', 'webrtcAdditionalHosts', 'runOnConnect'), n: fc.nat(3) }),
  fc.record({ kind: fc.constant('pathDefaults' as const), key: fc.constantFrom('record', 'recordFormat', 'maxReaders', 'recordPath', 'runOnRead', 'overridePublisher'), n: fc.nat(3) }),
  fc.record({ kind: fc.constantFrom('add' as const, 'patch' as const, 'replace' as const, 'delete' as const), name: fc.constantFrom('cam1', 'cam2', 'live/a.b', 'all_others', '~^x(\\d+)$', 'yes'), key: fc.constantFrom('record', 'maxReaders', 'source', 'runOnRead', 'forward'), n: fc.nat(3) }),
);

const VALUES: Record<string, unknown[]> = {
  rtmpAddress: [':1936', '127.0.0.1:1935', '[::1]:1940', ':1935'],
  hlsAddress: [':9888', ':8888', '0.0.0.0:80', ':1'],
  logLevel: ['debug', 'warn', 'info', 'error'],
  rtsp: [false, true, 'no', 'yes'],
  rtspTransports: [['tcp'], ['udp', 'tcp'], ['udp', 'multicast', 'tcp'], 'tcp'],
  hlsVariant: ['mpegts', 'fmp4', 'lowLatency', 'fmp4'],
  apiAllowOrigins: [['*'], [], ['http://a', 'http://b'], 'http://c'],
  writeQueueSize: [256, 512, 1024, 4096],
  webrtcAdditionalHosts: [['1.2.3.4'], [], ['no'], ['host.lan']],
  runOnConnect: ['echo "hi"', '', 'ffmpeg -i x # not a comment', '1:30'],
  record: [true, false, 'yes', 'off'],
  recordFormat: ['mpegts', 'fmp4', 'mpegts', 'fmp4'],
  maxReaders: [0, 1, 10, 3],
  recordPath: ['./r/%path', "it's: tricky", './recordings/%path/%Y', 'no'],
  runOnRead: ['echo read', '', 'curl "http://x/?a=1&b=2"', 'on'],
  overridePublisher: [false, true, false, true],
  source: ['publisher', 'rtsp://10.0.0.1/s', 'rtmp://h/live/k', 'publisher'],
  forward: [[{ dest: 'rtmp://a/live/x' }], [], ['rtsp://b/x'], [{ dest: 'srt://c:1' }]],
};

interface Edit {
  kind: string;
  key: string;
  n: number;
  name?: string;
}

function applyEdit(c: Config, e: Edit): Config {
  const v = VALUES[e.key][e.n];
  const r =
    e.kind === 'global' ? patchGlobal(c, { [e.key]: v })
    : e.kind === 'pathDefaults' ? patchPathDefaults(c, { [e.key]: v })
    : e.kind === 'add' ? addPath(c, e.name!, { [e.key]: v })
    : e.kind === 'patch' ? patchPath(c, e.name!, { [e.key]: v })
    : e.kind === 'replace' ? addPath(deletePath(c, e.name!).config ?? c, e.name!, { [e.key]: v })
    : deletePath(c, e.name!);
  return r.config ?? c;
}

describe('saving and exporting any valid config', () => {
  it.each(['commented.yml', 'mediamtx-v1.9.3.yml', 'mediamtx-v1.20.1.yml', 'legacy.yml'])('edits of %s read back as the same config', (fixture) => {
    const original = readConfigFixture(fixture);
    const start = parseConfigText(original).config!;
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 8 }), (edits) => {
        const c = edits.reduce(applyEdit, start);
        const saved = configFileText(original, c);
        // Edited in place (a fallback rewrite would start with Relaybox's own header instead).
        expect(saved.split('\n')[0]).toBe(original.split('\n')[0]);
        const back = parseConfigText(saved);
        expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(back.config).toEqual(c);
        const exported = parseConfigText(exportMediamtx(c));
        expect(exported.config).toEqual(c);
      }),
      { numRuns: 60 },
    );
  });
});
