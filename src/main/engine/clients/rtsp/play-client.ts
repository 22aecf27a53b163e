// RTSP play client (RFC 2326 §10: OPTIONS, DESCRIBE, SETUP per track, PLAY): turns a remote
// stream into access units on our stream model. Transports: TCP interleaved (§10.12), UDP with
// a client port pair per track and RTCP receiver reports (RFC 3550 §6.4.2), or "automatic": UDP
// first, then TCP on a new connection when SETUP answers 461 or no packet arrives in time (as
// MediaMTX/gortsplib do).
import { randomBytes } from 'node:crypto';
import type dgram from 'node:dgram';
import type { AccessUnit, Track } from '../../protocols/media/types';
import { createDepacketizer, type RtpDepacketizer } from '../../protocols/rtp/depacketizer';
import { parseRtpPacket, type RtpPacket } from '../../protocols/rtp/packet';
import { buildReceiverReport, parseRtcpCompound } from '../../protocols/rtp/rtcp';
import { RtcpReceiverState } from '../../protocols/rtp/rtcp-receiver-state';
import { contentBaseOf } from '../../protocols/rtsp/headers/content-base';
import { parseRtpInfo, type RtpInfoEntry } from '../../protocols/rtsp/headers/rtp-info';
import { buildTransport, type RtspTransport } from '../../protocols/rtsp/headers/transport';
import { interleavedFrame } from '../../protocols/rtsp/interleaved-frame';
import { parseSdp, sdpAttribute } from '../../protocols/rtsp/sdp';
import { resolveControlUrl } from '../../protocols/rtsp/url';
import { announcedMedia, type AnnouncedMedia } from '../../servers/rtsp/media-description';
import type { RtspClientConn } from './client-conn';
import { RtspClientSession, type RtspClientOptions } from './client-session';
import { clientError, statusError } from './errors';
import { bindUdpPair, type UdpPair } from './udp-pair';

export type RtspPlayTransport = 'automatic' | 'udp' | 'tcp';

export interface RtspPlayOptions extends RtspClientOptions {
  /** Default automatic. `multicast` (a path setting MediaMTX knows) is refused with an error. */
  transport?: RtspPlayTransport | 'multicast';
  /** Accept RTP from any port of the server's address (rtspAnyPort): cameras behind odd NATs. */
  anyPort?: boolean;
  /** automatic: how long to wait for the first UDP packet before switching to TCP (default 3 s). */
  udpFallbackMs?: number;
  /** Range header of PLAY (default `npt=0.000-`). */
  range?: string;
  /** Scale header of PLAY (RFC 2326 §12.34), when set. */
  scale?: string;
}

/** How often receiver reports go out (RFC 3550 §6.2 suggests ~5 s for small sessions). */
const RECEIVER_REPORT_MS = 5000;
const WATCHDOG_MS = 250;
/** DESCRIBE redirects followed before giving up (a loop between two servers ends here). */
const MAX_REDIRECTS = 3;
/** An RTP-Info rtptime further than this from the first packet is not trusted for alignment. */
const MAX_RTP_INFO_SKEW_S = 10;
/**
 * Where the timeline starts: video with B-frames gets decode times up to its reorder depth (at
 * most 16 frames) before its first presentation time, and FLV/RTMP has no negative timestamps.
 */
const TIMELINE_LEAD_S = 1;

/** UDP was refused or stayed silent: start over on TCP. */
class SwitchToTcp extends Error {}

interface PlayTrack {
  media: AnnouncedMedia & { track: Track };
  controlUrl: string;
  depacketizer: RtpDepacketizer;
  receiver?: RtcpReceiverState;
  /** TCP: the RTP channel (RTCP is +1). */
  channel: number;
  udp?: UdpPair;
  serverIp?: string;
  serverPorts?: [number, number];
  /** RTP timestamp of the first packet, and where PLAY's RTP-Info says the stream starts. */
  firstRtp?: number;
  rtpInfoTime?: number;
  /** Ticks added to every unit of this track to put the tracks on one timeline. */
  offset?: number;
}

interface Described {
  base: string;
  sessionControl: string | undefined;
  media: (AnnouncedMedia & { track: Track })[];
  tracks: Track[];
}

