// The shell channel (SHELL_IPC_CHANNEL): Settings → General reads and switches the desktop app's
// own settings (start server on launch, minimize to tray, open at login). Same rules as the engine
// channel (./ipc.ts createIpcHandler: sender check, then the shared schema, errors as values), but
// the engine is not involved: the shell applies and saves the change (index.ts, via app-settings.ts).
import { ipcMain } from 'electron';
import { SHELL_IPC_CHANNEL, type IpcResult, type ShellPrefs, type ShellSettingsInfo } from '../shared/ipc';
import { parseShellIpcRequest } from '../shared/ipc-schemas';
import type { ShellSettings } from './app-settings';
import { createIpcHandler } from './ipc';
import type { TrayToggle } from './tray';

export interface ShellSettingsHost {
  /** The live settings object the shell reads (tray menu, window close). */
  settings(): ShellSettings;
  /** Applies one switch as the tray menu does (login item, tray refresh) and saves the file. */
  toggle(key: TrayToggle, on: boolean): Promise<void>;
  openAtLoginSupported: boolean;
}

export function shellSettingsInfo(s: ShellSettings, openAtLoginSupported: boolean): ShellSettingsInfo {
  return { startServerOnLaunch: s.startServerOnLaunch, minimizeToTray: s.minimizeToTray, openAtLogin: s.openAtLogin, openAtLoginSupported };
}

/** Runs a call that already passed the sender check and parseShellIpcRequest. */
async function callShell(host: ShellSettingsHost, method: string, args: unknown[]): Promise<IpcResult> {
  if (method === 'setShellSettings') {
    const patch = args[0] as Partial<ShellPrefs>;
    // One at a time: each toggle saves the settings file (write temp + rename), and two saves
    // racing on the same temp file could lose one.
    for (const key of Object.keys(patch) as TrayToggle[]) {
      if (host.settings()[key] !== patch[key]) await host.toggle(key, patch[key]!);
    }
  }
  return { ok: true, value: shellSettingsInfo(host.settings(), host.openAtLoginSupported) };
}

export function createShellIpcHandler(host: ShellSettingsHost, devServerUrl?: string) {
  return createIpcHandler((method, args) => callShell(host, method, args), devServerUrl, parseShellIpcRequest);
}

export function registerShellIpc(host: ShellSettingsHost, devServerUrl?: string): void {
  ipcMain.handle(SHELL_IPC_CHANNEL, createShellIpcHandler(host, devServerUrl));
}
