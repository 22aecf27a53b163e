// The Electron transport of RelayboxApi: one invoke channel carrying { method, args }.
// Kept free of runtime dependencies: the sandboxed preload bundles this file and can only
// require('electron'). The argument schemas live in ./ipc-schemas (main process side).
import type { RelayboxApi } from './api';

export const IPC_CHANNEL = 'relaybox:call';
export const IPC_EVENT_CHANNEL = 'relaybox:event';
export const IPC_SUBSCRIBE_CHANNEL = `${IPC_EVENT_CHANNEL}:subscribe`;

export type ApiMethod = Exclude<keyof RelayboxApi, 'onEvent'>;

export const API_METHODS: readonly ApiMethod[] = [
  'getInfo', 'getStatus', 'startServer', 'stopServer', 'checkPorts',
  'getGlobalConfig', 'patchGlobalConfig', 'getPathDefaults', 'patchPathDefaults',
  'listPathConfs', 'getPathConf', 'addPathConf', 'patchPathConf', 'replacePathConf', 'deletePathConf',
  'listPaths', 'getPath', 'listConns', 'getConn', 'kickConn', 'getLogs',
  'listRecordings', 'getRecording', 'deleteRecordingSegment', 'listForwards',
  'listPipelines', 'addPipeline', 'patchPipeline', 'startPipeline', 'stopPipeline', 'deletePipeline',
  'listCaptureDevices', 'getPipelineCapabilities',
];

export interface IpcRequest {
  method: string;
  args: unknown[];
}

export type IpcError = { message: string; status: number; issues?: unknown[] };

export type IpcResult =
  | { ok: true; value: unknown }
  | { ok: false; error: IpcError };


// The desktop shell's own settings (relaybox.settings.json, section `shell`): IPC only. They are
// about this app on this computer (tray, login item, whether launching starts the server), so
// they have no meaning under `relaybox serve` and no page reached over HTTP may change them;
// RelayboxApi (which has an HTTP transport) therefore does not carry them. They travel on their
// own channel, which src/main/shell-ipc.ts answers without involving the engine.
export const SHELL_IPC_CHANNEL = 'relaybox:shell';

/** The shell settings the GUI edits (Settings → General), as the tray menu has them. */
export interface ShellPrefs {
  startServerOnLaunch: boolean;
  minimizeToTray: boolean;
  openAtLogin: boolean;
}

export interface ShellSettingsInfo extends ShellPrefs {
  /** False where the OS has no login items Electron can set (Linux). */
  openAtLoginSupported: boolean;
}

/** Present on window.relaybox only inside the desktop app. */
export interface ShellSettingsApi {
  getShellSettings(): Promise<ShellSettingsInfo>;
  /** Applies the given switches at once (login item, tray), saves them, returns the result. */
  setShellSettings(patch: Partial<ShellPrefs>): Promise<ShellSettingsInfo>;
}

export type ShellMethod = keyof ShellSettingsApi;
export const SHELL_METHODS: readonly ShellMethod[] = ['getShellSettings', 'setShellSettings'];
