// Listener addresses keep MediaMTX's "host:port" string form (":8554", "127.0.0.1:9997",
// "[::1]:8554"); an empty host means every interface. Same shape as Go's net.SplitHostPort.

import { isIPv6 } from './ip';

export interface ListenAddress {
  /** '' means all interfaces. IPv6 hosts are returned without brackets. */
  host: string;
  port: number;
}

export const ADDRESS_EXAMPLES = '":8554", "127.0.0.1:9997" or "[::1]:8554"';

function checkPort(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`port "${text}" is not a number; port must be 1–65535`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new Error('port must be 1–65535');
  return port;
}

/** Splits "host:port". Throws Error with a human reason (e.g. "port must be 1–65535"). */
export function parseAddress(s: string): ListenAddress {
  if (typeof s !== 'string') throw new Error(`an address must be text such as ${ADDRESS_EXAMPLES}`);
  if (s === '') throw new Error(`address is empty; write e.g. ${ADDRESS_EXAMPLES}`);
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) throw new Error(`missing "]" after the IPv6 host; write e.g. "[::1]:8554"`);
    const host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (!rest.startsWith(':')) throw new Error(`missing ":port" after "[${host}]"; write e.g. "[::1]:8554"`);
    if (!isIPv6(host.replace(/%.*$/, ''))) throw new Error(`"${host}" is not an IPv6 address`);
    return { host, port: checkPort(rest.slice(1)) };
  }
  if (/^\d+$/.test(s)) throw new Error(`missing ":" before the port; write ":${s}" to listen on all interfaces`);
  const colon = s.lastIndexOf(':');
  if (colon < 0) throw new Error(`missing ":port"; write e.g. ${ADDRESS_EXAMPLES}`);
  const host = s.slice(0, colon);
  if (host.includes(':')) throw new Error(`IPv6 hosts need brackets, e.g. "[${host}]:${s.slice(colon + 1)}"`);
  if (host !== '' && !/^[A-Za-z0-9._-]+$/.test(host)) throw new Error(`"${host}" is not a host name or IP address`);
  return { host, port: checkPort(s.slice(colon + 1)) };
}

export function checkAddress(s: string): string | undefined {
  try {
    parseAddress(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** "host:port" text for a host and port, with brackets for IPv6. */
export function formatAddress(a: ListenAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
