// Parser for Windows `netsh interface ipv4|ipv6 show excludedportrange protocol=tcp|udp`.
// Hyper-V, WSL2 and Docker Desktop (WinNAT) reserve blocks of ports that change from boot to
// boot; a bind there fails with EACCES and netstat shows no owner. The table is translated on
// non-English Windows, so only lines made of two numbers (and an optional `*` for
// administered exclusions) count.
import type { ReservedPortRange } from './port-types';

export function parseExcludedPortRanges(text: string): ReservedPortRange[] {
  const ranges: ReservedPortRange[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d{1,5})\s+(\d{1,5})\s*(\*)?\s*$/.exec(line);
    if (!m) continue;
    ranges.push({ start: Number(m[1]), end: Number(m[2]), administered: m[3] === '*' });
  }
  return ranges;
}

export function rangeContaining(ranges: ReservedPortRange[], port: number): ReservedPortRange | undefined {
  return ranges.find((r) => r.start <= port && port <= r.end);
}
