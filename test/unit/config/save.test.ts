// Saving edits the user's file in place (comments, order and layout survive), atomically, with a
// .bak of the previous version; export writes a file MediaMTX can load.
import { mkdtemp, readdir, readFile, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportMediamtx, findConfigFile, loadConfigFile, parseConfigText, saveConfig } from '../../../src/main/engine/config';
import { addPath, defaultConfig, deletePath, GLOBAL_KEYS, patchGlobal, patchPath, patchPathDefaults, PATH_KEYS, type Config } from '../../../src/shared/config';
import { errorsOf, readConfigFixture } from './support';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relaybox-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const load = (text: string): Config => {
  const r = parseConfigText(text);
  expect(errorsOf(r.issues)).toEqual([]);
  return r.config!;
};

const commentLines = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('#') || l.includes(' # '));

/** Lines of `after` that are not in `before` and vice versa (as multisets, in order of appearance). */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  return {
    removed: a.filter((l) => (cb.get(l) ?? 0) < (ca.get(l) ?? 0) && cb.set(l, (cb.get(l) ?? 0) + 1)),
    added: b.filter((l) => (ca.get(l) ?? 0) < (count(b).get(l) ?? 0) && ca.set(l, (ca.get(l) ?? 0) + 1)),
  };
}

describe('saveConfig into an existing file', () => {
  it('keeps every comment, changes only the edited lines, and writes .bak', async () => {
    const file = join(dir, 'relaybox.yml');
    const original = readConfigFixture('commented.yml');
    await writeFile(file, original);
    let c = load(original);
    c = patchGlobal(c, { rtmpAddress: ':1940', logLevel: 'debug' }).config!;
    c = patchPathDefaults(c, { record: true }).config!;
    c = patchPath(c, 'cam1', { sourceOnDemand: false }).config!;
    await saveConfig(file, c);

    const saved = await readFile(file, 'utf8');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(original);
    expect(load(saved)).toEqual(c);
    for (const comment of commentLines(original).map((l) => l.slice(l.indexOf('#')))) expect(saved).toContain(comment);
    expect(saved).toBe(
      original
        .replace('logLevel: info   #', 'logLevel: debug   #')
        .replace('rtmpAddress: :1935', 'rtmpAddress: :1940')
        .replace('record: no', 'record: yes')
        .replace('sourceOnDemand: yes', 'sourceOnDemand: no'),
    );
    expect((await readdir(dir)).sort()).toEqual(['relaybox.yml', 'relaybox.yml.bak']);
  });

  it('adds new keys next to their siblings and removes deleted ones', async () => {
    const file = join(dir, 'relaybox.yml');
    const original = readConfigFixture('commented.yml');
    await writeFile(file, original);
    let c = load(original);
    c = patchGlobal(c, { hlsAddress: ':9888' }).config!;
    c = patchPathDefaults(c, { maxReaders: 5 }).config!;
    c = addPath(c, 'cam2', { source: 'rtmp://10.0.0.3/live/x' }).config!;
    c = deletePath(c, 'cam1').config!;
    c = patchPath(c, 'all_others', { record: true }).config!;
    await saveConfig(file, c);

    const saved = await readFile(file, 'utf8');
    expect(load(saved)).toEqual(c);
    expect(saved).toContain('rtmpAddress: :1935\nhlsAddress: :9888\n\n#####');
    expect(saved).toContain('  recordPath: ./recordings/%path/%Y-%m-%d_%H-%M-%S-%f\n  maxReaders: 5\n');
    expect(saved).not.toContain('cam1:');
    expect(saved).not.toContain('# A camera pulled over RTSP.');
    expect(saved).toContain('  all_others:\n    record: true\n  cam2:\n    source: rtmp://10.0.0.3/live/x\n');
    expect(saved).toContain('# Verbosity: error, warn, info, debug.');
  });

  it('edits MediaMTX\'s reference file with a one-line change', async () => {
    const file = join(dir, 'mediamtx.yml');
    const original = readConfigFixture('mediamtx-v1.20.1.yml');
    await writeFile(file, original);
    const c = patchGlobal(load(original), { hlsAddress: ':9888' }).config!;
    await saveConfig(file, c);
    const saved = await readFile(file, 'utf8');
    expect(lineDiff(original, saved)).toEqual({ removed: ['hlsAddress: :8888'], added: ['hlsAddress: :9888'] });
  });

  it('writes the current name in place of an old one, and keeps yes/no style', async () => {
    const file = join(dir, 'mediamtx.yml');
    const original = readConfigFixture('mediamtx-v1.9.3.yml');
    await writeFile(file, original);
    const c = patchGlobal(load(original), { rtspTransports: ['udp', 'tcp'], api: true, runOnConnect: 'echo hi' }).config!;
    await saveConfig(file, c);
    const saved = await readFile(file, 'utf8');
    expect(lineDiff(original, saved)).toEqual({
      removed: ['runOnConnect:', 'api: no', 'protocols: [udp, multicast, tcp]'],
      added: ['runOnConnect: echo hi', 'api: yes', 'rtspTransports: [udp, tcp]'],
    });
    expect(load(saved)).toEqual(c);
  });

  it('moves old top-level record keys into pathDefaults when they change', async () => {
    const file = join(dir, 'relaybox.yml');
    await writeFile(file, '# mine\nrecord: yes\nrtsp: yes\npaths:\n  all_others:\n');
    const c = patchPathDefaults(load(await readFile(file, 'utf8')), { record: false, recordFormat: 'mpegts' }).config!;
    await saveConfig(file, c);
    const saved = await readFile(file, 'utf8');
    expect(saved).toBe('# mine\nrtsp: yes\npathDefaults:\n  recordFormat: mpegts\npaths:\n  all_others:\n');
    expect(load(saved)).toEqual(c);
  });

  it('keeps CRLF line endings', async () => {
    const file = join(dir, 'relaybox.yml');
    await writeFile(file, 'rtsp: yes\r\n# c\r\npaths:\r\n  cam:\r\n    record: no\r\n');
    let c = load(await readFile(file, 'utf8'));
    c = patchPath(c, 'cam', { record: true, maxReaders: 2 }).config!;
    c = patchGlobal(c, { hlsAddress: ':1' }).config!;
    await saveConfig(file, c);
    const saved = await readFile(file, 'utf8');
    expect(saved).toBe('rtsp: yes\r\nhlsAddress: :1\r\n# c\r\npaths:\r\n  cam:\r\n    record: yes\r\n    maxReaders: 2\r\n');
  });

  it('rewrites a file it cannot edit in place (flow style, broken YAML) and keeps the old one as .bak', async () => {
    for (const original of ['{rtsp: true, paths: {cam: {record: true}}}\n', 'rtsp: [yes\n']) {
      const file = join(dir, 'relaybox.yml');
      await writeFile(file, original);
      const c = addPath(defaultConfig(), 'x', { maxReaders: 3 }).config!;
      await saveConfig(file, c);
      expect(load(await readFile(file, 'utf8'))).toEqual(c);
      expect(await readFile(`${file}.bak`, 'utf8')).toBe(original);
    }
  });

  it.runIf(process.platform !== 'win32')('writes through a symlinked file', async () => {
    const real = join(dir, 'real.yml');
    const link = join(dir, 'relaybox.yml');
    await writeFile(real, 'rtsp: yes\n');
    await symlink(real, link);
    await saveConfig(link, patchGlobal(load('rtsp: yes\n'), { rtsp: false }).config!);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('rtsp: no\n');
  });
});

