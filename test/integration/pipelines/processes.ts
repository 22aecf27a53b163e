// Finding test processes by a marker in their command line (Linux /proc), to prove none is left.
import { readdirSync, readFileSync } from 'node:fs';

/** PIDs of live (non-zombie) processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.includes(marker)) continue;
      const state = /\) (\S)/.exec(readFileSync(`/proc/${d}/stat`, 'utf8'))?.[1];
      if (state !== 'Z') out.push(Number(d));
    } catch { /* exited while we looked */ }
  }
  return out;
}

/** Polls until no process carries `marker` or `ms` passed; returns what is left. */
export async function waitNoneWith(marker: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = processesWith(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWith(marker);
  }
  return left;
}

/** Kills every process carrying `marker` (cleanup after a failed assertion). */
export function killAllWith(marker: string): void {
  for (const pid of processesWith(marker)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}
