// The CLI tests run the built engine (out/main/cli.js): build it first when sources changed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const r = spawnSync(process.execPath, [join(__dirname, '../../scripts/ensure-build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('electron-vite build failed');
}
