// One RTSP connection (RFC 2326 §10): requests answered in order, interleaved frames (§10.12)
// mixed in. A connection holds at most one session, as MediaMTX does for TCP; the session reads
// a path (DESCRIBE, SETUP, PLAY) or publishes into one (ANNOUNCE, SETUP, RECORD).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { attachTcpConn } from '../tcp-conn';
import type { Config, PathErrorCode, PathManager, PathReader } from '../../core';
import { createDepacketizer } from '../../protocols/rtp/depacketizer';
import { RtspError } from '../../protocols/rtsp/errors';
import { buildRange } from '../../protocols/rtsp/headers/range';
import { buildRtpInfo, type RtpInfoEntry } from '../../protocols/rtsp/headers/rtp-info';
import { buildSession, parseSession, RTSP_DEFAULT_SESSION_TIMEOUT } from '../../protocols/rtsp/headers/session';
import { buildTransport, parseTransports, type RtspTransport } from '../../protocols/rtsp/headers/transport';
import { interleavedFrame } from '../../protocols/rtsp/interleaved-frame';
import { RtspMessageReader, type RtspIncoming } from '../../protocols/rtsp/message-reader';
import type { RtspRequest } from '../../protocols/rtsp/request';
import { rtspResponse, serializeResponse, type RtspResponse } from '../../protocols/rtsp/response';
import { streamTargetOf, type RtspStreamTarget } from '../../protocols/rtsp/url';
import type { Logger } from '../../log/logger';
import { authChallenges, newNonce, requestCredentials } from './auth';
import { rtpPacketsOf, rtpSeqAndTime, rtspCarries, rtspTcpFormat, rtspUdpFormat, type RtpUdpItem } from './format';
import { announcedMedia, announcedMediaFor, describeSdp, trackIndexOfControl } from './media-description';
import { describeTracks, RtspSession, type RtspSetup } from './session';
import type { RtspUdp } from './udp';
import { rtspRedirectLocation } from '../../core/redirect';

export interface RtspConnDeps {
  paths: Pick<PathManager, 'addPublisher' | 'addReader'> & Partial<Pick<PathManager, 'redirectFor'>>;
  log: Logger;
  /** The live config (auth methods, transports, payload size, Digest passwords). */
  config: () => Config;
  readTimeoutMs: number;
  /** The shared RTP/RTCP sockets, when UDP is enabled and they are open. */
  udp: () => RtspUdp;
  /** The session's lifetime changes (for /v3/rtspsessions). */
  sessionOpened(conn: RtspConn, session: RtspSession): void;
  sessionClosed(conn: RtspConn, session: RtspSession): void;
  /** The RTSPS listener: sessions show as "rtspsSession" in paths' source/readers (MediaMTX). */
  encrypted?: boolean;
}

/** MediaMTX /v3/rtspconns item. */
export type RtspConnInfo = {
  id: string;
  created: string;
  remoteAddr: string;
  bytesReceived: number;
  bytesSent: number;
  session: string | null;
};

/** How often readers get RTCP sender reports (gortsplib and MediaMTX also use a few seconds). */
const SENDER_REPORT_MS = 5000;

const PUBLIC_METHODS = 'DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN, OPTIONS';

/** A request answered early with an RTSP status (404, 401, 461…). */
class RtspReply extends Error {
  constructor(readonly response: RtspResponse) {
    super(`${response.statusCode} ${response.reason}`);
  }
}

const fail = (code: number, headers: Record<string, string> = {}) => new RtspReply(rtspResponse(code, headers));

export class RtspConn {
  readonly id = randomUUID();
  readonly created = new Date();
  readonly remoteAddr: string;
  closed = false;
  session?: RtspSession;
  private readonly ip: string;
  private readonly log: Logger;
  private readonly reader = new RtspMessageReader();
  private readonly nonce = newNonce();
  private bytesReceived = 0;
  private bytesSent = 0;
  /** Requests and frames waiting while an async request (auth, path lookup) runs. */
  private backlog: RtspIncoming[] = [];
  private busy = false;
  /** The reader DESCRIBE opened, kept for the SETUP that follows on this connection. */
  private described?: { path: string; query: string; reader: PathReader };

