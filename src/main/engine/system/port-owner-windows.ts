// Port owner on Windows: netstat for the PID, tasklist for its image name. Both are in every
// Windows since XP and need no administrator rights to name other users' processes.
import path from 'node:path';
import { netstatOwnerPid, parseNetstatWindows } from './netstat-windows';
import { parseExcludedPortRanges, rangeContaining } from './netsh-excluded-ports';
import type { PortOwner, PortProtocol, ReservedPortRange } from './port-types';
import { runCommand } from './run-command';
import { parseTasklistCsv } from './tasklist-csv';

/**
 * Full paths: for a bare name Windows looks in the current directory before PATH, and a
 * stray netstat.exe in a download folder must not run.
 */
function system32(exe: string): string {
  return path.win32.join(process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows', 'System32', exe);
}

export async function findPortOwnerWindows(protocol: PortProtocol, port: number): Promise<PortOwner | undefined> {
  // `-p TCP` lists IPv4 only; IPv6 sockets ([::]:8554) need `-p TCPv6`.
  const families = protocol === 'tcp' ? ['TCP', 'TCPv6'] : ['UDP', 'UDPv6'];
  const outputs = await Promise.all(families.map((p) => runCommand(system32('netstat.exe'), ['-ano', '-p', p])));
  // Only ASCII tokens matter here; latin1 keeps every byte of the OEM-code-page text.
  const rows = outputs.flatMap((o) => (o ? parseNetstatWindows(o.stdout.toString('latin1')) : []));
  const pid = netstatOwnerPid(rows, protocol, port);
  return pid === undefined ? undefined : describeWindowsProcess(pid);
}

export async function describeWindowsProcess(pid: number): Promise<PortOwner> {
  const out = await runCommand(system32('tasklist.exe'), ['/FO', 'CSV', '/NH', '/FI', `PID eq ${pid}`]);
  if (!out) return { pid, name: `PID ${pid}` };
  const utf8 = decodeUtf8(out.stdout);
  const row = parseTasklistCsv(utf8 ?? out.stdout.toString('latin1')).find((r) => r.pid === pid);
  if (!row) return { pid, name: `PID ${pid}` };
  if (utf8 !== undefined) return { pid, name: row.name };
  // The name has non-ASCII characters in the OEM code page (850, 936, …), which Node cannot
  // decode for all of them: ask PowerShell, which can print UTF-8.
  const exact = await processNameFromPowerShell(pid);
  const suffix = /\.exe$/i.test(row.name) ? '.exe' : '';
  return { pid, name: exact ? exact + suffix : row.name };
}

async function processNameFromPowerShell(pid: number): Promise<string | undefined> {
  const script = `[Console]::OutputEncoding=[Text.Encoding]::UTF8; (Get-Process -Id ${pid}).ProcessName`;
  const out = await runCommand(path.win32.join(system32('WindowsPowerShell'), 'v1.0', 'powershell.exe'), [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    script,
  ]);
  const name = out && out.exitCode === 0 ? out.stdout.toString('utf8').replace(/^\uFEFF/, '').trim() : '';
  return name || undefined;
}

/**
 * The Windows-reserved range holding `port`, if any (see netsh-excluded-ports.ts). Asked only
 * after a bind failed with EACCES and netstat named nobody.
 */
export async function findReservedPortRangeWindows(
  protocol: PortProtocol,
  port: number,
): Promise<ReservedPortRange | undefined> {
  for (const family of ['ipv4', 'ipv6']) {
    const out = await runCommand(system32('netsh.exe'), ['interface', family, 'show', 'excludedportrange', `protocol=${protocol}`]);
    const range = out ? rangeContaining(parseExcludedPortRanges(out.stdout.toString('latin1')), port) : undefined;
    if (range) return range;
  }
  return undefined;
}

/** The text, when `bytes` are valid UTF-8 (console tools print in the OEM code page unless it is UTF-8). */
function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
