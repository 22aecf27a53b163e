// Parser for Linux /proc/net/{tcp,tcp6,udp,udp6} (kernel: net/ipv4/tcp_ipv4.c get_tcp4_sock,
// net/ipv6/tcp_ipv6.c get_tcp6_sock, net/ipv4/udp.c udp4_format_sock):
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode …
//    0: 0100007F:B79A 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12022 …
// Ports are printed as numbers (ntohs) in hex. Addresses are the raw in-memory words printed
// with %08X, so each 32-bit word shows in host byte order: on little-endian machines
// 127.0.0.1 reads 0100007F, and an IPv6 address is four such words.
import type { PortProtocol } from './port-types';

/** include/net/tcp_states.h: TCP_ESTABLISHED = 1 … TCP_CLOSE = 7, TCP_LISTEN = 10. */
export const TCP_LISTEN = 0x0a;

export interface ProcNetRow {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Kernel socket state; for UDP 7 (unconnected) or 1 (connected). */
  state: number;
  uid: number;
  /** 0 for sockets no longer attached to a file (TIME_WAIT and the like). */
  inode: number;
}

export function parseProcNet(text: string, littleEndian = true): ProcNetRow[] {
  const rows: ProcNetRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
    if (f.length < 10 || !/^\d+:$/.test(f[0])) continue;
    const local = decodeProcNetEndpoint(f[1], littleEndian);
    const remote = decodeProcNetEndpoint(f[2], littleEndian);
    if (!local || !remote || !/^[0-9A-Fa-f]{2}$/.test(f[3])) continue;
    rows.push({
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: parseInt(f[3], 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return rows;
}

/** "0100007F:1F90" → { address: "127.0.0.1", port: 8080 }. */
export function decodeProcNetEndpoint(
  text: string,
  littleEndian = true,
): { address: string; port: number } | undefined {
  const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < m[1].length; w += 8) {
    const word = m[1].slice(w, w + 8).match(/../g)!.map((b) => parseInt(b, 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  const address = bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
  return { address, port: parseInt(m[2], 16) };
}

/** RFC 5952 §4 text form: lower case, longest run of zero groups (≥2) as "::"; v4-mapped as ::ffff:a.b.c.d. */
function formatIpv6(bytes: number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Inodes of the sockets holding `port`: LISTEN sockets for TCP, any bound socket for UDP. */
export function procNetSocketInodes(rows: ProcNetRow[], protocol: PortProtocol, port: number): number[] {
  return rows
    .filter((r) => r.localPort === port && r.inode !== 0 && (protocol === 'udp' || r.state === TCP_LISTEN))
    .map((r) => r.inode);
}
