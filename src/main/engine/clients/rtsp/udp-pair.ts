// A client's RTP/RTCP socket pair for one track over UDP (RFC 2326 §12.39 client_port): RTP on
// an even port, RTCP on the next one (RFC 3550 §11), both bound to the address the RTSP
// connection uses, within a port range (the path's rtspUDPSourcePortRange).
import dgram from 'node:dgram';
import net from 'node:net';

export interface UdpPair {
  rtp: dgram.Socket;
  rtcp: dgram.Socket;
  ports: [number, number];
  close(): void;
}

const DEFAULT_RANGE: readonly [number, number] = [32768, 60999];
const TRIES = 30;

function bind(type: 'udp4' | 'udp6', address: string, port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket({ type, reuseAddr: false });
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind({ address, port, exclusive: true }, () => {
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

/** Binds a free even/odd pair in `range` (inclusive); throws after a bounded number of tries. */
export async function bindUdpPair(address: string, range: readonly number[] = DEFAULT_RANGE): Promise<UdpPair> {
  const type = net.isIPv6(address) ? 'udp6' : 'udp4';
  const lo = Math.max(1024, Math.min(range[0] ?? DEFAULT_RANGE[0], range[1] ?? DEFAULT_RANGE[1]));
  const hi = Math.min(65535, Math.max(range[0] ?? DEFAULT_RANGE[0], range[1] ?? DEFAULT_RANGE[1]));
  const evens = Math.floor((hi - 1 - lo) / 2) + 1;
  if (hi - lo < 1 || evens < 1) throw new Error(`UDP port range ${lo}-${hi} has no room for an RTP/RTCP pair`);
  const first = lo % 2 === 0 ? lo : lo + 1;
  for (let i = 0; i < TRIES; i++) {
    const port = first + 2 * Math.floor(Math.random() * evens);
    if (port + 1 > hi) continue;
    const rtp = await bind(type, address, port);
    if (!rtp) continue;
    const rtcp = await bind(type, address, port + 1);
    if (!rtcp) {
      rtp.close();
      continue;
    }
    return {
      rtp,
      rtcp,
      ports: [port, port + 1],
      close: () => {
        for (const s of [rtp, rtcp]) {
          try {
            s.close();
          } catch {
            // Already closed.
          }
        }
      },
    };
  }
  throw new Error(`no free UDP port pair in ${lo}-${hi} after ${TRIES} tries`);
}