export class RtspPlayClient extends RtspClientSession {
  /** The tracks DESCRIBE announced that we can carry, in the order units name them. */
  tracks: Track[] = [];
  transport: 'UDP' | 'TCP' | undefined;
  private described: Described | undefined;
  private playTracks: PlayTrack[] = [];
  private byChannel = new Map<number, { t: PlayTrack; rtcp: boolean }>();
  private onUnit: ((au: AccessUnit) => void) | undefined;
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private playStartedMs = 0;
  private lastPacketMs = 0;
  private wallStartMs: number | undefined;

  constructor(private readonly playOpts: RtspPlayOptions) {
    super(playOpts);
    if (playOpts.transport === 'multicast') throw clientError(playOpts.role, 'rtspTransport multicast is not supported; use automatic, udp or tcp');
    if (this.url.scheme === 'rtsps' && playOpts.transport === 'udp') throw clientError(playOpts.role, 'rtsps:// works over TCP only; set rtspTransport to tcp or automatic');
  }

  /** Connects, asks OPTIONS and DESCRIBE; returns the tracks (before any media flows). */
  async describe(): Promise<Track[]> {
    for (let redirects = 0; ; redirects++) {
      const conn = await this.connect({ onFrame: (ch, p) => this.onFrame(ch, p) });
      const d = await this.describeOn(conn, redirects < MAX_REDIRECTS);
      if (d) {
        this.described = d;
        this.tracks = d.tracks;
        return this.tracks;
      }
      conn.close();
      this.conn = undefined;
    }
  }

  /** SETUP and PLAY; units then flow to onUnit until close() or a failure (see wait()). */
  async play(onUnit: (au: AccessUnit) => void): Promise<void> {
    if (!this.described || !this.conn) throw new Error('describe() first');
    this.onUnit = onUnit;
    const first = this.url.scheme === 'rtsps' || this.playOpts.transport === 'tcp' ? 'TCP' : 'UDP';
    try {
      await this.setupAndPlay(this.conn, first);
    } catch (err) {
      if (!(err instanceof SwitchToTcp)) throw err;
      await this.switchToTcp(err.message);
    }
  }

  /** automatic: UDP first, TCP when UDP is refused or silent (rtsps is TCP from the start). */
  private get automatic(): boolean {
    return (this.playOpts.transport ?? 'automatic') === 'automatic' && this.url.scheme !== 'rtsps';
  }

  /** DESCRIBE on `conn`; undefined when it redirected (and `followRedirect` allowed that). */
  private async describeOn(conn: RtspClientConn, followRedirect = false): Promise<Described | undefined> {
    await this.options(conn);
    const res = await conn.request('DESCRIBE', this.requestUrl, { Accept: 'application/sdp' });
    const location = res.headers.get('location');
    if (followRedirect && res.statusCode >= 300 && res.statusCode < 400 && location) {
      const from = this.where;
      this.redirectTo(location);
      this.log.info(`${from} redirected to ${this.where}`);
      return undefined;
    }
    if (res.statusCode < 200 || res.statusCode >= 300) throw statusError(this.opts.role, this.where, 'DESCRIBE', res);
    let parsed: ReturnType<typeof announcedMedia>;
    let sessionControl: string | undefined;
    try {
      parsed = announcedMedia(res.body);
      sessionControl = sdpAttribute(parseSdp(res.body).attributes, 'control');
    } catch (err) {
      throw clientError(this.opts.role, `${this.where} answered DESCRIBE with an SDP we cannot read: ${(err as Error).message}`);
    }
    const media = parsed.media.filter((m): m is AnnouncedMedia & { track: Track } => m.track !== undefined);
    if (media.length === 0) throw clientError(this.opts.role, `${this.where} offers no track Relaybox can carry (H.264, H.265, AAC, Opus)`);
    const skipped = parsed.media.length - media.length;
    if (skipped > 0) this.log.warn(`ignoring ${skipped} track${skipped === 1 ? '' : 's'} with a codec Relaybox cannot carry`);
    const base = contentBaseOf(res.headers, this.requestUrl);
    this.sessionUrl = resolveControlUrl(sessionControl, base);
    return { base, sessionControl, media, tracks: parsed.tracks };
  }