describe('saveConfig to a new file', () => {
  it('writes the non-default keys and the paths, without .bak', async () => {
    const file = join(dir, 'relaybox.yml');
    const c = addPath(patchGlobal(defaultConfig(), { rtmpAddress: ':1940' }).config!, 'cam', { source: 'rtsp://h/s' }).config!;
    await saveConfig(file, c);
    const text = await readFile(file, 'utf8');
    expect(load(text)).toEqual(c);
    expect(text).toContain('rtmpAddress: :1940\n');
    expect(text).toContain('paths:\n  all_others:\n  cam:\n    source: rtsp://h/s\n');
    expect(text).not.toContain('hlsAddress');
    expect(await readdir(dir)).toEqual(['relaybox.yml']);
  });
});

describe('exportMediamtx', () => {
  const tricky = (): Config => {
    let c = defaultConfig();
    c = patchGlobal(c, {
      authInternalUsers: [{ user: 'no', pass: 'on', ips: ['10.0.0.0/8'], permissions: [{ action: 'publish', path: '~^cam' }] }],
      rtspEncryption: 'optional',
      hlsVariant: 'mpegts',
      webrtcAdditionalHosts: ['1.2.3.4'],
    }).config!;
    c = patchPathDefaults(c, { rpiCameraH264Level: '4.2', recordDeleteAfter: '7d', runOnRead: '1:30' }).config!;
    c = addPath(c, 'yes', { source: 'rtsp://cam/s', forward: [{ dest: 'rtmp://x/live/k' }] }).config!;
    return c;
  };

  it('round-trips through the loader with no error', () => {
    for (const c of [defaultConfig(), tricky()]) {
      const r = parseConfigText(exportMediamtx(c));
      expect(errorsOf(r.issues)).toEqual([]);
      expect(r.config).toEqual(c);
    }
  });

  it('writes only keys MediaMTX knows, readable as MediaMTX reads YAML (1.1)', () => {
    const text = exportMediamtx(tricky());
    const mediamtxKeys = new Set(Object.keys(parseYaml(readConfigFixture('mediamtx-v1.20.1.yml')) as object));
    const asMediamtx = parseYaml(text, { version: '1.1' }) as Record<string, any>;
    for (const key of Object.keys(asMediamtx)) expect(mediamtxKeys, key).toContain(key);
    expect(GLOBAL_KEYS.length).toBeGreaterThan(100);
    expect(PATH_KEYS.length).toBeGreaterThan(90);
    // Strings YAML 1.1 would turn into booleans or numbers are quoted.
    expect(asMediamtx.authInternalUsers[0]).toMatchObject({ user: 'no', pass: 'on' });
    expect(asMediamtx.pathDefaults.rpiCameraH264Level).toBe('4.2');
    expect(asMediamtx.pathDefaults.runOnRead).toBe('1:30');
    expect(asMediamtx.paths).toHaveProperty('yes');
    // Where Relaybox's defaults differ from MediaMTX's, the value is written out.
    expect(asMediamtx).toMatchObject({ api: true, apiAddress: '127.0.0.1:9997', rtspTransports: ['udp', 'tcp'], srt: false, moq: false });
    expect(text).toMatch(/^# MediaMTX configuration exported by Relaybox\./);
    expect(text).toContain('\napiAddress: 127.0.0.1:9997\n');
  });
});

describe('finding and loading the file', () => {
  it('looks for an explicit file, then relaybox.yml, then mediamtx.yml', async () => {
    expect(findConfigFile(undefined, dir)).toBeUndefined();
    await writeFile(join(dir, 'mediamtx.yml'), '');
    expect(findConfigFile(undefined, dir)).toBe(join(dir, 'mediamtx.yml'));
    await writeFile(join(dir, 'relaybox.yml'), '');
    expect(findConfigFile(undefined, dir)).toBe(join(dir, 'relaybox.yml'));
    expect(findConfigFile('other.yml', dir)).toBe(join(dir, 'other.yml'));
  });

  it('loads a file, and reports a missing one clearly', async () => {
    const file = join(dir, 'relaybox.yml');
    await writeFile(file, 'rtspAdress: 8554\n');
    const ok = await loadConfigFile(file);
    expect(ok.config).toBeDefined();
    expect(ok.text).toBe('rtspAdress: 8554\n');
    expect(ok.issues[0]).toMatchObject({ file, line: 1, code: 'unknown-key' });

    const missing = await loadConfigFile(join(dir, 'nope.yml'));
    expect(missing.config).toBeUndefined();
    expect(missing.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'io', message: expect.stringMatching(/nope\.yml": file not found/) }),
    ]);
    const folder = await loadConfigFile(dir);
    expect(folder.issues[0].message).toMatch(/is a folder/);
  });
});

describe('saveConfig with YAML features the editor does not rewrite', () => {
  it('falls back to a clean file when anchors or merge keys would make an in-place edit wrong', async () => {
    const file = join(dir, 'relaybox.yml');
    const original = 'base: &base\n  record: yes\npaths:\n  cam1:\n    <<: *base\n    maxReaders: 2\n';
    // `base` is not a setting (a warning), but it anchors what cam1 merges in.
    await writeFile(file, original);
    const c = patchPath(load(original), 'cam1', { record: false }).config!;
    await saveConfig(file, c);
    expect(load(await readFile(file, 'utf8'))).toEqual(c);
  });

  it('keeps "#" lines inside a block scalar', async () => {
    const file = join(dir, 'relaybox.yml');
    const original = 'runOnConnect: |\n  echo a\n  # part of the command\nrtsp: yes\n';
    await writeFile(file, original);
    const c = patchGlobal(load(original), { runOnConnect: 'echo b' }).config!;
    await saveConfig(file, c);
    expect(await readFile(file, 'utf8')).toBe('runOnConnect: echo b\nrtsp: yes\n');
  });
});