  constructor(
    private readonly socket: Socket,
    private readonly deps: RtspConnDeps,
    private readonly onClose: (c: RtspConn) => void,
  ) {
    ({ ip: this.ip, remoteAddr: this.remoteAddr } = attachTcpConn(socket, deps.readTimeoutMs, {
      data: (d) => this.onData(d),
      close: (reason) => this.close(reason),
      drain: () => this.session?.sub?.resume(),
    }));
    this.log = deps.log.child(`conn ${this.remoteAddr}`);
    this.log.debug('opened');
  }

  /** MediaMTX's session type for this listener; undefined = derived from the protocol. */
  private get sessionType(): string | undefined {
    return this.deps.encrypted ? 'rtspsSession' : undefined;
  }

  info(): RtspConnInfo {
    return {
      id: this.id, created: this.created.toISOString(), remoteAddr: this.remoteAddr,
      bytesReceived: this.bytesReceived, bytesSent: this.bytesSent, session: this.session?.id ?? null,
    };
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.endSession(reason);
    this.dropDescribed();
    this.log.debug(`closed (${reason})`);
    this.onClose(this);
  }

  private onData(data: Buffer): void {
    this.bytesReceived += data.length;
    let items: RtspIncoming[];
    try {
      items = this.reader.feed(data);
    } catch (err) {
      // Garbage closes only this connection; a parse error in a head gets a 400 first.
      this.log.warn(`protocol error, closing: ${(err as Error).message}`);
      if (err instanceof RtspError) this.write(serializeResponse(rtspResponse(400)));
      this.socket.end();
      this.close('protocol error');
      return;
    }
    for (const item of items) {
      if (this.busy) this.backlog.push(item.kind === 'frame' ? { ...item, payload: Buffer.from(item.payload) } : item);
      else this.handle(item);
    }
  }

  private handle(item: RtspIncoming): void {
    if (item.kind === 'frame') this.onFrame(item.channel, item.payload);
    else if (item.kind === 'request') void this.exclusive(() => this.onRequest(item.request));
    // Responses (to requests we never send) are ignored.
  }

  /**
   * Runs one request with the connection paused (a client cannot pile up input while auth or
   * a path lookup is pending), then replays what arrived meanwhile.
   */
  private async exclusive(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.socket.pause();
    try {
      await fn();
    } catch (err) {
      this.log.warn(`closing: ${(err as Error).message}`);
      this.close('internal error');
    }
    this.busy = false;
    if (!this.closed) this.socket.resume();
    while (this.backlog.length && !this.busy && !this.closed) this.handle(this.backlog.shift()!);
  }

  private write(b: Buffer): boolean {
    if (this.closed) return false;
    this.bytesSent += b.length;
    if (this.session) this.session.bytesSent += b.length;
    return this.socket.write(b);
  }

  private async onRequest(req: RtspRequest): Promise<void> {
    const cseq = req.headers.get('cseq');
    if (this.session) this.session.lastActivity = Date.now();
    let res: RtspResponse;
    let after: (() => void) | undefined;
    try {
      const out = await this.dispatch(req);
      res = out.response;
      after = out.after;
    } catch (err) {
      if (err instanceof RtspReply) res = err.response;
      else if (err instanceof RtspError) res = rtspResponse(400);
      else throw err;
    }
    if (this.closed) return;
    if (cseq !== undefined) res.headers.set('CSeq', cseq);
    res.headers.set('Server', 'Relaybox');
    if (res.statusCode >= 400) this.log.debug(`${req.method} answered ${res.statusCode}`);
    this.write(serializeResponse(res));
    after?.();
  }

