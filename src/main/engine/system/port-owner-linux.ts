// Port owner on Linux, read from /proc with no external tool (proc(5)):
// /proc/net/{tcp,tcp6,udp,udp6} give the socket inode holding the port, and the process is the
// one with a /proc/PID/fd/* link "socket:[INODE]". Other users' fd directories are closed to
// us unless we are root, so their sockets come out as "unknown owner".
import { readdir, readFile, readlink } from 'node:fs/promises';
import { chooseLinuxProcessName } from './process-name';
import { parseProcNet, procNetSocketInodes } from './proc-net';
import type { PortOwner, PortProtocol } from './port-types';
import { runCommand } from './run-command';
import { parseSsSockets } from './ss-output';

export async function findPortOwnerLinux(protocol: PortProtocol, port: number): Promise<PortOwner | undefined> {
  const tables = await Promise.all(
    [`/proc/net/${protocol}`, `/proc/net/${protocol}6`].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  if (tables.every((t) => t === undefined)) return findPortOwnerWithSs(protocol, port);
  const inodes = new Set(tables.flatMap((t) => (t ? procNetSocketInodes(parseProcNet(t), protocol, port) : [])));
  if (inodes.size === 0) return undefined;
  const pid = await findPidHoldingSocket(inodes);
  return pid === undefined ? undefined : describeLinuxProcess(pid);
}

/**
 * Lowest PID with an fd on one of `inodes`. A forked server (nginx, a Node cluster) shares the
 * socket among parent and workers; the lowest PID is usually the parent, the one to stop.
 */
export async function findPidHoldingSocket(inodes: ReadonlySet<number>): Promise<number | undefined> {
  const pids = (await readdir('/proc').catch(() => [] as string[]))
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(Number(m[1]))) return pid;
    }
  }
  return undefined;
}

export async function describeLinuxProcess(pid: number): Promise<PortOwner | undefined> {
  const [exe, cmdline, comm] = await Promise.all([
    readlink(`/proc/${pid}/exe`).catch(() => undefined),
    readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined),
    readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined),
  ]);
  if (cmdline === undefined && comm === undefined) return undefined; // exited meanwhile
  const argv = (cmdline ?? '').split('\0');
  while (argv.length > 0 && argv[argv.length - 1] === '') argv.pop();
  const name = chooseLinuxProcessName({ exe, argv, comm: comm?.replace(/\n$/, '') });
  return argv.length > 0 ? { pid, name, command: argv.join(' ') } : { pid, name };
}

/** When /proc/net is hidden (some sandboxes), iproute2's ss still asks the kernel over netlink. */
async function findPortOwnerWithSs(protocol: PortProtocol, port: number): Promise<PortOwner | undefined> {
  const args = ['-H', '-n', '-p', protocol === 'tcp' ? '-t' : '-u', protocol === 'tcp' ? '-l' : '-a'];
  const out = await runCommand('ss', [...args, 'sport', '=', `:${port}`]);
  if (!out) return undefined;
  const socket = parseSsSockets(out.stdout.toString('utf8')).find(
    (s) => s.localPort === port && s.processes.length > 0,
  );
  const pid = socket?.processes[0].pid;
  if (pid === undefined) return undefined;
  return (await describeLinuxProcess(pid)) ?? { pid, name: socket!.processes[0].name };
}
