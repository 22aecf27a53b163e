// Tray menu per server state, the packaged FFmpeg path, and crash reporting into the log.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { ServerState } from '../../../src/shared/api';
import { collectingLogger } from '../../../src/main/engine/log';
import { describeGone, logProcessFailures } from '../../../src/main/crash-log';
import { packagedFfmpegPath } from '../../../src/main/ffmpeg-path';

const trays = vi.hoisted(() => [] as { tooltip?: string; menu?: unknown[]; handlers: Map<string, () => void> }[]);
vi.mock('electron', () => ({
  Tray: class {
    rec = { handlers: new Map<string, () => void>() } as (typeof trays)[number];
    constructor() { trays.push(this.rec); }
    on(ev: string, fn: () => void) { this.rec.handlers.set(ev, fn); }
    setToolTip(t: string) { this.rec.tooltip = t; }
    setContextMenu(m: unknown[]) { this.rec.menu = m; }
    destroy() {}
  },
  Menu: { buildFromTemplate: (t: unknown[]) => t },
  nativeImage: { createFromPath: (p: string) => ({ path: p }) },
}));

const { createTray, trayMenuTemplate } = await import('../../../src/main/tray');

describe('tray', () => {
  const calls: string[] = [];
  const actions = {
    start: () => calls.push('start'), stop: () => calls.push('stop'), open: () => calls.push('open'), quit: () => calls.push('quit'),
    toggle: (key: string, on: boolean) => calls.push(`${key}=${on}`),
  };
  const shell = { minimizeToTray: true, startServerOnLaunch: false, openAtLogin: false, firewallNoticeShown: true };

  it.each<[ServerState, boolean, boolean]>([
    ['stopped', true, false], ['running', false, true], ['partial', false, true],
    ['starting', false, false], ['stopping', false, false], ['error', true, false],
  ])('%s: Start enabled %s, Stop enabled %s', (state, start, stop) => {
    const t = trayMenuTemplate(state, shell, actions);
    expect(t.find((i) => i.id === 'start')?.enabled).toBe(start);
    expect(t.find((i) => i.id === 'stop')?.enabled).toBe(stop);
    expect(t[0].label).toMatch(/^Server /);
  });

  it('shows the state and runs the actions', () => {
    calls.length = 0;
    const tray = createTray('/res/tray.png', () => shell, actions);
    const rec = trays.at(-1)!;
    expect(rec.tooltip).toBe('Relaybox — Server stopped');
    tray.setState('running');
    expect(rec.tooltip).toBe('Relaybox — Server running');
    const menu = rec.menu as { id?: string; click?: () => void }[];
    for (const id of ['stop', 'open', 'quit']) menu.find((i) => i.id === id)!.click!();
    rec.handlers.get('click')!();
    expect(calls).toEqual(['stop', 'open', 'quit', 'open']);
  });

  it('shows the shell settings as checkboxes and reports toggles', () => {
    calls.length = 0;
    const t = trayMenuTemplate('running', shell, actions);
    expect(t.filter((i) => i.type === 'checkbox').map((i) => [i.id, i.checked])).toEqual([
      ['minimizeToTray', true], ['startServerOnLaunch', false], ['openAtLogin', false],
    ]);
    const item = t.find((i) => i.id === 'startServerOnLaunch')!;
    (item.click as (i: { checked: boolean }) => void)({ checked: true });
    expect(calls).toEqual(['startServerOnLaunch=true']);
  });
});

describe('packagedFfmpegPath', () => {
  it.each([
    [true, 'C:\\Users\\a\\AppData\\Local\\Programs\\Relaybox\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe',
      'C:\\Users\\a\\AppData\\Local\\Programs\\Relaybox\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe'],
    [true, '/opt/Relaybox/resources/app.asar/node_modules/ffmpeg-static/ffmpeg', '/opt/Relaybox/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg'],
    [true, '/opt/my.app.asar.d/node_modules/ffmpeg-static/ffmpeg', '/opt/my.app.asar.d/node_modules/ffmpeg-static/ffmpeg'],
    [false, '/src/relaybox/node_modules/ffmpeg-static/ffmpeg', '/src/relaybox/node_modules/ffmpeg-static/ffmpeg'],
  ])('packaged=%s %s', (packaged, from, to) => {
    expect(packagedFfmpegPath(packaged, from)).toBe(to);
  });
  it('is null without ffmpeg-static', () => {
    expect(packagedFfmpegPath(true, null)).toBeNull();
  });
});

describe('crash reporting', () => {
  it('logs uncaught exceptions and unhandled rejections until removed', () => {
    const proc = new EventEmitter();
    const log = collectingLogger('shell');
    const off = logProcessFailures(proc as never, log);
    proc.emit('uncaughtException', new Error('boom'));
    proc.emit('unhandledRejection', 'nope');
    off();
    expect(proc.listenerCount('uncaughtException') + proc.listenerCount('unhandledRejection')).toBe(0);
    expect(log.messages('error')).toEqual([
      expect.stringMatching(/^uncaught exception in the main process: Error: boom/),
      'unhandled promise rejection in the main process: nope',
    ]);
  });
  it('describes a gone process', () => {
    expect(describeGone('renderer', { reason: 'oom', exitCode: 9 })).toBe('renderer process gone: oom (exit code 9)');
  });
});
