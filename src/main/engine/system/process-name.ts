// Which name to show for a Linux process.
//
// /proc/PID/comm is what ps and top show, but it is the main thread's name, and programs may
// rename that thread: Node 24 calls its main thread "MainThread", so comm alone would report
// every Node server as "MainThread". comm is kept when it is the name the kernel gave at exec
// (the basename of the executable or script, cut to 15 bytes, TASK_COMM_LEN - 1), which keeps
// a script's own name ("myserver" rather than "python3.11"); otherwise the executable's name.
import path from 'node:path';

export interface LinuxProcessFacts {
  /** readlink /proc/PID/exe, if readable. */
  exe?: string;
  /** /proc/PID/cmdline split at NULs. */
  argv: string[];
  /** /proc/PID/comm without the newline. */
  comm?: string;
}

const COMM_MAX = 15;

export function chooseLinuxProcessName(facts: LinuxProcessFacts): string {
  const exeName = facts.exe ? path.posix.basename(facts.exe.replace(/ \(deleted\)$/, '')) : '';
  // argv[0] may be rewritten to a title ("nginx: master process …"): only a plain word or path counts.
  const argNames = facts.argv
    .slice(0, 2)
    .filter((a) => a !== '' && !/\s/.test(a))
    .map((a) => path.posix.basename(a).replace(/^-/, ''));
  const comm = facts.comm?.trim() ?? '';
  const execNames = [exeName, ...argNames].filter((n) => n !== '');
  if (comm && execNames.some((n) => n === comm || (comm.length === COMM_MAX && n.startsWith(comm)))) return comm;
  return exeName || argNames[0] || comm || '?';
}
