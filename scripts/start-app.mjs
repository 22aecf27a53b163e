// `npm start`: npm 11 blocks dependency install scripts by default, so Electron's binary may
// not have been downloaded by `npm install`. Fetch it on first start, then run the app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const electronDir = join(root, 'node_modules/electron');
const pathFile = join(electronDir, 'path.txt');
const installed = existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
if (!installed) {
  console.log('Downloading the Electron runtime (first start only)…');
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Could not download Electron. The headless server still works: npm run serve');
    process.exit(r.status ?? 1);
  }
}
const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'preview'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 0);
