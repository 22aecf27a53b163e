// Every process the benchmark starts goes through here, so all of them are stopped at the end, on
// Ctrl+C, on errors and when the global time limit fires. Each child gets its own process group
// (detached), and stopping it signals the group: that reaches nginx's worker too.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface TrackedChild {
  label: string;
  proc: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
}

/**
 * Signals the child's process group (its id is the child's pid, since it was spawned detached).
 * Once the group is empty the kernel answers ESRCH and nothing else can be hit: a group id stays
 * reserved while any member lives, so this never reaches a stranger's process.
 */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* group already gone */
  }
}

export class ChildProcesses {
  private readonly live = new Set<TrackedChild>();

  spawn(label: string, command: string, args: readonly string[], options: SpawnOptions = {}): TrackedChild {
    const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options, detached: true });
    const exited = new Promise<number | string>((resolve) => {
      proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      proc.once('error', (err) => resolve(`spawn failed: ${err.message}`));
    });
    const child: TrackedChild = { label, proc, exited };
    this.live.add(child);
    void exited.then(() => this.live.delete(child));
    return child;
  }

  /** SIGTERM to the child's group, then SIGKILL after `graceMs`. */
  async stop(child: TrackedChild, graceMs = 3000): Promise<void> {
    const pid = child.proc.pid;
    if (pid === undefined || !this.live.has(child)) return;
    signalGroup(pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([child.exited, timer])) === 'timeout') {
      signalGroup(pid, 'SIGKILL');
      await Promise.race([child.exited, new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    // The leader may exit before its group (nginx master vs worker): make sure none is left.
    signalGroup(pid, 'SIGKILL');
    this.live.delete(child);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((c) => this.stop(c)));
  }

  /** Synchronous last resort for process 'exit' handlers: SIGKILL every group still tracked. */
  killAllNow(): void {
    for (const c of this.live) if (c.proc.pid !== undefined) signalGroup(c.proc.pid, 'SIGKILL');
    this.live.clear();
  }
}
