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