  private async setupAndPlay(conn: RtspClientConn, transport: 'UDP' | 'TCP'): Promise<void> {
    const d = this.described!;
    this.transport = transport;
    for (const [i, m] of d.media.entries()) {
      const t: PlayTrack = {
        media: m,
        controlUrl: resolveControlUrl(m.control, d.base),
        // TCP cannot reorder; UDP keeps the depacketizer's reorder window.
        depacketizer: createDepacketizer(m.track, m.trackIndex, transport === 'TCP' ? { reorderWindow: 0, ...m.aacLayout } : { ...m.aacLayout }),
        channel: 2 * i,
      };
      this.playTracks.push(t);
      await this.setupTrack(conn, t, transport);
    }
    const headers: Record<string, string> = { Range: this.playOpts.range ?? 'npt=0.000-' };
    if (this.playOpts.scale) headers.Scale = this.playOpts.scale;
    const res = await conn.expectOk('PLAY', this.sessionUrl, headers);
    this.applyRtpInfo(res.headers.get('rtp-info'));
    this.playStartedMs = Date.now();
    this.lastPacketMs = 0;
    this.log.info(`playing ${this.where} over ${transport}: ${this.tracks.map((t) => t.codec).join(', ')}`);
    this.startKeepalive(conn);
    this.every(RECEIVER_REPORT_MS, () => this.sendReceiverReports());
    this.every(WATCHDOG_MS, () => this.watchdog());
  }

