// Electron shell (DESIGN §1): one window, the engine in the main process, IPC wired to it.
// Kept thin on purpose; tray, single-instance focus and window state come with issue 10.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { app, BrowserWindow, shell } from 'electron';
import { defaultConfig } from '../shared/config';
import { loadConfigFile } from './engine/config';
import { createEngine, type Engine } from './engine';
import { registerIpc } from './ipc';

let engine: Engine | undefined;

async function boot(): Promise<void> {
  const configFile = join(app.getPath('userData'), 'relaybox.yml');
  let config = defaultConfig();
  if (existsSync(configFile)) {
    const loaded = await loadConfigFile(configFile);
    if (loaded.config) config = loaded.config;
  }
  config = { ...config, logFile: join(app.getPath('userData'), 'relaybox.log') };
  engine = createEngine({ config, configFile });
  registerIpc(engine);
  await engine.start();

  const win = new BrowserWindow({
    width: 1200, height: 800, minWidth: 900, minHeight: 600,
    webPreferences: { preload: join(__dirname, '../preload/index.js'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) await win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await win.loadFile(join(__dirname, '../renderer/index.html'));
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.whenReady().then(boot).catch((err) => { console.error(err); app.quit(); });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => {
    if (!engine) return;
    e.preventDefault();
    const stopping = engine;
    engine = undefined;
    void stopping.stop().finally(() => app.exit(0));
  });
}
