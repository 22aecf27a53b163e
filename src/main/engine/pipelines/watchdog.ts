// No orphan FFmpeg after the engine dies, even by SIGKILL. FFmpeg itself does not notice: it
// ignores SIGPIPE and a closed stdin (both checked on FFmpeg 5.1), and Node has no
// PR_SET_PDEATHSIG. So each engine process starts one small detached watchdog (Node running an
// inline script) and tells it, over the watchdog's stdin, which process groups are live. When
// that pipe closes — the OS closes it however the engine ends — or the engine PID disappears,
// the watchdog kills every group still registered and exits.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

/** The watchdog program; argv[1] is the engine's PID. Plain JS: it runs with `node -e`. */
export const WATCHDOG_SCRIPT = `
const { spawnSync } = require('child_process');
const parent = Number(process.argv[1]);
const win = process.platform === 'win32';
const groups = new Set();
let buf = '';
let done = false;
function killAll() {
  if (done) return;
  done = true;
  for (const pid of groups) {
    try {
      if (win) spawnSync('taskkill', ['/PID', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
      else process.kill(-pid, 'SIGKILL');
    } catch (e) { /* already gone */ }
  }
  process.exit(0);
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    const pid = Number(line.slice(1));
    if (line[0] === '+' && pid > 0) groups.add(pid);
    else if (line[0] === '-') groups.delete(pid);
  }
});
process.stdin.on('end', killAll);
process.stdin.on('error', killAll);
setInterval(() => {
  try { process.kill(parent, 0); } catch (e) { if (e.code === 'ESRCH') killAll(); }
}, 500);
`;

class OrphanWatchdog {
  private child: ChildProcess | null = null;
  private stdin: Writable | null = null;

  /** Registers a process group (POSIX) / tree root (Windows) to kill if this process dies. */
  track(pid: number): void {
    this.send(`+${pid}\n`);
  }

  untrack(pid: number): void {
    this.send(`-${pid}\n`);
  }

  /** The watchdog's own PID, for tests. */
  get pid(): number | undefined {
    return this.ensure()?.pid;
  }

  private send(line: string): void {
    const stdin = this.ensure() ? this.stdin : null;
    if (stdin && !stdin.destroyed) stdin.write(line);
  }

  private ensure(): ChildProcess | null {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    try {
      // In Electron, execPath is the app binary; ELECTRON_RUN_AS_NODE makes it behave as Node.
      const child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(process.pid)], {
        detached: true, // its own group: a Ctrl+C for the engine must not take the watchdog down first
        stdio: ['pipe', 'ignore', 'ignore'],
        windowsHide: true,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      child.on('error', () => { this.child = null; });
      child.unref();
      const stdin = child.stdin!;
      stdin.on('error', () => { /* watchdog gone; the next track() starts a new one */ });
      // The pipe must not keep the engine's event loop alive.
      (stdin as unknown as { unref?: () => void }).unref?.();
      this.child = child;
      this.stdin = stdin;
      return child;
    } catch {
      return null;
    }
  }
}

let instance: OrphanWatchdog | null = null;

/** The per-process watchdog, started on first use. */
export function orphanWatchdog(): OrphanWatchdog {
  instance ??= new OrphanWatchdog();
  return instance;
}

export type { OrphanWatchdog };
