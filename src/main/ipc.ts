// ipcMain handlers: validate input, call the engine, nothing else. Errors cross as values,
// because Electron's invoke() drops custom error fields.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, type IpcResult } from '../shared/ipc';
import { parseIpcRequest, type ParsedIpcCall } from '../shared/ipc-schemas';
import type { Engine } from './engine';
import { engineCaller } from './engine/engine-api';
import { isAppUrl } from './security';

export type EngineCall = (method: string, args: unknown[]) => Promise<IpcResult>;

/**
 * The invoke handler: sender check (checklist #17), then the shared schema; only a call that
 * passes both reaches `call`. `parse` is the schema table's parser (the shell channel has its own).
 */
export function createIpcHandler(call: EngineCall, devServerUrl?: string, parse: (raw: unknown) => ParsedIpcCall = parseIpcRequest) {
  return async (e: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown): Promise<IpcResult> => {
    const url = e.senderFrame?.url ?? '';
    if (!isAppUrl(url, devServerUrl)) {
      return { ok: false, error: { message: `IPC from an untrusted page refused (${url || 'unknown'})`, status: 403 } };
    }
    const req = parse(raw);
    if (!req.ok) return req;
    return call(req.method, req.args);
  };
}

export function registerIpc(engine: Engine, devServerUrl?: string): void {
  ipcMain.handle(IPC_CHANNEL, createIpcHandler(engineCaller(engine), devServerUrl));
  const subscribers = new Set<WebContents>();
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (e) => {
    const wc = e.sender;
    if (subscribers.has(wc) || !isAppUrl(e.senderFrame?.url ?? '', devServerUrl)) return;
    subscribers.add(wc);
    const send = (event: unknown) => { if (!wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, event); };
    const offLog = engine.log.subscribe((entry) => send({ type: 'log', entry }));
    const onStatus = (status: unknown) => send({ type: 'status', status });
    engine.on('status', onStatus);
    wc.once('destroyed', () => { offLog(); engine.off('status', onStatus); subscribers.delete(wc); });
  });
}

/** For a clean shutdown and for tests: drop the handlers registered above. */
export function unregisterIpc(): void {
  ipcMain.removeHandler(IPC_CHANNEL);
  ipcMain.removeAllListeners(IPC_SUBSCRIBE_CHANNEL);
}
