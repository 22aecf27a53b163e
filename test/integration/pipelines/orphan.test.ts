// "No orphan FFmpeg after the engine exits, including a crash": a Node process running a
// supervisor is killed (SIGKILL, then SIGTERM without handler); within 5 s no FFmpeg it started
// may remain. FFmpeg ignores SIGPIPE and stdin EOF, so this exercises the watchdog.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllWith, processesWith, waitNoneWith } from './processes';

const ROOT = join(__dirname, '../../..');

const started: ChildProcess[] = [];
const markers: string[] = [];

afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
  // Belt and braces: never leave test FFmpegs behind even if the assertion failed.
  for (const m of markers.splice(0)) killAllWith(m);
});

async function runEngineLike(marker: string): Promise<{ child: ChildProcess; ffmpegPid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'orphan-child.ts'), marker], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  const ffmpegPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child did not report an FFmpeg PID within 20 s')), 20_000);
    let buf = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      buf += d;
      const m = /ffmpeg (\d+)/.exec(buf);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error('child exited early')); });
  });
  return { child, ffmpegPid };
}

describe('no orphan FFmpeg', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)('after the engine process gets %s', async (signal) => {
    const marker = `relaybox-orphan-${randomUUID()}`;
    markers.push(marker);
    const { child, ffmpegPid } = await runEngineLike(marker);
    expect(processesWith(marker)).toContain(ffmpegPid);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    expect(await waitNoneWith(marker, 5000)).toEqual([]);
  });
});
