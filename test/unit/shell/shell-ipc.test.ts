// The shell channel (Settings → General in the desktop app): malformed calls are rejected before
// anything changes; valid ones switch the live settings and save them to relaybox.settings.json
// through the real app-settings.ts. Only the electron module is replaced.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHELL_IPC_CHANNEL, SHELL_METHODS, type IpcResult } from '../../../src/shared/ipc';
import { parseShellIpcRequest, SHELL_ARG_SCHEMAS } from '../../../src/shared/ipc-schemas';
import { loadAppSettings, saveAppSettings, type AppSettings } from '../../../src/main/app-settings';
import type { TrayToggle } from '../../../src/main/tray';

const handlers = vi.hoisted(() => new Map<string, (...a: unknown[]) => unknown>());
vi.mock('electron', () => ({ ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn) } }));

const { createShellIpcHandler, registerShellIpc } = await import('../../../src/main/shell-ipc');

const appFrame = { senderFrame: { url: 'file:///opt/Relaybox/resources/app.asar/out/renderer/index.html' } } as never;

const malformed: [string, unknown][] = [
  ['null', null],
  ['not an object', 'setShellSettings'],
  ['engine method on the shell channel', { method: 'getStatus', args: [] }],
  ['shell method name with a prototype key', { method: 'toString', args: [] }],
  ['getShellSettings with args', { method: 'getShellSettings', args: [1] }],
  ['set without a patch', { method: 'setShellSettings', args: [] }],
  ['set with an empty patch', { method: 'setShellSettings', args: [{}] }],
  ['set with a string value', { method: 'setShellSettings', args: [{ openAtLogin: 'yes' }] }],
  ['set with a number value', { method: 'setShellSettings', args: [{ minimizeToTray: 1 }] }],
  ['set with null', { method: 'setShellSettings', args: [null] }],
  ['set with an array', { method: 'setShellSettings', args: [[true]] }],
  ['set with an unknown key', { method: 'setShellSettings', args: [{ openAtLogin: true, firewallNoticeShown: true }] }],
  ['set with two args', { method: 'setShellSettings', args: [{ openAtLogin: true }, {}] }],
  ['extra request field', { method: 'getShellSettings', args: [], sender: 'x' }],
];

describe('parseShellIpcRequest', () => {
  it('has a schema for exactly the shell methods', () => {
    expect(Object.keys(SHELL_ARG_SCHEMAS).sort()).toEqual([...SHELL_METHODS].sort());
  });

  it.each(malformed)('rejects %s', (_label, raw) => {
    const r = parseShellIpcRequest(raw);
    expect(r).toMatchObject({ ok: false, error: { status: 400 } });
  });

  it.each([
    [{ method: 'getShellSettings', args: [] }],
    [{ method: 'setShellSettings', args: [{ openAtLogin: true }] }],
    [{ method: 'setShellSettings', args: [{ startServerOnLaunch: false, minimizeToTray: true, openAtLogin: false }] }],
  ])('accepts %j', (raw) => {
    expect(parseShellIpcRequest(raw).ok).toBe(true);
  });

  it('says which setting was wrong', () => {
    const r = parseShellIpcRequest({ method: 'setShellSettings', args: [{ openAtLogin: 'yes' }] });
    expect(!r.ok && r.error.message).toMatch(/invalid arguments for setShellSettings: \[0\.openAtLogin\]/);
  });
});

describe('createShellIpcHandler with the real settings file', () => {
  let dir: string;
  let file: string;
  let settings: AppSettings;
  const toggled: [TrayToggle, boolean][] = [];
  const host = () => ({
    settings: () => settings.shell,
    // As index.ts does: switch the live object, then save through app-settings.ts.
    toggle: async (key: TrayToggle, on: boolean) => { toggled.push([key, on]); settings.shell[key] = on; await saveAppSettings(file, settings); },
    openAtLoginSupported: true,
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relaybox-shell-'));
    file = join(dir, 'relaybox.settings.json');
    // Another section (pipelines) must survive the shell's saves.
    writeFileSync(file, JSON.stringify({ pipelines: { cam: { kind: 'testPattern' } }, shell: { minimizeToTray: true } }));
    settings = await loadAppSettings(file);
    toggled.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the current switches', async () => {
    const r = await createShellIpcHandler(host())(appFrame, { method: 'getShellSettings', args: [] });
    expect(r).toEqual({ ok: true, value: { startServerOnLaunch: true, minimizeToTray: true, openAtLogin: false, openAtLoginSupported: true } });
  });

  it('switches only what changed, saves it and keeps the other sections', async () => {
    const r = await createShellIpcHandler(host())(appFrame, { method: 'setShellSettings', args: [{ openAtLogin: true, minimizeToTray: true, startServerOnLaunch: false }] });
    expect(r).toMatchObject({ ok: true, value: { openAtLogin: true, minimizeToTray: true, startServerOnLaunch: false } });
    expect(toggled).toEqual([['startServerOnLaunch', false], ['openAtLogin', true]]);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(saved.shell).toMatchObject({ openAtLogin: true, startServerOnLaunch: false, minimizeToTray: true, firewallNoticeShown: false });
    expect(saved.pipelines).toEqual({ cam: { kind: 'testPattern' } });
  });

  it.each(malformed)('changes nothing for %s', async (_label, raw) => {
    const r = await createShellIpcHandler(host())(appFrame, raw);
    expect(r.ok).toBe(false);
    expect(toggled).toEqual([]);
  });

  it('refuses a page that is not the app, and registers on its own channel', async () => {
    const r = await createShellIpcHandler(host(), 'http://localhost:5173')({ senderFrame: { url: 'https://evil.example/' } } as never, { method: 'setShellSettings', args: [{ openAtLogin: true }] });
    expect(r).toMatchObject({ ok: false, error: { status: 403 } });
    expect(toggled).toEqual([]);
    registerShellIpc(host());
    const viaChannel = (await handlers.get(SHELL_IPC_CHANNEL)!(appFrame, { method: 'getShellSettings', args: [] })) as IpcResult;
    expect(viaChannel.ok).toBe(true);
  });
});
