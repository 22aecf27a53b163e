// Ending a child means ending everything it started. On POSIX the supervisor spawns FFmpeg
// detached, so it leads its own process group and kill(-pgid) reaches the whole tree; on Windows
// `taskkill /T` walks the tree (and /F is the only way to stop a console process from outside).
import { spawn } from 'node:child_process';

// SIGINT: how MediaMTX asks a hook command to finish (FFmpeg then writes its trailers).
export type KillSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** Signals the process group led by `pid` (POSIX) or kills the tree (Windows). False if it was already gone. */
export function killTree(pid: number, signal: KillSignal, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') {
    // Windows has no SIGTERM for console programs; both levels end in a forced tree kill.
    const tk = spawn('taskkill', taskkillArgs(pid), { windowsHide: true, stdio: 'ignore' });
    tk.on('error', () => { /* taskkill missing: nothing better to do */ });
    return true;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      // Not a group leader (spawned by someone else): at least the process itself.
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

export function taskkillArgs(pid: number): string[] {
  return ['/PID', String(pid), '/T', '/F'];
}
