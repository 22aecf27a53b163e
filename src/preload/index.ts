// The preload is a whitelist: it exposes exactly one object, window.relaybox, and never ipcRenderer.
// Arguments are forwarded as given; the main process validates them against the shared schemas.
import { contextBridge, ipcRenderer } from 'electron';
import { RelayboxApiError, type RelayboxApi, type RelayboxEvent } from '../shared/api';
import { API_METHODS, IPC_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, SHELL_IPC_CHANNEL, SHELL_METHODS, type IpcResult } from '../shared/ipc';

const api: Record<string, unknown> = {};
const caller = (channel: string, method: string) => async (...args: unknown[]) => {
  const r = (await ipcRenderer.invoke(channel, { method, args })) as IpcResult;
  if (r.ok) return r.value;
  throw new RelayboxApiError(r.error.message, r.error.status, (r.error.issues ?? []) as never);
};
for (const method of API_METHODS) api[method] = caller(IPC_CHANNEL, method);
// The desktop shell's own settings (ShellSettingsApi): on window.relaybox only in the app.
for (const method of SHELL_METHODS) api[method] = caller(SHELL_IPC_CHANNEL, method);
api.onEvent = (listener: (e: RelayboxEvent) => void) => {
  // The page never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer itself).
  const handler = (_e: unknown, event: RelayboxEvent) => listener(event);
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
  ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL);
  return () => { ipcRenderer.off(IPC_EVENT_CHANNEL, handler); };
};

contextBridge.exposeInMainWorld('relaybox', Object.freeze(api) as unknown as RelayboxApi);
