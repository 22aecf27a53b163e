// "host:port" strings as the OS tools print them: 0.0.0.0:135, [::]:135, [fe80::1%12]:1900, *:5353.

export interface SocketAddress {
  /** Without brackets; '*' or '' where the tool prints a wildcard. */
  host: string;
  /** undefined for a port printed as '*' (netstat's "*:*" for unconnected UDP). */
  port: number | undefined;
}

export function splitSocketAddress(text: string): SocketAddress | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const portText = text.slice(colon + 1);
  if (portText === '*') return { host, port: undefined };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  return { host, port: Number(portText) };
}
