// Where a peer's ICE host candidates come from (issue 6 item 3, MediaMTX semantics):
// webrtcIPsFromInterfaces offers this machine's interface addresses (only those of the
// interfaces named in webrtcIPsFromInterfacesList when it is not empty), webrtcAdditionalHosts
// adds IPs or host names (resolved here: browsers ignore host-name candidates other than mDNS),
// and webrtcLocalUDPAddress bounds the UDP ports (udp-port-range.ts).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import type { Config } from '../../../../shared/config';
import type { Logger } from '../../log/logger';
import { webrtcUdpPortRange } from './udp-port-range';

export interface PeerNetwork {
  /** Addresses offered as host candidates, one werift UDP socket each. */
  hosts: string[];
  /** Ports those sockets bind in (inclusive); none: any free port. */
  portRange?: [number, number];
  /** IPv4 address the sockets bind to; none: all interfaces. */
  bindAddress?: string;
}

/** IPv6 link-local addresses need a zone (fe80::1%eth0) that SDP cannot carry (RFC 8839 §5.1). */
function usable(family: string | number, address: string): boolean {
  if (family === 'IPv6' || family === 6) return !/^fe80:/i.test(address);
  return !address.startsWith('169.254.');
}

/** Addresses of the named interfaces (all interfaces when `names` is empty), IPv4 first. */
export function interfaceAddresses(names: readonly string[], interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    if (names.length > 0 && !names.includes(name)) continue;
    for (const info of infos ?? []) {
      if (!usable(info.family, info.address)) continue;
      (info.family === 'IPv4' ? v4 : v6).push(info.address);
    }
  }
  return [...v4, ...v6];
}

/** The host candidates and port range for new peers; host names that do not resolve are logged and skipped. */
export async function peerNetworkOf(config: Config, log?: Logger, interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>): Promise<PeerNetwork> {
  const range = webrtcUdpPortRange(config);
  const bindAddress = range?.host && isIP(range.host) === 4 && range.host !== '0.0.0.0' ? range.host : undefined;
  const hosts: string[] = [];
  if (config.webrtcIPsFromInterfaces) {
    const own = interfaceAddresses(config.webrtcIPsFromInterfacesList ?? [], interfaces);
    // Sockets bound to one address are reachable at that address only.
    hosts.push(...(bindAddress ? own.filter((a) => a === bindAddress) : own));
  }
  for (const h of config.webrtcAdditionalHosts ?? []) {
    if (isIP(h)) { hosts.push(h); continue; }
    try {
      for (const a of await lookup(h, { all: true })) hosts.push(a.address);
    } catch (err) {
      log?.warn(`webrtcAdditionalHosts: "${h}" does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not offered`);
    }
  }
  return {
    hosts: [...new Set(hosts)],
    ...(range ? { portRange: range.ports } : {}),
    ...(bindAddress ? { bindAddress } : {}),
  };
}
