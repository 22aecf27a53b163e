// The table `relaybox check-ports` prints:
//   Listener  Protocol  Address         State  Details
//   RTSP      TCP       :8554           free
//   RTMP      TCP       :1935           busy   held by obs64.exe (PID 4242); try :1936
import { isOwnProcess } from './port-owner';
import type { PortCheck } from './port-types';

/** Address as in the config file: ":8554", "127.0.0.1:9997", "[::1]:9997". */
export function formatListenAddress(host: string, port: number): string {
  if (host === '') return `:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function describePortCheck(check: PortCheck): string {
  if (check.free) return '';
  const parts: string[] = [];
  if (check.owner) {
    const { name, pid } = check.owner;
    if (isOwnProcess(pid)) parts.push(`held by this Relaybox process (PID ${pid})`);
    // PID 4 is the kernel; it holds ports for HTTP.sys users (IIS, WinRM, URL reservations).
    else if (pid === 4 && name === 'System') parts.push('held by System (PID 4, HTTP.sys)');
    else parts.push(`held by ${name} (PID ${pid})`);
  } else if (check.error) {
    parts.push(check.error);
  } else {
    parts.push('held by an unknown process');
  }
  if (check.suggestion !== undefined) parts.push(`try :${check.suggestion}`);
  return parts.join('; ');
}

export function formatPortTable(checks: PortCheck[]): string {
  const header = ['Listener', 'Protocol', 'Address', 'State', 'Details'];
  const rows = checks.map((c) => [
    c.label,
    c.protocol.toUpperCase(),
    formatListenAddress(c.host, c.port),
    c.free ? 'free' : 'busy',
    describePortCheck(c),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const busy = checks.filter((c) => !c.free).length;
  const summary =
    checks.length === 0
      ? 'No ports to check.'
      : busy === 0
        ? `All ${checks.length} ports are free.`
        : `${busy} of ${checks.length} ports ${busy === 1 ? 'is' : 'are'} busy.`;
  return [line(header), ...rows.map(line), '', summary].join('\n');
}
