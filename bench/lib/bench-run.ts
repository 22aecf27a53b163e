// The lifecycle every benchmark script shares: every child process and temp dir it made is
// removed at the end, on Ctrl+C, on an uncaught error and when the global time limit fires.
import { rmSync } from 'node:fs';
import type { ChildProcesses } from './child-processes';

export interface BenchRun {
  /** Registers a temp dir to remove at exit (and removes it when `release` is called). */
  tempDir(dir: string): { release(): void };
  /** Stops the children and exits with `code` (after at most 8 s). */
  abort(why: string, code: number): void;
  /** Marks a normal end: later signals do not print an abort message. */
  finish(): void;
}

export function startBenchRun(name: string, children: ChildProcesses, timeLimitS: number): BenchRun {
  const dirs = new Set<string>();
  let finishing = false;
  const abort = (why: string, code: number) => {
    if (finishing) return;
    finishing = true;
    console.error(`\n${name}: ${why}; stopping every process it started`);
    void children.stopAll().finally(() => process.exit(code));
    setTimeout(() => {
      children.killAllNow();
      process.exit(code);
    }, 8000).unref();
  };
  process.on('SIGINT', () => abort('interrupted', 130));
  process.on('SIGTERM', () => abort('terminated', 143));
  process.on('uncaughtException', (err) => abort(`error: ${err.stack ?? err.message}`, 1));
  process.on('unhandledRejection', (err) => abort(`error: ${String(err)}`, 1));
  process.on('exit', () => {
    children.killAllNow();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  setTimeout(() => abort(`time limit of ${timeLimitS} s reached`, 3), timeLimitS * 1000).unref();
  return {
    tempDir(dir) {
      dirs.add(dir);
      return {
        release() {
          rmSync(dir, { recursive: true, force: true });
          dirs.delete(dir);
        },
      };
    },
    abort,
    finish() {
      finishing = true;
    },
  };
}
