// The window's IPC wired to an EngineHost instead of an Engine: the same invoke handler
// (sender check + shared schemas, src/main/ipc.ts) and the same event subscription, with events
// coming from the host (in this process or over the child's channel).
import { ipcMain, type WebContents } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../../shared/ipc';
import { createIpcHandler } from '../ipc';
import { isAppUrl } from '../security';
import type { EngineHost } from './engine-host';

export function registerHostIpc(host: EngineHost, devServerUrl?: string): void {
  ipcMain.handle(IPC_CHANNEL, createIpcHandler((method, args) => host.call(method, args), devServerUrl));
  const subscribers = new Set<WebContents>();
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (e) => {
    const wc = e.sender;
    if (subscribers.has(wc) || !isAppUrl(e.senderFrame?.url ?? '', devServerUrl)) return;
    subscribers.add(wc);
    const off = host.onEvent((event) => { if (!wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, event); });
    wc.once('destroyed', () => { off(); subscribers.delete(wc); });
  });
}
