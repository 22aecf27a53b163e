// Parser for iproute2 `ss -H -n -p -t|-u [-l|-a]`: a second opinion on Linux, and the lookup
// when /proc/net cannot be read. Columns: [Netid] State Recv-Q Send-Q Local Peer [Process],
// where Process is users:(("name",pid=N,fd=M),("other",pid=K,fd=J)).
import { splitSocketAddress } from './socket-address';

export interface SsSocket {
  state: string;
  localHost: string;
  localPort: number;
  processes: { name: string; pid: number; fd: number }[];
}

const NETIDS = new Set(['tcp', 'udp', 'raw', 'u_str', 'u_dgr', 'u_seq', 'sctp', 'mptcp']);

export function parseSsSockets(text: string): SsSocket[] {
  const sockets: SsSocket[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (NETIDS.has(tokens[0])) tokens.shift();
    if (tokens.length < 5 || !/^\d+$/.test(tokens[1])) continue;
    // "127.0.0.53%lo:53": the %interface (SO_BINDTODEVICE) is not part of the address.
    const local = splitSocketAddress(tokens[3].replace(/%[^:\]]+(?=\]?:[^:]*$)/, ''));
    if (!local || local.port === undefined) continue;
    const processes = [...tokens.slice(5).join(' ').matchAll(/\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)\)/g)].map(
      (m) => ({ name: m[1], pid: Number(m[2]), fd: Number(m[3]) }),
    );
    sockets.push({ state: tokens[0], localHost: local.host, localPort: local.port, processes });
  }
  return sockets;
}
