// RTSP record client (RFC 2326 §10.3 ANNOUNCE, §10.4 SETUP with mode=record, §10.11 RECORD):
// pushes our tracks to a server. The SDP is the one our own server answers DESCRIBE with
// (a=control trackID=N, payload type 96+N), so the packets the engine already builds for RTSP
// readers (servers/rtsp/format) can be sent unchanged, over TCP interleaved or UDP.
import type { Track } from '../../protocols/media/types';
import { buildTransport, type RtspTransport } from '../../protocols/rtsp/headers/transport';
import { interleavedFrame } from '../../protocols/rtsp/interleaved-frame';
import { resolveControlUrl } from '../../protocols/rtsp/url';
import { rtspCarries } from '../../servers/rtsp/format';
import { describeSdp, trackControl } from '../../servers/rtsp/media-description';
import type { RtspClientConn } from './client-conn';
import { RtspClientSession, type RtspClientOptions } from './client-session';
import { clientError } from './errors';
import { bindUdpPair, type UdpPair } from './udp-pair';

export interface RtspRecordOptions extends RtspClientOptions {
  /** Default tcp (what a restream over the internet survives best). */
  transport?: 'tcp' | 'udp';
}

interface UdpTarget {
  pair: UdpPair;
  ip: string;
  ports: [number, number];
}

export class RtspRecordClient extends RtspClientSession {
  transport: 'TCP' | 'UDP' | undefined;
  /** Per stream track: the interleaved RTP channel the server agreed to, -1 when not sent. */
  channels: number[] = [];
  private udp: (UdpTarget | undefined)[] = [];

  constructor(private readonly recordOpts: RtspRecordOptions) {
    super(recordOpts);
    if (this.url.scheme === 'rtsps' && recordOpts.transport === 'udp') throw clientError(recordOpts.role, 'rtsps:// works over TCP only');
  }

  /** ANNOUNCE, SETUP for every track RTSP can carry, RECORD. Then send with the methods below. */
  async start(tracks: readonly Track[]): Promise<void> {
    const sent = tracks.map((t, i) => (rtspCarries(t) ? i : -1)).filter((i) => i >= 0);
    if (sent.length === 0) throw clientError(this.opts.role, `the stream has no track RTSP can carry (${tracks.map((t) => t.codec).join(', ') || 'no tracks'})`);
    const conn = await this.connect();
    await this.options(conn);
    await conn.expectOk('ANNOUNCE', this.requestUrl, { 'Content-Type': 'application/sdp' }, describeSdp(tracks, conn.localAddress));
    const transport = this.recordOpts.transport === 'udp' ? 'UDP' : 'TCP';
    this.transport = transport;
    this.channels = tracks.map(() => -1);
    this.udp = tracks.map(() => undefined);
    for (const [k, i] of sent.entries()) await this.setupTrack(conn, i, k, transport);
    await conn.expectOk('RECORD', this.sessionUrl, { Range: 'npt=0.000-' });
    this.log.info(`publishing to ${this.where} over ${transport}: ${sent.map((i) => tracks[i].codec).join(', ')}`);
    this.startKeepalive(conn);
  }

  private async setupTrack(conn: RtspClientConn, track: number, k: number, transport: 'UDP' | 'TCP'): Promise<void> {
    let offer: RtspTransport;
    let pair: UdpPair | undefined;
    if (transport === 'TCP') {
      offer = { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [2 * k, 2 * k + 1], mode: 'record' };
    } else {
      pair = await bindUdpPair(conn.localAddress, this.opts.udpPortRange).catch((err: Error) => {
        throw clientError(this.opts.role, `cannot open UDP ports: ${err.message}`);
      });
      if (this.stopped) {
        pair.close();
        throw this.stoppedError();
      }
      // Held before SETUP so close() frees it whatever happens next.
      this.udp[track] = { pair, ip: conn.remoteAddress, ports: [0, 0] };
      offer = { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', clientPort: pair.ports, mode: 'record' };
    }
    const res = await conn.request('SETUP', resolveControlUrl(trackControl(track), this.requestUrl), { Transport: buildTransport(offer) });
    const answer = this.setupAnswer(res, transport);
    if (transport === 'TCP') {
      this.channels[track] = answer.interleaved?.[0] ?? 2 * k;
      return;
    }
    if (!answer.serverPort) throw clientError(this.opts.role, `${this.where} answered SETUP without server ports`);
    this.udp[track]!.ports = answer.serverPort;
  }

  /** TCP: interleaved frames, already framed for `channels`; false when the socket is full. */
  writeInterleaved(frames: Buffer): boolean {
    return this.conn?.write(frames) ?? false;
  }

  /** TCP: called when a full socket buffer drained. */
  onDrain(listener: () => void): void {
    this.conn?.onDrain(listener);
  }

  /** UDP: one datagram per RTP packet, from the track's RTP port to the server's. */
  sendRtp(track: number, packets: readonly Buffer[]): void {
    const u = this.udp[track];
    if (!u || this.stopped) return;
    for (const p of packets) u.pair.rtp.send(p, u.ports[0], u.ip);
  }

  /** RTCP (sender reports) on the track's RTCP channel or port. */
  sendRtcp(track: number, packet: Buffer): void {
    if (this.stopped) return;
    if (this.transport === 'TCP') {
      const ch = this.channels[track];
      if (ch >= 0) this.conn?.write(interleavedFrame(ch + 1, packet));
      return;
    }
    const u = this.udp[track];
    if (u) u.pair.rtcp.send(packet, u.ports[1], u.ip);
  }

  protected release(): void {
    for (const u of this.udp) u?.pair.close();
    this.udp = [];
  }
}
