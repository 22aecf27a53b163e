// @vitest-environment happy-dom
// Settings as the user sees it: in the desktop app, General has the shell switches, which go
// through the real shell channel handler (validation + settings file); in a browser they are
// absent. Ports shows each encryption switch with its key and certificate files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { RelayboxApiError } from '../../../src/shared/api';
import { defaultConfig } from '../../../src/shared/config';
import type { IpcResult, ShellSettingsApi } from '../../../src/shared/ipc';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { loadAppSettings, saveAppSettings, type AppSettings } from '../../../src/main/app-settings';
import { Settings } from '../../../src/renderer/src/features/settings/Settings';
import { useSettings } from '../../../src/renderer/src/features/settings/settings-store';
import { useApp } from '../../../src/renderer/src/store';
import { mountScreen, settle, type MountedScreen } from './dom-screen';

vi.mock('electron', () => ({ ipcMain: { handle: () => undefined } }));
const { createShellIpcHandler } = await import('../../../src/main/shell-ipc');

let screen: MountedScreen | undefined;
let engine: Engine;
let dir: string;

const $ = <T extends Element = HTMLElement>(sel: string) => screen!.host.querySelector<T>(sel);
const click = (sel: string) => act(async () => { $(sel)!.click(); });

/** What the preload does: one invoke per call, errors rethrown from the { ok: false } value. */
async function desktopShellApi(file: string): Promise<ShellSettingsApi> {
  const settings: AppSettings = await loadAppSettings(file);
  const handler = createShellIpcHandler({
    settings: () => settings.shell,
    toggle: async (key, on) => { settings.shell[key] = on; await saveAppSettings(file, settings); },
    openAtLoginSupported: false,
  });
  const call = (method: string) => async (...args: unknown[]) => {
    const r: IpcResult = await handler({ senderFrame: { url: 'file:///app/index.html' } } as never, { method, args });
    if (r.ok) return r.value;
    throw new RelayboxApiError(r.error.message, r.error.status);
  };
  return { getShellSettings: call('getShellSettings'), setShellSettings: call('setShellSettings') } as ShellSettingsApi;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relaybox-shellview-'));
  engine = createEngine({ config: { ...defaultConfig(), logDestinations: [], rtmpEncryption: 'optional' } });
  useSettings.setState({ data: undefined, drafts: {}, newPaths: [], errors: {}, warnings: {}, saved: undefined, failure: undefined, saving: false });
  useApp.setState({ lang: 'en', api: createEngineApi(engine) });
});

afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
  delete window.relaybox;
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Settings → General, shell switches', () => {
  it('are absent in a browser (no window.relaybox)', async () => {
    screen = await mountScreen(Settings);
    expect($('[data-group="general"]')).not.toBeNull();
    expect($('[data-group="shell"]')).toBeNull();
  });

  it('in the desktop app show the saved values and save a switch at once', async () => {
    const file = join(dir, 'relaybox.settings.json');
    window.relaybox = { ...createEngineApi(engine), ...(await desktopShellApi(file)) };
    screen = await mountScreen(Settings);
    const box = (key: string) => $<HTMLInputElement>(`[data-shell-setting="${key}"] input`)!;
    expect(box('startServerOnLaunch').checked).toBe(true);
    expect(box('minimizeToTray').checked).toBe(true);
    expect(box('openAtLogin').checked).toBe(false);
    // Not supported on this system (Linux): shown, but cannot be switched.
    expect(box('openAtLogin').disabled).toBe(true);
    expect($('[data-shell-setting="openAtLogin"]')!.textContent).toContain('Not available on this system.');

    await act(async () => { box('minimizeToTray').click(); });
    await settle();
    expect(box('minimizeToTray').checked).toBe(false);
    expect($('.shell-saved')!.textContent).toMatch(/Saved/);
    expect(JSON.parse(readFileSync(file, 'utf8')).shell).toMatchObject({ minimizeToTray: false, startServerOnLaunch: true });
  });

  it('is translated', async () => {
    window.relaybox = { ...createEngineApi(engine), ...(await desktopShellApi(join(dir, 's.json'))) };
    useApp.setState({ lang: 'zh-CN' });
    screen = await mountScreen(Settings);
    expect($('[data-group="shell"] legend')!.textContent).toBe('桌面应用');
    expect($('[data-shell-setting="startServerOnLaunch"] label')!.textContent).toBe('启动时开启服务器');
  });
});

describe('Settings → Ports, encryption', () => {
  it('puts the key and certificate files right after each encryption switch, dimmed while it is off', async () => {
    screen = await mountScreen(Settings);
    await click('[data-tab="ports"]');
    for (const [group, prefix] of [['rtsp', 'rtsp'], ['rtmp', 'rtmp'], ['hls', 'hls'], ['webrtc', 'webrtc'], ['playback', 'playback'], ['api', 'api'], ['metrics', 'metrics']]) {
      const keys = [...screen.host.querySelectorAll(`[data-group="${group}"] [data-setting]`)].map((e) => e.getAttribute('data-setting')!.replace('global:', ''));
      const at = keys.indexOf(`${prefix}Encryption`);
      expect(at, group).toBeGreaterThanOrEqual(0);
      const files = keys.slice(at + 1).filter((k) => k.startsWith(`${prefix}Server`));
      expect(files, group).toEqual([`${prefix}ServerKey`, `${prefix}ServerCert`]);
      expect(keys.indexOf(`${prefix}ServerKey`) - at, group).toBeLessThanOrEqual(2);
    }
    const tlsOn = (key: string) => $(`[data-setting="global:${key}"]`)!.closest('.tls-file')!.getAttribute('data-tls-on');
    expect(tlsOn('rtmpServerKey')).toBe('true');
    expect(tlsOn('rtspServerKey')).toBe('false');
    expect(tlsOn('hlsServerCert')).toBe('false');
  });
});
