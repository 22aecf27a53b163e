// Electron's utilityProcess as a HostChild. Only the type comes from electron here: index.ts
// calls utilityProcess.fork and passes the result, so forked.ts stays testable under Node.
import type { UtilityProcess } from 'electron';
import type { HostChild } from './forked';

export function utilityProcessChild(proc: UtilityProcess): HostChild {
  return {
    get pid() { return proc.pid; },
    post: (msg) => proc.postMessage(msg),
    onMessage: (listener) => { proc.on('message', listener); },
    // Electron reports only an exit code; a crash is also reported by app's 'child-process-gone'.
    onExit: (listener) => { proc.once('exit', (code) => listener(code, null)); },
    kill: () => { proc.kill(); },
  };
}
