// "No orphan FFmpeg after the engine exits, including a crash": a Node process running a
// supervisor is killed (SIGKILL, then SIGTERM without handler); within 5 s no FFmpeg it started
// may remain. FFmpeg ignores SIGPIPE and stdin EOF, so this exercises the watchdog.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');

/** PIDs of live (non-zombie) processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.includes(marker)) continue;
      const state = /\) (\S)/.exec(readFileSync(`/proc/${d}/stat`, 'utf8'))?.[1];
      if (state !== 'Z') out.push(Number(d));
    } catch { /* exited while we looked */ }
  }
  return out;
}

const started: ChildProcess[] = [];
const markers: string[] = [];

afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
  // Belt and braces: never leave test FFmpegs behind even if the assertion failed.
  for (const m of markers.splice(0)) for (const pid of processesWith(m)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
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
    const deadline = Date.now() + 5000;
    let left = processesWith(marker);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      left = processesWith(marker);
    }
    expect(left).toEqual([]);
  });
});
