// ipcMain handlers: validate input, call the engine, nothing else. Errors cross as values,
// because Electron's invoke() drops custom error fields.
import { ipcMain, type WebContents } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, type IpcRequest } from '../shared/ipc';
import type { Engine } from './engine';
import { engineCaller } from './engine/engine-api';

export function registerIpc(engine: Engine): void {
  const api = engineCaller(engine);
  ipcMain.handle(IPC_CHANNEL, async (_e, req: IpcRequest) => {
    if (!req || typeof req !== 'object' || typeof req.method !== 'string' || !Array.isArray(req.args)) {
      return { ok: false, error: { message: 'malformed IPC request', status: 400 } };
    }
    return api(req.method, req.args);
  });
  const subscribers = new Set<WebContents>();
  ipcMain.on(`${IPC_EVENT_CHANNEL}:subscribe`, (e) => {
    const wc = e.sender;
    if (subscribers.has(wc)) return;
    subscribers.add(wc);
    const offLog = engine.log.subscribe((entry) => wc.send(IPC_EVENT_CHANNEL, { type: 'log', entry }));
    const onStatus = (status: unknown) => wc.send(IPC_EVENT_CHANNEL, { type: 'status', status });
    engine.on('status', onStatus);
    wc.once('destroyed', () => { offLog(); engine.off('status', onStatus); subscribers.delete(wc); });
  });
}
