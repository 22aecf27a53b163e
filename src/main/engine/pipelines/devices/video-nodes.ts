// Fallback when `ffmpeg -sources v4l2` lists nothing (older builds, containers): /dev/video* with
// the card name from sysfs. A UVC camera exposes two nodes (video + metadata); only nodes whose
// sysfs "index" is 0 are the capture ones.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureDevice } from './types';

export async function listVideoNodes(devDir = '/dev', sysDir = '/sys/class/video4linux'): Promise<CaptureDevice[]> {
  let names: string[];
  try {
    names = (await readdir(devDir)).filter((n) => /^video\d+$/.test(n));
  } catch {
    return [];
  }
  names.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const out: CaptureDevice[] = [];
  for (const n of names) {
    const card = (await readFile(join(sysDir, n, 'name'), 'utf8').catch(() => '')).trim();
    const index = (await readFile(join(sysDir, n, 'index'), 'utf8').catch(() => '0')).trim();
    if (index !== '0') continue;
    out.push({ backend: 'v4l2', kinds: ['video'], name: card || n, id: join(devDir, n), description: card || undefined });
  }
  return out;
}
