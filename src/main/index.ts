// Electron shell (DESIGN §1): one window, the engine in a utility process (engine-host/; measured
// in docs/benchmarks.md), IPC wired to it, a tray icon. Kept thin: the logic lives in the small
// modules beside this file.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, screen, session, shell, utilityProcess } from 'electron';
import { resolveFfmpeg, isFfmpegFound } from './engine/pipelines/ffmpeg';
import type { EngineStatus } from '../shared/api';
import { createShellEngineHost, hostLogger, registerHostIpc, utilityProcessChild, type EngineHost } from './engine-host';
import { registerShellIpc } from './shell-ipc';
import { createSecureWindow, hardenWebContents, installPermissionPolicy } from './security';
import { restoreBounds, type WindowState } from './window-state';
import { loadAppSettings, saveAppSettings, settingsFileBeside, type AppSettings } from './app-settings';
import { createTray, type RelayboxTray, type TrayToggle } from './tray';
import { describeGone, logProcessFailures } from './crash-log';
import { packagedFfmpegPath } from './ffmpeg-path';
import { FIREWALL_NOTICE } from './firewall-notice';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let engine: EngineHost | undefined;
let win: BrowserWindow | undefined;
let tray: RelayboxTray | undefined;
let settings: AppSettings | undefined;
let settingsFile = '';
let quitting = false;

function showWindow(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function captureWindowState(): WindowState | undefined {
  if (!win || win.isDestroyed()) return settings?.window;
  return { ...win.getNormalBounds(), maximized: win.isMaximized() };
}

async function persistSettings(): Promise<void> {
  if (!settings) return;
  settings.window = captureWindowState();
  await saveAppSettings(settingsFile, settings).catch((err) => engine?.log('warn', 'shell', `settings not saved to ${settingsFile}: ${(err as Error).message}`));
}

function createMainWindow(s: AppSettings): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const bounds = restoreBounds(s.window, areas);
  const w = createSecureWindow(join(__dirname, '../preload/index.js'), bounds);
  if (bounds.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  // Minimize to tray: the window hides and the server keeps running; Quit is in the tray menu.
  w.on('minimize', () => { if (settings?.shell.minimizeToTray && tray) w.hide(); });
  w.on('close', (e) => {
    if (settings) settings.window = captureWindowState();
    if (!quitting && settings?.shell.minimizeToTray && tray) {
      e.preventDefault();
      w.hide();
    }
  });
  w.on('closed', () => { win = undefined; });
  return w;
}

async function boot(): Promise<void> {
  const userData = app.getPath('userData');
  const configFile = join(userData, 'relaybox.yml');
  settingsFile = settingsFileBeside(configFile);
  settings = await loadAppSettings(settingsFile);

  engine = await createShellEngineHost({
    init: { configFile, overrides: { logFile: join(userData, 'relaybox.log') }, startMedia: settings.shell.startServerOnLaunch },
    // Utility processes die with the app; the host stops its listeners and FFmpeg children on 'stop'.
    spawn: () => utilityProcessChild(utilityProcess.fork(join(__dirname, 'engine-host.js'), [], {
      serviceName: 'Relaybox engine',
      stdio: 'inherit',
      // As bin/relaybox.js: a capped young generation saves ~30 MiB once readers attach (docs/benchmarks.md).
      execArgv: ['--max-semi-space-size=2'],
    })),
    version: app.getVersion(),
    warn: (m) => console.error(m),
  });
  const host = engine;
  const log = hostLogger(host, 'shell');
  logProcessFailures(process, log);
  app.on('render-process-gone', (_e, _wc, details) => log.error(describeGone('renderer', details)));
  app.on('child-process-gone', (_e, details) => log.error(describeGone('child', details)));

  installPermissionPolicy(session.defaultSession, devServerUrl);
  registerHostIpc(host, devServerUrl);
  if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.shell.openAtLogin });

  const shellSettings = settings.shell;
  // One way to switch a shell setting, for the tray menu and Settings → General (shell-ipc.ts).
  const toggleShellSetting = (key: TrayToggle, on: boolean): Promise<void> => {
    shellSettings[key] = on;
    if (key === 'openAtLogin' && process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: on });
    tray?.refresh();
    return persistSettings();
  };
  tray = createTray(join(app.getAppPath(), 'resources', 'tray.png'), () => shellSettings, {
    // After a crash of the engine process, startServer brings up a new one first (forked.ts).
    start: () => void host.call('startServer', []),
    stop: () => void host.call('stopServer', []),
    open: () => showWindow(),
    quit: () => app.quit(),
    toggle: (key, on) => void toggleShellSetting(key, on),
  });
  registerShellIpc({ settings: () => shellSettings, toggle: toggleShellSetting, openAtLoginSupported: process.platform !== 'linux' }, devServerUrl);
  host.onEvent((e) => { if (e.type === 'status') tray?.setState(e.status.state); });

  // Windows Firewall asks as soon as the listeners bind: explain the choice first, once.
  if (process.platform === 'win32' && !settings.shell.firewallNoticeShown) {
    await dialog.showMessageBox({ type: 'info', title: FIREWALL_NOTICE.title, message: FIREWALL_NOTICE.message, detail: FIREWALL_NOTICE.detail });
    settings.shell.firewallNoticeShown = true;
    await persistSettings();
  }
  await host.start().catch((err: Error) => log.error(`engine did not start: ${err.message}`));
  const status = await host.call('getStatus', []);
  tray.setState(status.ok ? (status.value as EngineStatus).state : 'error');

  void resolveFfmpeg({ ffmpegStatic: () => packagedFfmpegPath(app.isPackaged) }).then((r) =>
    isFfmpegFound(r) ? log.info(`FFmpeg ${r.version} (${r.source}): ${r.path}`) : log.warn(r.error));

  win = createMainWindow(settings);
  if (devServerUrl) await win.loadURL(devServerUrl);
  else await win.loadFile(join(__dirname, '../renderer/index.html'));
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => showWindow());
  // Every web contents, including any created later, gets the navigation and window.open rules.
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, (url) => shell.openExternal(url)));
  app.whenReady().then(boot).catch((err) => {
    dialog.showErrorBox('Relaybox could not start', String((err as Error)?.stack ?? err));
    app.exit(1);
  });
  // Closing the window quits, unless minimize-to-tray keeps the app (and server) alive in the tray.
  app.on('window-all-closed', () => { if (!tray || !settings?.shell.minimizeToTray) app.quit(); });
  app.on('before-quit', (e) => {
    quitting = true;
    if (!engine) return;
    // Clean shutdown: listeners and FFmpeg children stop before the process exits.
    e.preventDefault();
    const stopping = engine;
    engine = undefined;
    void persistSettings()
      .then(() => stopping.stop())
      .catch((err) => console.error(err))
      .finally(() => { tray?.destroy(); app.exit(0); });
  });
}
