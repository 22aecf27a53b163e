// Window size/position persistence: pure geometry plus the settings file, under plain Node.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, parseWindowState, restoreBounds } from '../../../src/main/window-state';
import { loadAppSettings, parseAppSettings, saveAppSettings, settingsFileBeside } from '../../../src/main/app-settings';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 984 };

describe('restoreBounds', () => {
  it('centres the default size on the primary display when nothing is saved', () => {
    expect(restoreBounds(undefined, [primary])).toEqual({ x: 360, y: 120, ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('keeps a saved window that is on screen', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: true };
    expect(restoreBounds(saved, [primary, right])).toEqual(saved);
    const onRight = { x: 2000, y: 100, width: 900, height: 600, maximized: false };
    expect(restoreBounds(onRight, [primary, right])).toEqual(onRight);
  });

  it('moves a window from an unplugged monitor to the primary one', () => {
    const saved = { x: 2000, y: 100, width: 900, height: 600, maximized: false };
    expect(restoreBounds(saved, [primary])).toEqual({ x: 510, y: 220, width: 900, height: 600, maximized: false });
  });

  it('recentres a window whose title bar is off the top or mostly off the side', () => {
    expect(restoreBounds({ x: 100, y: -500, width: 800, height: 600, maximized: false }, [primary]).y).toBe(220);
    expect(restoreBounds({ x: 1850, y: 100, width: 800, height: 600, maximized: false }, [primary]).x).toBe(560);
  });

  it('shrinks and pulls inside a display that became smaller', () => {
    const saved = { x: 1000, y: 500, width: 2500, height: 1400, maximized: false };
    expect(restoreBounds(saved, [{ x: 0, y: 0, width: 1366, height: 728 }])).toEqual({ x: 0, y: 0, width: 1366, height: 728, maximized: false });
    const spill = { x: 1500, y: 600, width: 800, height: 600, maximized: false };
    expect(restoreBounds(spill, [primary])).toEqual({ x: 1120, y: 440, width: 800, height: 600, maximized: false });
  });

  it('handles displays left of and above the primary (negative coordinates)', () => {
    const left = { x: -1280, y: -200, width: 1280, height: 1024 };
    const saved = { x: -1200, y: -150, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, [primary, left])).toEqual(saved);
  });
});

describe('parseWindowState', () => {
  it.each([null, 'x', { x: 1, y: 2, width: 0, height: 5 }, { x: 1.5, y: 2, width: 10, height: 5 }, { x: 1, y: 2, width: 10 }])('rejects %j', (raw) => {
    expect(parseWindowState(raw)).toBeUndefined();
  });
  it('defaults maximized to false', () => {
    expect(parseWindowState({ x: 1, y: 2, width: 10, height: 5 })).toEqual({ x: 1, y: 2, width: 10, height: 5, maximized: false });
  });
});

describe('settings file', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('lives beside the media config', () => {
    expect(settingsFileBeside(join('/data', 'relaybox.yml'))).toBe(join('/data', 'relaybox.settings.json'));
  });

  it('falls back to defaults per field and keeps other sections when saving', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaybox-settings-'));
    const file = join(dir, 'sub', 'relaybox.settings.json');
    expect((await loadAppSettings(file)).shell).toEqual({ minimizeToTray: true, startServerOnLaunch: true, openAtLogin: false, firewallNoticeShown: false });

    const s = parseAppSettings({ shell: { minimizeToTray: false, startServerOnLaunch: 'yes' }, window: { x: 1 }, pipelines: [{ id: 'cam' }] });
    expect(s.shell).toMatchObject({ minimizeToTray: false, startServerOnLaunch: true });
    expect(s.window).toBeUndefined();
    s.window = { x: 5, y: 6, width: 1000, height: 700, maximized: false };
    await saveAppSettings(file, s);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.pipelines).toEqual([{ id: 'cam' }]);
    expect(await loadAppSettings(file)).toEqual(s);
  });

  it('keeps sections the engine saved after the shell loaded the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaybox-settings-'));
    const file = join(dir, 'relaybox.settings.json');
    writeFileSync(file, JSON.stringify({ shell: { openAtLogin: true }, pipelines: { old: 1 } }));
    const s = await loadAppSettings(file);
    writeFileSync(file, JSON.stringify({ shell: { openAtLogin: true }, pipelines: { saved: 'later' } }));
    s.shell.minimizeToTray = false;
    await saveAppSettings(file, s);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.pipelines).toEqual({ saved: 'later' });
    expect(saved.shell).toMatchObject({ minimizeToTray: false, openAtLogin: true });
  });

  it('survives a corrupt file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaybox-settings-'));
    const file = join(dir, 'relaybox.settings.json');
    writeFileSync(file, '{ not json');
    expect((await loadAppSettings(file)).shell.startServerOnLaunch).toBe(true);
  });
});
