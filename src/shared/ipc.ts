// The Electron transport of RelayboxApi: one invoke channel carrying { method, args }.
import type { RelayboxApi } from './api';

export const IPC_CHANNEL = 'relaybox:call';
export const IPC_EVENT_CHANNEL = 'relaybox:event';

export type ApiMethod = Exclude<keyof RelayboxApi, 'onEvent'>;

export const API_METHODS: readonly ApiMethod[] = [
  'getInfo', 'getStatus', 'startServer', 'stopServer', 'checkPorts',
  'getGlobalConfig', 'patchGlobalConfig', 'getPathDefaults', 'patchPathDefaults',
  'listPathConfs', 'getPathConf', 'addPathConf', 'patchPathConf', 'replacePathConf', 'deletePathConf',
  'listPaths', 'getPath', 'listConns', 'getConn', 'kickConn', 'getLogs',
];

export interface IpcRequest {
  method: string;
  args: unknown[];
}

export type IpcResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { message: string; status: number; issues?: unknown[] } };
