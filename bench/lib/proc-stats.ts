// CPU time and resident memory of a process tree from Linux /proc (proc(5)): utime + stime from
// /proc/PID/stat (fields 14 and 15, in clock ticks) and VmRSS from /proc/PID/status. A server is
// measured with its descendants, so nginx's master + worker count as one server.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clockTicks: number | undefined;

/** sysconf(_SC_CLK_TCK): clock ticks per second (100 on every mainstream Linux build). */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface StatFields {
  ppid: number;
  ticks: number;
}

/** Parses /proc/PID/stat; the command name (field 2) may hold spaces and ')' so split after the last ')'. */
function readStat(pid: number): StatFields | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
}

/** The process and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const st = readStat(pid);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(pid);
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0 && out.length < 1000) {
    const pid = todo.pop()!;
    if (!readStat(pid)) continue;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface CpuSample {
  /** utime + stime summed over the tree, in seconds. */
  cpuSeconds: number;
  /** Monotonic wall clock, seconds. */
  wallSeconds: number;
}

export function sampleCpu(pids: readonly number[]): CpuSample {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.ticks ?? 0;
  return { cpuSeconds: ticks / clockTicksPerSecond(), wallSeconds: Number(process.hrtime.bigint()) / 1e9 };
}

/** CPU used between two samples as % of one core (100 = one core busy all the time). */
export function cpuPercent(a: CpuSample, b: CpuSample): number {
  const wall = b.wallSeconds - a.wallSeconds;
  return wall > 0 ? ((b.cpuSeconds - a.cpuSeconds) / wall) * 100 : 0;
}

/** VmRSS summed over the tree, in KiB (0 for processes that are gone). */
export function rssKiB(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      if (m) total += Number(m[1]);
    } catch {
      /* exited */
    }
  }
  return total;
}

export function isAlive(pid: number): boolean {
  return readStat(pid) !== undefined;
}

export interface MachineCpuSample {
  /** Jiffies summed over all CPUs: everything, and idle + iowait. */
  total: number;
  idle: number;
}

/** The aggregate "cpu" line of /proc/stat (proc(5)): user nice system idle iowait irq softirq steal … */
export function sampleMachineCpu(): MachineCpuSample {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0];
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: v.reduce((a, b) => a + b, 0), idle: v[3] + v[4] };
  } catch {
    return { total: 0, idle: 0 };
  }
}

/** Idle share of the whole machine between two samples, % (100 = every core idle). */
export function machineIdlePercent(a: MachineCpuSample, b: MachineCpuSample): number {
  const total = b.total - a.total;
  return total > 0 ? ((b.idle - a.idle) / total) * 100 : NaN;
}
