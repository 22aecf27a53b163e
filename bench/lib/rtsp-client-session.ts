// A minimal RTSP play client over one TCP connection, built on the project's protocol layer:
// requests and the `$` frame stream through RtspMessageReader, SDP through parseSdp, control URLs
// through resolveControlUrl, H.264 access units through H264Depacketizer. RTP arrives either
// interleaved on the connection (RFC 2326 §10.12) or on a pair of UDP sockets per track
// (client_port, §12.39). Used by the light readers, which only count and fingerprint frames.
import { connect as tcpConnect, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { RtspMessageReader } from '../../src/main/engine/protocols/rtsp/message-reader';
import { rtspRequest, serializeRequest } from '../../src/main/engine/protocols/rtsp/request';
import type { RtspResponse } from '../../src/main/engine/protocols/rtsp/response';
import { parseSdp, sdpAttribute, sdpRtpFormats } from '../../src/main/engine/protocols/rtsp/sdp';
import { resolveControlUrl } from '../../src/main/engine/protocols/rtsp/url';
import { contentBaseOf } from '../../src/main/engine/protocols/rtsp/headers/content-base';
import { parseSession } from '../../src/main/engine/protocols/rtsp/headers/session';
import { parseRtpPacket } from '../../src/main/engine/protocols/rtp/packet';
import { H264Depacketizer } from '../../src/main/engine/protocols/rtp/h264-depacketizer';
import { monotonicMs } from './rtmp-client-session';

export type RtspLowerTransport = 'tcp' | 'udp';

export interface RtspPlayOptions {
  transport: RtspLowerTransport;
  /** A complete H.264 access unit: its last NAL unit (the tail of its last slice) and total size. */
  onVideoFrame?: (lastNalu: Buffer, bytes: number, arrivalMs: number) => void;
  /** RTP payload bytes of any other track. */
  onOtherPayload?: (bytes: number) => void;
  onClose?: (reason: string) => void;
}

interface Track {
  video: boolean;
  depacketizer?: H264Depacketizer;
  udp?: UdpSocket[];
}

/** RFC 2326 §12.37: the server's default session timeout is 60 s; keep alive well before. */
const KEEPALIVE_MS = 15_000;

function bindUdp(): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

export class RtspClientSession {
  private readonly reader = new RtspMessageReader();
  private readonly waiting: { resolve: (r: RtspResponse) => void; reject: (e: Error) => void }[] = [];
  private readonly tracks: Track[] = [];
  /** Interleaved RTP channel → track (RTCP channels are odd and ignored). */
  private readonly channels = new Map<number, Track>();
  private cseq = 0;
  private session: string | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly url: string,
    private readonly opts: RtspPlayOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.close(err.message));
    socket.on('close', () => this.close('connection closed by the server'));
  }

  /** DESCRIBE, SETUP of every H.264 / other RTP track, PLAY; resolves once PLAY was answered 200. */
  static async play(url: string, opts: RtspPlayOptions, timeoutMs = 10_000): Promise<RtspClientSession> {
    const u = new URL(url);
    const socket = tcpConnect({ host: u.hostname, port: Number(u.port || 554) });
    const session = new RtspClientSession(socket, url, opts);
    const timer = setTimeout(() => session.close(`no PLAY answer within ${timeoutMs} ms`), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
        // The timeout destroys the socket, which emits 'close' but no 'error'.
        socket.once('close', () => reject(new Error(`no connection within ${timeoutMs} ms`)));
      });
      await session.setUp();
      return session;
    } catch (err) {
      session.close((err as Error).message);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(reason = 'closed by the client'): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    for (const t of this.tracks) for (const s of t.udp ?? []) s.close();
    for (const w of this.waiting.splice(0)) w.reject(new Error(reason));
    this.socket.destroy();
    this.opts.onClose?.(reason);
  }

  private request(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    if (this.closed) return Promise.reject(new Error('session closed'));
    const all: Record<string, string> = { CSeq: String(++this.cseq), ...headers };
    if (this.session) all.Session = this.session;
    this.socket.write(serializeRequest(rtspRequest(method, url, all)));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async expectOk(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    const r = await this.request(method, url, headers);
    if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.statusCode} ${r.reason}`);
    return r;
  }

  private async setUp(): Promise<void> {
    const described = await this.expectOk('DESCRIBE', this.url, { Accept: 'application/sdp' });
    const sdp = parseSdp(described.body);
    const base = contentBaseOf(described.headers, this.url);
    for (const [i, media] of sdp.media.entries()) {
      const formats = sdpRtpFormats(media);
      const video = media.type === 'video' && formats.some((f) => (f.encoding ?? '').toUpperCase() === 'H264');
      const track: Track = { video };
      if (video) track.depacketizer = new H264Depacketizer(i, { reorderWindow: 0 });
      let transport: string;
      if (this.opts.transport === 'tcp') {
        transport = `RTP/AVP/TCP;unicast;interleaved=${i * 2}-${i * 2 + 1}`;
        this.channels.set(i * 2, track);
      } else {
        track.udp = [await bindUdp(), await bindUdp()];
        track.udp[0].on('message', (msg) => this.onRtp(track, msg));
        // RTCP (sender reports) is not needed to count frames: drain it.
        track.udp[1].on('message', () => undefined);
        transport = `RTP/AVP;unicast;client_port=${track.udp[0].address().port}-${track.udp[1].address().port}`;
      }
      this.tracks.push(track);
      const r = await this.expectOk('SETUP', resolveControlUrl(sdpAttribute(media.attributes, 'control'), base), { Transport: transport });
      const s = r.headers.get('session');
      if (s) this.session = parseSession(s).id;
    }
    if (!this.tracks.some((t) => t.video)) throw new Error(`${this.url}: no H.264 track in the SDP`);
    await this.expectOk('PLAY', base, { Range: 'npt=0.000-' });
    this.keepalive = setInterval(() => {
      this.request('GET_PARAMETER', base).catch(() => undefined);
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  private onData(chunk: Buffer): void {
    let items;
    try {
      items = this.reader.feed(chunk);
    } catch (err) {
      this.close(`bad RTSP data: ${(err as Error).message}`);
      return;
    }
    for (const item of items) {
      if (item.kind === 'frame') {
        const track = this.channels.get(item.channel);
        if (track) this.onRtp(track, item.payload);
      } else if (item.kind === 'response') {
        this.waiting.shift()?.resolve(item.response);
      }
    }
  }

  private onRtp(track: Track, packet: Buffer): void {
    if (!track.depacketizer) {
      this.opts.onOtherPayload?.(Math.max(0, packet.length - 12));
      return;
    }
    const arrival = monotonicMs();
    let parsed;
    try {
      parsed = parseRtpPacket(packet);
    } catch {
      return;
    }
    for (const au of track.depacketizer.push(parsed)) {
      const nalus = au.nalus;
      if (!nalus || nalus.length === 0) continue;
      let bytes = 0;
      for (const n of nalus) bytes += n.length;
      this.opts.onVideoFrame?.(nalus[nalus.length - 1], bytes, arrival);
    }
  }
}
