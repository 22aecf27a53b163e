// Tray icon: the server state at a glance and Start/Stop, Open, Quit. The menu is built from a
// pure template so the state → menu mapping is tested under Node.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { ServerState } from '../shared/api';
import type { ShellSettings } from './app-settings';

/** The shell settings the tray lets the user switch (the GUI has no screen for them yet). */
export type TrayToggle = 'minimizeToTray' | 'startServerOnLaunch' | 'openAtLogin';

export interface TrayActions {
  start(): void;
  stop(): void;
  open(): void;
  quit(): void;
  toggle(setting: TrayToggle, on: boolean): void;
}

const STATE_LABEL: Record<ServerState, string> = {
  stopped: 'Server stopped',
  starting: 'Server starting…',
  running: 'Server running',
  partial: 'Server running (some ports failed)',
  error: 'Server error',
  stopping: 'Server stopping…',
};

export function trayTooltip(state: ServerState): string {
  return `Relaybox — ${STATE_LABEL[state]}`;
}

const TOGGLE_LABEL: Record<TrayToggle, string> = {
  minimizeToTray: 'Keep running in the tray when closed',
  startServerOnLaunch: 'Start server on launch',
  openAtLogin: 'Open at login',
};

export function trayMenuTemplate(state: ServerState, settings: ShellSettings, actions: TrayActions): MenuItemConstructorOptions[] {
  const busy = state === 'starting' || state === 'stopping';
  const up = state === 'running' || state === 'partial';
  return [
    { id: 'state', label: STATE_LABEL[state], enabled: false },
    { type: 'separator' },
    { id: 'start', label: 'Start server', enabled: !busy && !up, click: () => actions.start() },
    { id: 'stop', label: 'Stop server', enabled: !busy && up, click: () => actions.stop() },
    { type: 'separator' },
    ...(Object.keys(TOGGLE_LABEL) as TrayToggle[]).map((key): MenuItemConstructorOptions => ({
      id: key, label: TOGGLE_LABEL[key], type: 'checkbox', checked: settings[key],
      click: (item) => actions.toggle(key, item.checked),
    })),
    { type: 'separator' },
    { id: 'open', label: 'Open Relaybox', click: () => actions.open() },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

export interface RelayboxTray {
  setState(state: ServerState): void;
  /** Rebuild the menu after a setting changed. */
  refresh(): void;
  destroy(): void;
}

export function createTray(iconPath: string, settings: () => ShellSettings, actions: TrayActions): RelayboxTray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.on('click', () => actions.open());
  let current: ServerState = 'stopped';
  const setState = (state: ServerState) => {
    current = state;
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(state, settings(), actions)));
  };
  setState(current);
  return { setState, refresh: () => setState(current), destroy: () => tray.destroy() };
}
