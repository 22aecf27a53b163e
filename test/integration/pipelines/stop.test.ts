// Graceful stop and whole-tree kill, with a real FFmpeg and with a stubborn stand-in program
// (a real script on disk that ignores `q` and SIGTERM and has a child of its own).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../../../src/main/engine/log';
import { FfmpegSupervisor, type PipelineState } from '../../../src/main/engine/pipelines/supervisor';
import { waitFor } from '../../helpers/ffmpeg';

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'relaybox-stop-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

describe('FfmpegSupervisor fallbacks', () => {
  it('moves to the next argument list when one never starts, and keeps the one that works', async () => {
    const log = collectingLogger('pipeline');
    const working = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-f', 'null', '-'];
    const s = new FfmpegSupervisor({
      name: 'desktop', ffmpegPath: '/usr/bin/ffmpeg', log, backoff: { initialMs: 200 },
      // Stand-ins for ddagrab on a machine without it, then gdigrab.
      args: ['-f', 'lavfi', '-i', 'nosuchgrab=framerate=30', '-f', 'null', '-'],
      fallbackArgs: [working],
    });
    s.start();
    await waitFor(() => s.state === 'running', 'running on the fallback', 100);
    expect(log.messages('warn').some((m) => /No such filter: 'nosuchgrab'.*trying fallback 1/.test(m))).toBe(true);
    // A later crash restarts the working variant, not the first one.
    process.kill(s.snapshot().pid!, 'SIGKILL');
    await waitFor(() => s.state === 'retrying', 'retrying', 50);
    await waitFor(() => s.state === 'running', 'running again', 100);
    const starts = log.messages('info').filter((m) => m.startsWith('starting:'));
    expect(starts.map((m) => (m.includes('nosuchgrab') ? 'first' : 'fallback'))).toEqual(['first', 'fallback', 'fallback']);
    await s.stop();
  });

  it('fails with the last error when every variant fails', async () => {
    const s = new FfmpegSupervisor({
      name: 'none', ffmpegPath: '/usr/bin/ffmpeg', log: collectingLogger('pipeline'),
      args: ['-f', 'lavfi', '-i', 'nosuchA', '-f', 'null', '-'], fallbackArgs: [['-f', 'lavfi', '-i', 'nosuchB', '-f', 'null', '-']],
    });
    s.start();
    await waitFor(() => s.state === 'failed', 'failed', 100);
    expect(s.snapshot().reason).toMatch(/No such filter: 'nosuchB'/);
  });
});

describe('FfmpegSupervisor.stop', () => {
  it('stops a real FFmpeg with q: it exits by itself, cleanly', async () => {
    const log = collectingLogger('pipeline');
    const s = new FfmpegSupervisor({
      name: 'q', ffmpegPath: '/usr/bin/ffmpeg', log, quitGraceMs: 5000,
      args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-f', 'null', '-'],
    });
    s.start();
    await waitFor(() => s.state === 'running', 'running', 100);
    const pid = s.snapshot().pid!;
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeLessThan(4000); // well before the SIGTERM at 5 s
    expect(s.state).toBe('stopped');
    expect(log.messages('info')).toContain('stopped (exit 0)');
    expect(alive(pid)).toBe(false);
  });

  it('escalates to SIGKILL and takes the whole process group down', async () => {
    const childPidFile = join(tmp, 'child.pid');
    const script = join(tmp, 'stubborn.sh');
    // Ignores `q` and SIGTERM; starts a grandchild that would outlive a plain kill(pid).
    writeFileSync(script, `#!/bin/sh\ntrap '' TERM\nsleep 300 &\necho $! > '${childPidFile}'\nwhile true; do sleep 1; done\n`);
    chmodSync(script, 0o755);
    const s = new FfmpegSupervisor({ name: 'stubborn', ffmpegPath: script, args: [], log: collectingLogger('pipeline'), quitGraceMs: 200, termGraceMs: 300 });
    s.start();
    await waitFor(() => existsSync(childPidFile) && readFileSync(childPidFile, 'utf8').trim() !== '', 'grandchild', 50);
    const pid = s.snapshot().pid!;
    const grandchild = Number(readFileSync(childPidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(alive(pid)).toBe(false);
    await waitFor(() => !alive(grandchild), 'grandchild gone', 20);
  });

  it('a binary that does not exist fails at once, without retrying', async () => {
    const states: PipelineState[] = [];
    const s = new FfmpegSupervisor({ name: 'missing', ffmpegPath: join(tmp, 'no-ffmpeg'), args: [], log: collectingLogger('pipeline') });
    s.on('state', (st) => states.push(st.state));
    s.start();
    await waitFor(() => s.state === 'failed', 'failed', 50);
    expect(s.snapshot().reason).toMatch(/cannot start .*no-ffmpeg.*ENOENT/);
    expect(states).not.toContain('retrying');
  });

  it('stop() while waiting to retry cancels the restart', async () => {
    const s = new FfmpegSupervisor({
      name: 'retry', ffmpegPath: '/usr/bin/ffmpeg', log: collectingLogger('pipeline'), backoff: { initialMs: 60_000 },
      // Connection refused: retryable.
      args: ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-f', 'flv', 'rtmp://127.0.0.1:1/x'],
    });
    s.start();
    await waitFor(() => s.state === 'retrying', 'retrying', 100);
    expect(s.snapshot().reason).toMatch(/Connection refused/);
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(s.snapshot().retryAt).toBeNull();
  });
});
