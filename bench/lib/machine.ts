// The machine a benchmark ran on, for the header of its output and docs/benchmarks.md.
import { availableParallelism, release } from 'node:os';
import { readFileSync } from 'node:fs';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  let cpuModel = '?';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? '?';
  } catch {
    /* not Linux */
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: availableParallelism(),
    cpuModel,
    kernel: `Linux ${release()}`,
    node: process.version,
  };
}
