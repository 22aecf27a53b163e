// Resolution order with real files on disk: fake "ffmpeg" scripts that print a version line.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath, parseFfmpegVersion, resolveFfmpeg, unpackedAsarPath } from '../../../src/main/engine/pipelines/ffmpeg';

let root: string;

function fakeFfmpeg(dir: string, version: string, name = 'ffmpeg'): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\necho "ffmpeg version ${version} Copyright (c) 2000-2026 the FFmpeg developers"\n`);
  chmodSync(p, 0o755);
  return p;
}

function brokenFfmpeg(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'ffmpeg');
  writeFileSync(p, '#!/bin/sh\necho "error while loading shared libraries: libavdevice.so.59" >&2\nexit 127\n');
  chmodSync(p, 0o755);
  return p;
}

beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'relaybox-ffres-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('unpackedAsarPath', () => {
  it.each([
    ['/opt/Relaybox/resources/app.asar/node_modules/ffmpeg-static/ffmpeg', '/opt/Relaybox/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'],
    ['C:\\Program Files\\Relaybox\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe', 'C:\\Program Files\\Relaybox\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe'],
    ['/Applications/Relaybox.app/Contents/Resources/app.asar/node_modules/ffmpeg-static/ffmpeg', '/Applications/Relaybox.app/Contents/Resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'],
    // Already unpacked, or not in an archive at all: unchanged.
    ['/opt/Relaybox/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg', '/opt/Relaybox/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'],
    ['/home/u/relaybox/node_modules/ffmpeg-static/ffmpeg', '/home/u/relaybox/node_modules/ffmpeg-static/ffmpeg'],
    ['/home/u/my.app.asar.files/ffmpeg', '/home/u/my.app.asar.files/ffmpeg'],
  ])('%s', (input, expected) => {
    expect(unpackedAsarPath(input)).toBe(expected);
  });
});

describe('parseFfmpegVersion', () => {
  it('reads the Debian version line', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc 12')).toBe('5.1.9-0+deb12u1');
    expect(parseFfmpegVersion('ffprobe version 5.1')).toBeNull();
  });
});

describe('findOnPath', () => {
  it('takes the first executable in PATH order and skips non-executable files and directories', () => {
    const a = join(root, 'p1');
    mkdirSync(join(a, 'ffmpeg'), { recursive: true }); // a directory named ffmpeg
    const b = join(root, 'p2');
    mkdirSync(b, { recursive: true });
    writeFileSync(join(b, 'ffmpeg'), 'not executable');
    const c = fakeFfmpeg(join(root, 'p3'), '1.0');
    fakeFfmpeg(join(root, 'p4'), '2.0');
    expect(findOnPath('ffmpeg', { PATH: [a, b, join(root, 'p3'), join(root, 'p4')].join(':') }, 'linux')).toBe(c);
    expect(findOnPath('ffmpeg', { PATH: [a, b].join(':') }, 'linux')).toBeNull();
    expect(findOnPath('ffmpeg', { PATH: '' }, 'linux')).toBeNull();
  });

  it('tries PATHEXT extensions on Windows, honouring "Path" and quoted entries', () => {
    const dir = join(root, 'win');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ffmpeg.exe'), 'MZ');
    const env = { Path: `"${join(root, 'nowhere')}";"${dir}"`, PATHEXT: '.COM;.EXE;.BAT' };
    expect(findOnPath('ffmpeg', env, 'win32')).toBe(join(dir, 'ffmpeg.exe'));
    expect(findOnPath('ffmpeg', { Path: dir, PATHEXT: '.COM;.BAT' }, 'win32')).toBeNull();
    // A batch shim earlier on PATH is skipped: it could only run through a shell.
    const shims = join(root, 'shims');
    mkdirSync(shims, { recursive: true });
    writeFileSync(join(shims, 'ffmpeg.cmd'), '@echo off');
    expect(findOnPath('ffmpeg', { Path: `${shims};${dir}`, PATHEXT: '.COM;.EXE;.BAT;.CMD' }, 'win32')).toBe(join(dir, 'ffmpeg.exe'));
  });
});

describe('resolveFfmpeg', () => {
  it('prefers the settings path over ffmpeg-static and PATH', async () => {
    const settings = fakeFfmpeg(join(root, 'settings'), '7.1-settings');
    const stat = fakeFfmpeg(join(root, 'static'), '6.0-static');
    fakeFfmpeg(join(root, 'onpath'), '5.1-path');
    const r = await resolveFfmpeg({ settingsPath: settings, ffmpegStatic: () => stat, env: { PATH: join(root, 'onpath') } });
    expect(r).toEqual({ path: settings, source: 'settings', version: '7.1-settings' });
  });

  it('uses ffmpeg-static next, then PATH', async () => {
    const stat = fakeFfmpeg(join(root, 'static2'), '6.0-static');
    const onPath = fakeFfmpeg(join(root, 'onpath2'), '5.1-path');
    const env = { PATH: join(root, 'onpath2') };
    expect(await resolveFfmpeg({ ffmpegStatic: () => stat, env })).toEqual({ path: stat, source: 'ffmpeg-static', version: '6.0-static' });
    expect(await resolveFfmpeg({ ffmpegStatic: () => null, env })).toEqual({ path: onPath, source: 'path', version: '5.1-path' });
    // A broken ffmpeg-static falls through to PATH.
    const broken = brokenFfmpeg(join(root, 'static-broken'));
    expect(await resolveFfmpeg({ ffmpegStatic: () => broken, env })).toMatchObject({ source: 'path', path: onPath });
  });

  it('maps ffmpeg-static into app.asar.unpacked when packaged', async () => {
    const unpacked = fakeFfmpeg(join(root, 'res', 'app.asar.unpacked', 'node_modules', 'ffmpeg-static'), '6.0-unpacked');
    const inAsar = join(root, 'res', 'app.asar', 'node_modules', 'ffmpeg-static', 'ffmpeg');
    expect(await resolveFfmpeg({ packaged: true, ffmpegStatic: () => inAsar, env: { PATH: '' } }))
      .toEqual({ path: unpacked, source: 'ffmpeg-static', version: '6.0-unpacked' });
  });

  it('reports a broken settings path instead of silently using another FFmpeg', async () => {
    const broken = brokenFfmpeg(join(root, 'settings-broken'));
    fakeFfmpeg(join(root, 'onpath3'), '5.1-path');
    const r = await resolveFfmpeg({ settingsPath: broken, ffmpegStatic: false, env: { PATH: join(root, 'onpath3') } });
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(/FFmpeg from settings does not run/);
    const missing = await resolveFfmpeg({ settingsPath: join(root, 'nope', 'ffmpeg'), ffmpegStatic: false, env: { PATH: '' } });
    expect((missing as { error: string }).error).toMatch(/FFmpeg from settings does not run: .*ENOENT/);
  });

  it('returns an error value, not an exception, when there is no FFmpeg at all', async () => {
    const r = await resolveFfmpeg({ ffmpegStatic: false, env: { PATH: join(root, 'empty-dir') } });
    expect(r).toEqual({ error: expect.stringMatching(/FFmpeg not found \(ffmpeg-static: not installed; PATH: no ffmpeg\)/) });
  });

  it('finds the real Debian FFmpeg on the real PATH', async () => {
    const r = await resolveFfmpeg({ ffmpegStatic: false, env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
    expect(r).toMatchObject({ source: 'path', version: expect.stringMatching(/^\d+\.\d+/) });
  });
});
