// RTP and RTCP over UDP for RTSP (RFC 2326 §10.4, client_port/server_port): one socket each on
// rtpAddress and rtcpAddress, shared by every session. They are separate engine listeners (the
// port doctor and hot reload treat them like any other); the RTSP server finds them through
// rtspUdpOf(engine), which the rtp/rtcp openers fill and empty. Datagrams are routed to the
// session that registered their source address (MediaMTX does the same: one port pair for all).
import type dgram from 'node:dgram';
import type { Engine } from '../../engine';
import type { Logger } from '../../log/logger';
import { bindUdp, type RunningServer } from '../listen';
import { plainIp } from '../tcp-conn';

export type UdpHandler = (packet: Buffer) => void;

/** One of the two shared sockets and who listens to which source. */
export class RtspUdpSocket {
  private readonly handlers = new Map<string, UdpHandler>();
  /** Datagrams from sources no session registered (counted, dropped). */
  unknownSource = 0;

  constructor(
    readonly socket: dgram.Socket,
    readonly port: number,
  ) {
    socket.on('message', (msg, rinfo) => {
      const h = this.handlers.get(sourceKey(rinfo.address, rinfo.port));
      if (h) h(msg);
      else this.unknownSource++;
    });
  }

  /** Routes datagrams from ip:port to `handler`; returns the unregister. */
  listen(ip: string, port: number, handler: UdpHandler): () => void {
    const key = sourceKey(ip, port);
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) this.handlers.delete(key);
    };
  }

  send(packet: Buffer, ip: string, port: number): void {
    this.socket.send(packet, port, ip);
  }
}

function sourceKey(ip: string, port: number): string {
  return `${plainIp(ip)}|${port}`;
}

export interface RtspUdp {
  rtp?: RtspUdpSocket;
  rtcp?: RtspUdpSocket;
}

const byEngine = new WeakMap<Engine, RtspUdp>();

/** The engine's RTP/RTCP sockets, as far as they are open now. */
export function rtspUdpOf(engine: Engine): RtspUdp {
  let u = byEngine.get(engine);
  if (!u) {
    u = {};
    byEngine.set(engine, u);
  }
  return u;
}

/** Opener for the 'rtp' and 'rtcp' engine listeners. */
export async function openRtspUdpListener(engine: Engine, which: 'rtp' | 'rtcp', host: string, port: number, log: Logger): Promise<RunningServer> {
  const socket = await bindUdp(host, port);
  socket.on('error', (err) => log.warn(`${which.toUpperCase()} socket error: ${err.message}`));
  const shared = new RtspUdpSocket(socket, socket.address().port);
  const u = rtspUdpOf(engine);
  u[which] = shared;
  return {
    close: () =>
      new Promise<void>((resolve) => {
        if (u[which] === shared) u[which] = undefined;
        socket.close(() => resolve());
      }),
  };
}