  private async setupTrack(conn: RtspClientConn, t: PlayTrack, transport: 'UDP' | 'TCP'): Promise<void> {
    let offer: RtspTransport;
    if (transport === 'TCP') {
      offer = { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [t.channel, t.channel + 1] };
    } else {
      try {
        t.udp = await bindUdpPair(conn.localAddress, this.opts.udpPortRange);
      } catch (err) {
        const why = `cannot open UDP ports: ${(err as Error).message}`;
        throw this.automatic ? new SwitchToTcp(why) : clientError(this.opts.role, why);
      }
      if (this.stopped) throw this.stoppedError();
      offer = { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', clientPort: t.udp.ports };
    }
    const res = await conn.request('SETUP', t.controlUrl, { Transport: buildTransport(offer) });
    if (res.statusCode === 461 && transport === 'UDP' && this.automatic) throw new SwitchToTcp('the server refused UDP (461)');
    const answer = this.setupAnswer(res, transport);
    if (transport === 'TCP') {
      t.channel = answer.interleaved?.[0] ?? t.channel;
      this.byChannel.set(t.channel, { t, rtcp: false });
      this.byChannel.set(t.channel + 1, { t, rtcp: true });
      return;
    }
    t.serverIp = answer.source ?? conn.remoteAddress;
    t.serverPorts = answer.serverPort;
    const udp = t.udp!;
    udp.rtp.on('message', (msg, rinfo) => {
      if (this.fromServer(t, rinfo, 0)) this.onRtp(t, msg, msg.length);
    });
    udp.rtcp.on('message', (msg, rinfo) => {
      if (this.fromServer(t, rinfo, 1)) this.onRtcp(t, msg, msg.length);
    });
  }

  /** Only the server's address (and port, unless anyPort) may feed a track (no injection). */
  private fromServer(t: PlayTrack, rinfo: dgram.RemoteInfo, which: 0 | 1): boolean {
    if (rinfo.address.replace(/^::ffff:/, '') !== t.serverIp) return false;
    return this.playOpts.anyPort === true || t.serverPorts === undefined || rinfo.port === t.serverPorts[which];
  }

  private applyRtpInfo(header: string | undefined): void {
    if (header === undefined) return;
    let entries: RtpInfoEntry[];
    try {
      entries = parseRtpInfo(header);
    } catch {
      return; // Alignment falls back to arrival time.
    }
    for (const t of this.playTracks) {
      const control = t.media.control;
      const e = entries.find((x) => x.url === t.controlUrl || (control !== undefined && control !== '' && x.url.endsWith(`/${control}`)));
      if (e?.rtptime !== undefined) t.rtpInfoTime = e.rtptime;
    }
  }

  private async switchToTcp(why: string): Promise<void> {
    this.log.info(`switching to TCP: ${why}`);
    this.conn?.close();
    this.conn = undefined;
    this.clearTimers();
    this.releaseTracks();
    const conn = await this.connect({ onFrame: (ch, p) => this.onFrame(ch, p) });
    const again = await this.describeOn(conn);
    const same = again !== undefined && again.tracks.length === this.tracks.length && again.tracks.every((t, i) => t.codec === this.tracks[i].codec);
    if (!again || !same) throw clientError(this.opts.role, `${this.where} announced other tracks on reconnect`);
    this.described = again;
    await this.setupAndPlay(conn, 'TCP');
  }

  private watchdog(): void {
    const now = Date.now();
    if (this.lastPacketMs === 0 && this.transport === 'UDP' && this.automatic) {
      const waitMs = this.playOpts.udpFallbackMs ?? 3000;
      if (now - this.playStartedMs >= waitMs) {
        this.clearTimers();
        this.switchToTcp(`no UDP packet within ${waitMs / 1000} s`).catch((err: Error) => this.fail(err));
      }
      return;
    }
    const since = this.lastPacketMs || this.playStartedMs;
    if (now - since >= this.timeoutMs) this.fail(clientError(this.opts.role, `no packets from ${this.where} for ${this.timeoutMs / 1000} s`));
  }

  private onFrame(channel: number, payload: Buffer): void {
    const target = this.byChannel.get(channel);
    if (!target) return;
    if (target.rtcp) this.onRtcp(target.t, payload, 0);
    else this.onRtp(target.t, payload, 0);
  }

  /** `udpBytes`: bytes to count here (TCP bytes are counted by the connection). */
  private onRtp(t: PlayTrack, packet: Buffer, udpBytes: number): void {
    if (this.stopped) return;
    if (udpBytes) this.opts.onBytesIn?.(udpBytes);
    const now = Date.now();
    this.lastPacketMs = now;
    let p: RtpPacket;
    try {
      p = parseRtpPacket(packet);
    } catch {
      t.depacketizer.push(packet); // Counted as invalid there.
      return;
    }
    if (t.firstRtp === undefined) {
      t.firstRtp = p.timestamp;
      t.receiver = new RtcpReceiverState(p.ssrc, t.media.track.clockRate);
    }
    t.receiver?.onPacket(p, now);
    for (const au of t.depacketizer.push(p)) this.emit(t, au, now);
  }

  private onRtcp(t: PlayTrack, packet: Buffer, udpBytes: number): void {
    if (this.stopped) return;
    if (udpBytes) this.opts.onBytesIn?.(udpBytes);
    let items;
    try {
      items = parseRtcpCompound(packet);
    } catch {
      return;
    }
    for (const item of items) {
      if (item.type === 'sr' && t.receiver && item.ssrc === t.receiver.ssrc) t.receiver.onSenderReport(item, Date.now());
    }
  }

  /** Puts the tracks on one timeline: RTP-Info when the server gave it, else arrival time. */
  private emit(t: PlayTrack, au: AccessUnit, now: number): void {
    if (t.offset === undefined) {
      const clock = t.media.track.clockRate;
      const skew = t.rtpInfoTime !== undefined && t.firstRtp !== undefined ? (t.firstRtp - t.rtpInfoTime) | 0 : undefined;
      const lead = TIMELINE_LEAD_S * clock;
      if (skew !== undefined && Math.abs(skew) <= MAX_RTP_INFO_SKEW_S * clock) {
        t.offset = skew + lead;
      } else {
        this.wallStartMs ??= now;
        t.offset = Math.round(((now - this.wallStartMs) * clock) / 1000) - au.dts + lead;
      }
    }
    au.dts += t.offset;
    au.pts += t.offset;
    this.onUnit?.(au);
  }

  private sendReceiverReports(): void {
    const conn = this.conn;
    if (!conn || conn.closed) return;
    const now = Date.now();
    for (const t of this.playTracks) {
      const block = t.receiver?.reportBlock(now);
      if (!block) continue;
      const rr = buildReceiverReport({ ssrc: this.ssrc, reports: [block] });
      if (this.transport === 'TCP') conn.write(interleavedFrame(t.channel + 1, rr));
      else if (t.udp && t.serverIp && t.serverPorts) t.udp.rtcp.send(rr, t.serverPorts[1], t.serverIp);
    }
  }

  private releaseTracks(): void {
    for (const t of this.playTracks) t.udp?.close();
    this.playTracks = [];
    this.byChannel = new Map();
  }

  protected release(): void {
    this.releaseTracks();
  }
}
