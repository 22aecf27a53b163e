// IPC is the trust boundary: malformed calls get { ok: false, error } and never reach the engine.
// Only the electron module is replaced (ipcMain records handlers); the engine is a real one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../src/shared/config';
import { API_METHODS, IPC_CHANNEL, type IpcResult } from '../../../src/shared/ipc';
import { IPC_ARG_SCHEMAS, parseIpcRequest } from '../../../src/shared/ipc-schemas';

const handlers = vi.hoisted(() => new Map<string, (...a: unknown[]) => unknown>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn),
    removeHandler: (ch: string) => handlers.delete(ch),
    on: () => undefined,
    removeAllListeners: () => undefined,
  },
}));

const { createIpcHandler, registerIpc, unregisterIpc } = await import('../../../src/main/ipc');
const { createEngine } = await import('../../../src/main/engine');

const appFrame = { senderFrame: { url: 'file:///opt/Relaybox/resources/app.asar/out/renderer/index.html' } } as never;

const malformed: [string, unknown][] = [
  ['null', null],
  ['a string', 'getStatus'],
  ['an array', ['getStatus', []]],
  ['no args', { method: 'getStatus' }],
  ['args not an array', { method: 'getStatus', args: {} }],
  ['method not a string', { method: 42, args: [] }],
  ['extra field', { method: 'getStatus', args: [], sender: 'x' }],
  ['unknown method', { method: 'eval', args: ['1'] }],
  ['prototype key', { method: 'constructor', args: [] }],
  ['__proto__', { method: '__proto__', args: [] }],
  ['onEvent is not callable over invoke', { method: 'onEvent', args: [] }],
  ['too many args', { method: 'getStatus', args: [1] }],
  ['name not a string', { method: 'getPathConf', args: [{}] }],
  ['empty name', { method: 'deletePathConf', args: [''] }],
  ['huge name', { method: 'getPath', args: ['a'.repeat(5000)] }],
  ['patch is an array', { method: 'patchGlobalConfig', args: [[1, 2]] }],
  ['patch is null', { method: 'patchPathDefaults', args: [null] }],
  ['addPathConf missing conf', { method: 'addPathConf', args: ['cam1'] }],
  ['unknown conn kind', { method: 'listConns', args: ['ftpconns'] }],
  ['kick without id', { method: 'kickConn', args: ['rtmpconns'] }],
  ['negative log limit', { method: 'getLogs', args: [-5] }],
  ['fractional log limit', { method: 'getLogs', args: [1.5] }],
  ['log limit as string', { method: 'getLogs', args: ['10'] }],
];

describe('parseIpcRequest', () => {
  it('has a schema for exactly the whitelisted methods', () => {
    expect(Object.keys(IPC_ARG_SCHEMAS).sort()).toEqual([...API_METHODS].sort());
  });

  it.each(malformed)('rejects %s', (_label, raw) => {
    const r = parseIpcRequest(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.status).toBe(400);
  });

  it.each([
    [{ method: 'getStatus', args: [] }],
    [{ method: 'addPathConf', args: ['cam1', { source: 'publisher' }] }],
    [{ method: 'kickConn', args: ['rtspsessions', 'abc'] }],
    [{ method: 'getLogs', args: [] }],
    [{ method: 'getLogs', args: [200] }],
    [{ method: 'getLogs', args: [undefined] }],
  ])('accepts %j', (raw) => {
    expect(parseIpcRequest(raw).ok).toBe(true);
  });
});

describe('createIpcHandler', () => {
  const calls: [string, unknown[]][] = [];
  const call = async (m: string, a: unknown[]): Promise<IpcResult> => { calls.push([m, a]); return { ok: true, value: m }; };
  afterEach(() => { calls.length = 0; });

  it.each(malformed)('never forwards %s', async (_label, raw) => {
    const r = await createIpcHandler(call)(appFrame, raw);
    expect(r.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('refuses calls from a page that is not the app', async () => {
    const h = createIpcHandler(call, 'http://localhost:5173');
    for (const url of ['https://evil.example/', 'http://localhost:5174/', 'about:blank', '']) {
      const r = await h({ senderFrame: { url } } as never, { method: 'getStatus', args: [] });
      expect(r).toMatchObject({ ok: false, error: { status: 403 } });
    }
    expect(calls).toEqual([]);
    expect(await h({ senderFrame: { url: 'http://localhost:5173/#/streams' } } as never, { method: 'getStatus', args: [] })).toEqual({ ok: true, value: 'getStatus' });
  });

  it('forwards a valid call with its parsed args', async () => {
    const r = await createIpcHandler(call)(appFrame, { method: 'getConn', args: ['rtmpconns', 'id1'] });
    expect(r).toEqual({ ok: true, value: 'getConn' });
    expect(calls).toEqual([['getConn', ['rtmpconns', 'id1']]]);
  });
});

describe('registerIpc with a real engine', () => {
  it('answers valid calls and rejects malformed ones on the one channel', async () => {
    const engine = createEngine({ config: { ...defaultConfig(), logDestinations: [] } });
    try {
      registerIpc(engine);
      const handler = handlers.get(IPC_CHANNEL)!;
      expect(handler).toBeTypeOf('function');
      const status = (await handler(appFrame, { method: 'getStatus', args: [] })) as IpcResult;
      expect(status.ok).toBe(true);
      if (status.ok) expect((status.value as { state: string }).state).toBe('stopped');
      const bad = (await handler(appFrame, { method: 'patchGlobalConfig', args: ['rtspAddress: :1'] })) as IpcResult;
      expect(bad).toMatchObject({ ok: false, error: { status: 400 } });
      // The engine's own validation still runs behind the shape check.
      const rejected = (await handler(appFrame, { method: 'patchGlobalConfig', args: [{ rtspAddress: ':99999' }] })) as IpcResult;
      expect(rejected).toMatchObject({ ok: false, error: { status: 400 } });
      expect(engine.config.rtspAddress).toBe(':8554');
    } finally {
      unregisterIpc();
      await engine.stop();
    }
    expect(handlers.has(IPC_CHANNEL)).toBe(false);
  });
});