  private dispatch(req: RtspRequest): Promise<{ response: RtspResponse; after?: () => void }> | { response: RtspResponse; after?: () => void } {
    switch (req.method) {
      case 'OPTIONS':
        return { response: rtspResponse(200, { Public: PUBLIC_METHODS }) };
      case 'DESCRIBE':
        return this.onDescribe(req);
      case 'ANNOUNCE':
        return this.onAnnounce(req);
      case 'SETUP':
        return this.onSetup(req);
      case 'PLAY':
        return this.onPlay(req);
      case 'RECORD':
        return this.onRecord(req);
      case 'PAUSE':
        return this.onPause(req);
      case 'TEARDOWN':
        return this.onTeardown(req);
      case 'GET_PARAMETER':
      case 'SET_PARAMETER': {
        // Keep-alive (RFC 2326 §10.8): answer with the session, no parameters.
        const s = this.checkSession(req, false);
        return { response: rtspResponse(200, s ? { Session: this.sessionHeader(s) } : {}) };
      }
      default:
        return { response: rtspResponse(501) };
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private target(req: RtspRequest): RtspStreamTarget {
    try {
      return streamTargetOf(req.url);
    } catch {
      throw fail(400);
    }
  }

  private sessionHeader(s: RtspSession): string {
    return buildSession({ id: s.secret, timeout: RTSP_DEFAULT_SESSION_TIMEOUT });
  }

  /** The request's Session header must name our session (§12.37); 454 otherwise. */
  private checkSession(req: RtspRequest, required: boolean): RtspSession | undefined {
    const header = req.headers.get('session');
    if (header === undefined) {
      if (required) throw fail(454);
      return this.session;
    }
    let id: string;
    try {
      id = parseSession(header).id;
    } catch {
      throw fail(454);
    }
    if (!this.session || this.session.secret !== id) throw fail(454);
    return this.session;
  }

  private refuse(code: PathErrorCode, message: string, what: string): never {
    switch (code) {
      case 'unauthorized':
      case 'forbidden': {
        this.log.info(`${what} refused: ${message}`);
        const res = rtspResponse(401);
        for (const c of authChallenges(this.deps.config().rtspAuthMethods, this.nonce)) res.headers.append('WWW-Authenticate', c);
        throw new RtspReply(res);
      }
      case 'busy':
        this.log.warn(`${what} refused: ${message}`);
        throw fail(400);
      case 'maxReaders':
        this.log.warn(`${what} refused: ${message}`);
        throw fail(503);
      default:
        this.log.info(`${what} refused: ${message}`);
        throw fail(404);
    }
  }

  private credentials(req: RtspRequest) {
    const config = this.deps.config();
    return requestCredentials(req, { methods: config.rtspAuthMethods, nonce: this.nonce, config });
  }

  private newSession(): RtspSession {
    const s = new RtspSession(this.remoteAddr);
    this.session = s;
    this.deps.sessionOpened(this, s);
    return s;
  }

  private endSession(reason: string): void {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    const was = s.state;
    s.release(reason);
    if (was === 'play') this.log.info(`stopped reading from path "${s.path}" (${reason})`);
    if (was === 'record') this.log.info(`stopped publishing to path "${s.path}" (${reason})`);
    this.deps.sessionClosed(this, s);
  }

  private dropDescribed(): void {
    this.described?.reader.close();
    this.described = undefined;
  }

  private sessionControl() {
    return { close: (reason: string) => this.close(reason) };
  }

  private async addReader(req: RtspRequest, t: RtspStreamTarget, session: RtspSession | undefined): Promise<PathReader> {
    const { user, pass } = this.credentials(req);
    const r = await this.deps.paths.addReader({
      path: t.path, query: t.query, ip: this.ip, user, pass, protocol: 'rtsp', type: this.sessionType,
      id: session?.id ?? this.id, session: this.sessionControl(),
    });
    if (this.closed) {
      if (r.ok) r.reader.close();
      throw fail(500);
    }
    if (!r.ok) this.refuse(r.code, r.message, `read of "${t.path}"`);
    return r.reader;
  }

  // ---- methods -------------------------------------------------------------------------------

  private async onDescribe(req: RtspRequest): Promise<{ response: RtspResponse }> {
    const t = this.target(req);
    this.dropDescribed();
    // source: redirect / fallback (issue 8): RFC 2326 §11.3.3, 302 with Location.
    const { user, pass } = this.credentials(req);
    const redirect = this.deps.paths.redirectFor?.({ path: t.path, query: t.query, ip: this.ip, user, pass, protocol: 'rtsp', type: this.sessionType, id: this.id, session: this.sessionControl() });
    if (redirect) throw fail(302, { Location: rtspRedirectLocation(redirect, req.url.replace(/^(rtsps?:\/\/)[^@/?#]*@/i, '$1')) });
    const reader = await this.addReader(req, t, undefined);
    this.described = { path: t.path, query: t.query, reader };
    const local = this.socket.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    // Credentials a client put in the URL must not come back in a header.
    const base = req.url.replace(/^(rtsps?:\/\/)[^@/?#]*@/i, '$1').replace(/\/+$/, '') + '/';
    return {
      response: rtspResponse(200, { 'Content-Base': base, 'Content-Type': 'application/sdp' }, describeSdp(reader.stream.tracks, local)),
    };
  }

  private async onAnnounce(req: RtspRequest): Promise<{ response: RtspResponse }> {
    if (this.session && this.session.state !== 'initial') throw fail(455);
    const t = this.target(req);
    let announced: ReturnType<typeof announcedMedia>;
    try {
      announced = announcedMedia(req.body);
    } catch {
      throw fail(400);
    }
    if (announced.tracks.length === 0) {
      this.log.warn(`ANNOUNCE to "${t.path}" offers no codec Relaybox can carry`);
      throw fail(415);
    }
    const { user, pass } = this.credentials(req);
    const session = this.session ?? this.newSession();
    const r = await this.deps.paths.addPublisher({
      path: t.path, query: t.query, ip: this.ip, user, pass, protocol: 'rtsp', type: this.sessionType, id: session.id, session: this.sessionControl(),
    });
    if (this.closed) {
      if (r.ok) r.publisher.close('client left');
      throw fail(500);
    }
    if (!r.ok) this.refuse(r.code, r.message, `publish to "${t.path}"`);
    session.path = t.path;
    session.query = t.query;
    session.publisher = r.publisher;
    session.announced = announced;
    session.state = 'preRecord';
    return { response: rtspResponse(200, { Session: this.sessionHeader(session) }) };
  }

  /** The first offered transport we accept, or 461 (§12.39, §11.4.4). */
  private pickTransport(req: RtspRequest): RtspTransport {
    const header = req.headers.get('transport');
    if (header === undefined) throw fail(461);
    let offers: RtspTransport[];
    try {
      offers = parseTransports(header);
    } catch {
      throw fail(400);
    }
    const allowed = this.deps.config().rtspTransports;
    const udp = this.deps.udp();
    const want = this.session?.transport;
    for (const o of offers) {
      if (o.profile !== 'RTP/AVP' || o.delivery === 'multicast') continue;
      // One session uses one lower transport for all its tracks.
      if (want && o.lowerTransport !== want) continue;
      if (o.lowerTransport === 'TCP' && allowed.includes('tcp')) return o;
      if (o.lowerTransport === 'UDP' && allowed.includes('udp') && udp.rtp && udp.rtcp && o.clientPort) return o;
    }
    throw fail(461);
  }

  private async onSetup(req: RtspRequest): Promise<{ response: RtspResponse }> {
    const existing = this.checkSession(req, false);
    const transport = this.pickTransport(req);
    const t = this.target(req);
    if (existing && existing.state === 'preRecord') return { response: this.setupRecord(req, existing, transport) };
    if (existing && existing.state !== 'initial' && existing.state !== 'prePlay') throw fail(455);
    let session = existing;
    if (!session || !session.reader) {
      let reader: PathReader;
      if (this.described && this.described.path === t.path) {
        reader = this.described.reader;
        this.described = undefined;
      } else {
        reader = await this.addReader(req, t, session);
      }
      session ??= this.newSession();
      session.reader = reader;
      session.stream = reader.stream;
      session.path = t.path;
      session.query = t.query;
    } else if (session.path !== t.path) {
      throw fail(400);
    }
    const tracks = session.stream!.tracks;
    let index = trackIndexOfControl(t.control);
    if (index === undefined) index = tracks.findIndex((tr, i) => rtspCarries(tr) && !session.setups.has(i));
    if (index < 0 || index >= tracks.length || !rtspCarries(tracks[index])) throw fail(404);
    const setup = this.newSetup(session, index, req.url, transport);
    session.state = 'prePlay';
    const answer = this.transportAnswer(setup);
    const ssrc = rtpPacketsOf(session.stream!, this.deps.config().udpMaxPayloadSize).packetizers[index]?.ssrc;
    if (ssrc !== undefined) answer.ssrc = ssrc;
    return { response: rtspResponse(200, { Transport: buildTransport(answer), Session: this.sessionHeader(session) }) };
  }

  private setupRecord(req: RtspRequest, session: RtspSession, transport: RtspTransport): RtspResponse {
    const announced = session.announced!;
    const taken = new Set([...session.setups.values()].map((s) => s.trackIndex));
    const mediaIndex = announcedMediaFor(announced.media, req.url, taken);
    if (mediaIndex === undefined) throw fail(400);
    const answer: RtspTransport = { ...this.transportAnswer(this.newSetup(session, mediaIndex, req.url, transport)), mode: 'record' };
    return rtspResponse(200, { Transport: buildTransport(answer), Session: this.sessionHeader(session) });
  }

  private newSetup(session: RtspSession, trackIndex: number, url: string, transport: RtspTransport): RtspSetup {
    const n = session.setups.size;
    const setup: RtspSetup = { trackIndex, url, interleaved: transport.interleaved ?? [n * 2, n * 2 + 1] };
    if (transport.lowerTransport === 'UDP') setup.clientPort = transport.clientPort;
    session.setups.set(trackIndex, setup);
    session.transport = transport.lowerTransport;
    return setup;
  }

  private transportAnswer(setup: RtspSetup): RtspTransport {
    if (!setup.clientPort) return { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: setup.interleaved };
    const udp = this.deps.udp();
    return {
      profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast',
      clientPort: setup.clientPort, serverPort: [udp.rtp?.port ?? 0, udp.rtcp?.port ?? 0],
    };
  }

  /** UDP: RTCP (receiver reports, sender reports) and NAT punch packets keep a session alive. */
  private routeUdp(session: RtspSession, setup: RtspSetup, onRtp: (packet: Buffer) => void): void {
    const udp = this.deps.udp();
    if (!setup.clientPort || !udp.rtp || !udp.rtcp) return;
    const alive = (n: number) => {
      session.lastActivity = Date.now();
      session.bytesReceived += n;
    };
    session.cleanups.push(
      udp.rtp.listen(this.ip, setup.clientPort[0], (p) => { alive(p.length); onRtp(p); }),
      udp.rtcp.listen(this.ip, setup.clientPort[1], (p) => alive(p.length)),
    );
  }

  private onPlay(req: RtspRequest): { response: RtspResponse; after?: () => void } {
    const session = this.checkSession(req, true)!;
    if (session.state === 'play') return { response: rtspResponse(200, { Session: this.sessionHeader(session) }) };
    if (session.state !== 'prePlay' || !session.reader || !session.stream) throw fail(455);
    const stream = session.stream;
    const maxPayload = this.deps.config().udpMaxPayloadSize;
    const layout = stream.tracks.map((_t, i) => session.setups.get(i)?.interleaved[0] ?? -1);
    // Writes made while subscribing (format header, cached GOP) wait until the PLAY answer is
    // out, and tell RTP-Info which packet each track starts with.
    let pending: Buffer[] | null = [];
    let pendingUdp: RtpUdpItem[] | null = [];
    const end = (reason: string) => this.log.info(`the publisher of "${session.path}" left (${reason})`);
    const udp = this.deps.udp();
    if (session.transport === 'UDP') {
      const ports = stream.tracks.map((_t, i) => session.setups.get(i)?.clientPort?.[0] ?? -1);
      const ip = this.ip;
      const send = (item: RtpUdpItem) => {
        const port = ports[item.track];
        if (port < 0 || !udp.rtp) return;
        for (const p of item.packets) {
          session.bytesSent += p.length;
          udp.rtp.send(p, ip, port);
        }
      };
      session.sub = session.reader.subscribe<RtpUdpItem>({
        format: rtspUdpFormat(maxPayload),
        sink: {
          // UDP has no backpressure: the kernel drops what it cannot send.
          write: (item) => {
            if (pendingUdp) pendingUdp.push(item);
            else send(item);
            return true;
          },
          end,
        },
      });
      for (const setup of session.setups.values()) this.routeUdp(session, setup, () => undefined);
      const flushUdp = () => {
        const queued = pendingUdp ?? [];
        pendingUdp = null;
        for (const item of queued) send(item);
      };
      pending = null;
      return this.startedPlaying(session, maxPayload, (setup) => pendingUdp?.find((it) => it.track === setup.trackIndex)?.packets[0], 0, flushUdp);
    }
    session.sub = session.reader.subscribe<Buffer>({
      format: rtspTcpFormat(maxPayload, layout),
      sink: {
        write: (b) => {
          if (pending) {
            pending.push(b);
            return true;
          }
          return this.write(b);
        },
        end,
      },
    });
    return this.startedPlaying(session, maxPayload, (setup) => pending?.find((b) => b[1] === setup.interleaved[0]), 4, () => {
      const queued = pending ?? [];
      pending = null;
      for (const b of queued) this.write(b);
    });
  }

  /**
   * The PLAY answer: RTP-Info (§12.33) names, per track, the first packet this reader gets
   * (from the cached GOP, else the next one the packetizer will build).
   */
  private startedPlaying(
    session: RtspSession,
    maxPayload: number,
    firstPacket: (setup: RtspSetup) => Buffer | undefined,
    offset: number,
    flush: () => void,
  ): { response: RtspResponse; after: () => void } {
    const stream = session.stream!;
    const packets = rtpPacketsOf(stream, maxPayload);
    // Every track's rtptime names the same instant (the earliest packet this reader gets), so a
    // client without sender reports yet still lines audio up with video.
    const firsts = new Map<number, { seq: number; rtptime: number }>();
    let start: number | undefined;
    for (const setup of session.setups.values()) {
      const first = firstPacket(setup);
      if (!first) continue;
      const f = rtpSeqAndTime(first, offset);
      firsts.set(setup.trackIndex, f);
      const t = packets.streamSeconds(setup.trackIndex, f.rtptime);
      if (t !== undefined && (start === undefined || t < start)) start = t;
    }
    const info: RtpInfoEntry[] = [];
    for (const setup of session.setups.values()) {
      const p = packets.packetizers[setup.trackIndex];
      if (!p) continue;
      const first = firsts.get(setup.trackIndex);
      const seq = first?.seq ?? p.nextSequenceNumber;
      const rtptime = start !== undefined ? packets.rtpTimestampAt(setup.trackIndex, start)! : (p.lastTimestamp ?? p.rtpTimestamp(0));
      info.push({ url: setup.url, seq, rtptime });
    }
    session.state = 'play';
    // A TCP reader may stay silent for long (writeTimeout in the core ends dead ones); a UDP
    // session lives on RTCP and keep-alives (session timeout).
    this.socket.setTimeout(0);
    session.lastActivity = Date.now();
    this.log.info(`is reading from path "${session.path}", ${describeTracks([...session.setups.keys()].map((i) => stream.tracks[i]))} over ${session.transport}`);
    const headers: Record<string, string> = { Session: this.sessionHeader(session), Range: buildRange({ kind: 'npt', start: 0 }) };
    if (info.length) headers['RTP-Info'] = buildRtpInfo(info);
    return {
      response: rtspResponse(200, headers),
      after: () => {
        flush();
        this.sendSenderReports(session, maxPayload);
        const timer = setInterval(() => this.sendSenderReports(session, maxPayload), SENDER_REPORT_MS);
        timer.unref();
        session.cleanups.push(() => clearInterval(timer));
      },
    };
  }

  /** RTCP sender reports (RFC 3550 §6.4.1) on each track's RTCP channel or port. */
  private sendSenderReports(session: RtspSession, maxPayload: number): void {
    if (this.closed || session.state !== 'play' || !session.stream) return;
    const packets = rtpPacketsOf(session.stream, maxPayload);
    const now = Date.now();
    const udp = this.deps.udp();
    for (const setup of session.setups.values()) {
      const sr = packets.senderReport(setup.trackIndex, now, 'relaybox');
      if (!sr) continue;
      if (setup.clientPort) udp.rtcp?.send(sr, this.ip, setup.clientPort[1]);
      else this.write(interleavedFrame(setup.interleaved[1], sr));
    }
  }

  private onRecord(req: RtspRequest): { response: RtspResponse } {
    const session = this.checkSession(req, true)!;
    if (session.state !== 'preRecord' || !session.publisher || !session.announced || session.setups.size === 0) throw fail(455);
    const { media, tracks } = session.announced;
    const stream = session.publisher.setTracks(tracks);
    session.stream = stream;
    for (const setup of session.setups.values()) {
      const m = media[setup.trackIndex];
      if (!m?.track) continue;
      // TCP cannot reorder; UDP keeps the depacketizer's default reorder window.
      const depacketizer = createDepacketizer(m.track, m.trackIndex, setup.clientPort ? { ...m.aacLayout } : { reorderWindow: 0, ...m.aacLayout });
      session.depacketizers.set(setup.interleaved[0], depacketizer);
      if (setup.clientPort) {
        this.routeUdp(session, setup, (packet) => {
          for (const au of depacketizer.push(packet)) session.ingest(au);
        });
      }
    }
    session.state = 'record';
    session.lastActivity = Date.now();
    // Over UDP the TCP connection goes quiet; the session timeout watches the packets instead.
    if (session.transport === 'UDP') this.socket.setTimeout(0);
    this.log.info(`is publishing to path "${session.path}", ${describeTracks(tracks)} over ${session.transport}`);
    return { response: rtspResponse(200, { Session: this.sessionHeader(session) }) };
  }

  private onPause(req: RtspRequest): { response: RtspResponse } {
    const session = this.checkSession(req, true)!;
    if (session.state === 'play' && session.sub && session.stream) {
      session.stream.removeReader(session.sub);
      session.sub = undefined;
      session.state = 'prePlay';
    } else if (session.state !== 'prePlay') {
      throw fail(455);
    }
    return { response: rtspResponse(200, { Session: this.sessionHeader(session) }) };
  }

  private onTeardown(req: RtspRequest): { response: RtspResponse } {
    this.checkSession(req, false);
    this.endSession('TEARDOWN');
    this.dropDescribed();
    this.socket.setTimeout(this.deps.readTimeoutMs);
    return { response: rtspResponse(200) };
  }

  private onFrame(channel: number, payload: Buffer): void {
    const session = this.session;
    if (!session || session.state !== 'record' || !session.stream) return;
    session.bytesReceived += payload.length + 4;
    const depacketizer = session.depacketizers.get(channel);
    // Odd channels carry RTCP (sender reports): nothing to do with them yet.
    if (!depacketizer) return;
    const units = depacketizer.push(payload);
    for (const au of units) session.ingest(au);
  }
}
