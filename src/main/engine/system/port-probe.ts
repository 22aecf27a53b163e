// Is a port free? Asked the only way that cannot be wrong: bind it for real, then let go at once.
import dgram from 'node:dgram';
import net from 'node:net';
import type { PortProtocol, ProbeResult } from './port-types';

/** Bind failures that only mean "this address family or address does not exist here". */
const NOT_APPLICABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL', 'EPROTONOSUPPORT']);

/**
 * Binds `host:port` the way our servers do (TCP: `server.listen`, UDP: `socket.bind`) and
 * closes it again. host '' means all interfaces, exactly like Node's `listen(port)`: TCP on
 * [::] with IPv4 mapped in (0.0.0.0 without IPv6), UDP on 0.0.0.0 (a udp4 socket).
 *
 * For '' we also bind the loopback addresses. Linux refuses a wildcard bind while another
 * socket holds 127.0.0.1:port, but Windows and macOS accept it and then hand local
 * connections (OBS on the same PC) to the other program. A port that works for the LAN but
 * not for localhost is busy for our purposes.
 */
export async function probePort(protocol: PortProtocol, host: string, port: number): Promise<ProbeResult> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { free: false, code: 'ERR_SOCKET_BAD_PORT' };
  const bind = protocol === 'tcp' ? bindTcp : bindUdp;
  const main = await bind(host, port);
  if (!main.free || host !== '') return main;
  const loopbacks = protocol === 'tcp' ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  for (const loopback of loopbacks) {
    const result = await bind(loopback, port);
    if (!result.free && !NOT_APPLICABLE.has(result.code)) return result;
  }
  return main;
}

function bindTcp(host: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => resolve({ free: false, code: err.code ?? 'EUNKNOWN' }));
    try {
      // exclusive: in a cluster worker, bind here rather than share the primary's handle.
      server.listen({ port, host: host === '' ? undefined : host, exclusive: true }, () => {
        server.close(() => resolve({ free: true }));
      });
    } catch (err) {
      resolve({ free: false, code: (err as NodeJS.ErrnoException).code ?? 'EINVAL' });
    }
  });
}

function bindUdp(host: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
    socket.unref();
    socket.once('error', (err: NodeJS.ErrnoException) => {
      try {
        socket.close();
      } catch {
        // Already closed by the failed bind.
      }
      resolve({ free: false, code: err.code ?? 'EUNKNOWN' });
    });
    try {
      socket.bind({ port, address: host === '' ? undefined : host, exclusive: true }, () => {
        socket.close(() => resolve({ free: true }));
      });
    } catch (err) {
      resolve({ free: false, code: (err as NodeJS.ErrnoException).code ?? 'EINVAL' });
    }
  });
}

export interface FindFreePortOptions {
  /** Ports not to return even when free (other listeners of the same config). */
  exclude?: Iterable<number>;
  /** How many ports after startPort to try. Default 100. */
  maxTries?: number;
}

/**
 * The first port after `startPort` that binds (same rules as probePort) and is not excluded.
 * The fourth argument is either the exclude set itself or { exclude, maxTries }. Throws when none of the next `maxTries` ports is free.
 */
export async function findFreePort(
  protocol: PortProtocol,
  host: string,
  startPort: number,
  excludeOrOptions: Iterable<number> | FindFreePortOptions = {},
): Promise<number> {
  const options: FindFreePortOptions =
    Symbol.iterator in excludeOrOptions ? { exclude: excludeOrOptions } : excludeOrOptions;
  const exclude = new Set(options.exclude ?? []);
  const last = Math.min(65535, startPort + (options.maxTries ?? 100));
  for (let port = Math.max(1, startPort + 1); port <= last; port++) {
    if (exclude.has(port)) continue;
    if ((await probePort(protocol, host, port)).free) return port;
  }
  throw new Error(
    `no free ${protocol.toUpperCase()} port in ${startPort + 1}-${last}${host ? ` on ${host}` : ''}; choose one by hand`,
  );
}
