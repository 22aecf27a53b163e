// runHookCommand with real processes: MTX_* variables reach the command (environment and $VAR
// in its arguments), output lands in the log, restart works, and stop() ends the whole process
// group, grandchildren included.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { collectingLogger } from '../../../src/main/engine/log';
import { runHookCommand, type RunningHookCommand } from '../../../src/main/engine/pipelines/hooks';
import { killAllWith, processesWith, waitNoneWith } from './processes';

const running: RunningHookCommand[] = [];
const markers: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  for (const m of markers.splice(0)) killAllWith(m);
});

/** Collects onExit codes; next() waits for the next one. */
class ExitRecorder {
  readonly codes: (number | null)[] = [];
  private waiters: ((c: number | null) => void)[] = [];
  readonly push = (c: number | null): void => {
    this.codes.push(c);
    for (const w of this.waiters.splice(0)) w(c);
  };
  next(): Promise<number | null> {
    return new Promise((r) => this.waiters.push(r));
  }
}

describe('runHookCommand', () => {
  it('passes MTX_* variables in the environment and expands $VAR in arguments', async () => {
    const log = collectingLogger('hook');
    const ex = new ExitRecorder();
    running.push(runHookCommand({
      // Like MediaMTX, $VAR is expanded after splitting, in every argument (quotes do not protect it).
      command: `node -e 'console.log("env=" + process.env.MTX_PATH + " arg=" + process.argv[1] + " q=" + process.argv[2] + " $MTX_PATH")' $RTSP_PORT "\${MTX_QUERY}"`,
      env: { MTX_PATH: 'cam 1', RTSP_PORT: '8554', MTX_QUERY: 'a=1&b=2' },
      log, onExit: ex.push,
    }));
    expect(await ex.next()).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(log.messages('info')).toContain('env=cam 1 arg=8554 q=a=1&b=2 cam 1');
  });

  it('restarts after an exit when asked, and stops restarting on stop()', async () => {
    const log = collectingLogger('hook');
    const ex = new ExitRecorder();
    const r = runHookCommand({ command: 'sh -c "exit 3"', env: {}, log, restart: true, restartDelayMs: 20, onExit: ex.push });
    running.push(r);
    for (let i = 0; i < 3; i++) expect(await ex.next()).toBe(3);
    await r.stop();
    const n = ex.codes.length;
    await new Promise((r2) => setTimeout(r2, 100));
    expect(ex.codes.length).toBe(n);
    expect(log.messages('warn').some((m) => m.includes('exited with code 3; restarting in 0.02 s'))).toBe(true);
  });

  it('reports a program that cannot start', async () => {
    const log = collectingLogger('hook');
    const ex = new ExitRecorder();
    running.push(runHookCommand({ command: 'relaybox-no-such-program-x arg', env: {}, log, onExit: ex.push }));
    expect(await ex.next()).toBeNull();
    expect(log.messages('warn').join('\n')).toMatch(/cannot start relaybox-no-such-program-x: .*ENOENT/);
  });

  it('rejects an unterminated quote without running anything', async () => {
    const log = collectingLogger('hook');
    const ex = new ExitRecorder();
    running.push(runHookCommand({ command: `echo 'oops`, env: {}, log, restart: true, onExit: ex.push }));
    expect(await ex.next()).toBeNull();
    expect(log.messages('error').join('\n')).toMatch(/unterminated single quote/);
  });

  it('stop() ends the command and everything it started', async () => {
    const marker = `relaybox-hook-${randomUUID()}`;
    markers.push(marker);
    const log = collectingLogger('hook');
    // A shell that starts a background grandchild and waits: SIGINT alone would leave the
    // background job (non-interactive shells start it with SIGINT ignored).
    const idle = `node -e "setInterval(() => {}, 1000)" ${marker}`;
    const r = runHookCommand({ command: `sh -c '${idle} & ${idle}; wait' ${marker}`, env: {}, log, stopGraceMs: 1000 });
    running.push(r);
    for (let i = 0; i < 100 && processesWith(marker).length < 3; i++) await new Promise((r2) => setTimeout(r2, 50));
    expect(processesWith(marker).length).toBe(3);
    await r.stop();
    expect(await waitNoneWith(marker, 2000)).toEqual([]);
    expect(log.messages('info')).toContain('stopped');
  });
});
