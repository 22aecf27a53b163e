// Parser for Windows `netstat -ano -p TCP|TCPv6|UDP|UDPv6`.
//
// Header lines and the State column are translated on non-English Windows ("ABHÖREN",
// "ÉCOUTE", "接聽中"), and arrive in the console's OEM code page, so nothing here keys on
// words: a row is "PROTO LOCAL FOREIGN [STATE…] PID", and a TCP row listens when its foreign
// address is the unspecified one (0.0.0.0:0 or [::]:0), which netstat prints only for
// listening sockets. UDP rows have no state; "*:*" is an unconnected socket.
import type { PortProtocol } from './port-types';
import { splitSocketAddress } from './socket-address';

export interface NetstatRow {
  protocol: PortProtocol;
  localHost: string;
  localPort: number;
  foreign: string;
  /** As printed (possibly translated); '' for UDP. */
  state: string;
  listening: boolean;
  pid: number;
}

export function parseNetstatWindows(text: string): NetstatRow[] {
  const rows: NetstatRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 4) continue;
    const proto = tokens[0].toUpperCase();
    if (proto !== 'TCP' && proto !== 'UDP') continue;
    const local = splitSocketAddress(tokens[1]);
    const pidText = tokens[tokens.length - 1];
    if (!local || local.port === undefined || !/^\d+$/.test(pidText)) continue;
    const protocol: PortProtocol = proto === 'TCP' ? 'tcp' : 'udp';
    const foreign = tokens[2];
    rows.push({
      protocol,
      localHost: local.host,
      localPort: local.port,
      foreign,
      state: tokens.slice(3, -1).join(' '),
      listening: protocol === 'tcp' && (foreign === '0.0.0.0:0' || foreign === '[::]:0'),
      pid: Number(pidText),
    });
  }
  return rows;
}

/**
 * The PID holding `port`: a listening row for TCP, any row for UDP (a UDP socket holds its
 * port whether or not it is connected). PID 0 is the idle process that netstat names for
 * TIME_WAIT leftovers; it holds nothing.
 */
export function netstatOwnerPid(rows: NetstatRow[], protocol: PortProtocol, port: number): number | undefined {
  const row = rows.find(
    (r) => r.protocol === protocol && r.localPort === port && r.pid !== 0 && (protocol === 'udp' || r.listening),
  );
  return row?.pid;
}
