// One RTMP client connection (RTMP 1.0 §5.2 handshake, §5.3 chunk stream, §7.2.1 NetConnection
// commands) over TCP or TLS (rtmps://): connect to the application, then createStream and the
// NetStream commands that play.ts and publish.ts send. Built on the protocol layer; this file
// owns the socket, the timers and the pending calls.
//
// Every message we send is serialized with a type-0 first chunk (serializeMessage), never with
// the compressing RtmpChunkWriter: a publisher writes chunks that were serialized once for all
// local RTMP readers (servers/rtmp/format.ts) on the same chunk streams, and compressed headers
// would depend on what was sent before on that chunk stream.
import { createHash } from 'node:crypto';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { splitAggregateMessage } from '../../protocols/rtmp/aggregate';
import { isAmfObject, type AmfObject, type AmfValue } from '../../protocols/rtmp/amf-value';
import { RTMP_DEFAULT_CHUNK_SIZE, RtmpChunkReader } from '../../protocols/rtmp/chunk-reader';
import { serializeMessage } from '../../protocols/rtmp/chunk-writer';
import { commandMessage, connectCommand, createStreamCommand, parseCommand, parseDataMessage, type RtmpCommand, type RtmpDataMessage } from '../../protocols/rtmp/commands';
import {
  acknowledgementMessage, parseUserControl, parseWindowAckSize, pingResponseMessage,
  setChunkSizeMessage, windowAckSizeMessage, type UserControlEvent,
} from '../../protocols/rtmp/control-messages';
import { RtmpClientHandshake } from '../../protocols/rtmp/handshake';
import { RtmpMessageType, type RtmpMessage } from '../../protocols/rtmp/message';
import type { NetStatus } from '../../protocols/rtmp/status-codes';
import { describeStatus, RtmpClientError } from './errors';
import type { RtmpUrl } from './url';

export interface RtmpConnectionOptions {
  /** Role words that start every error message: "RTMP forward to", "RTMP source". */
  label: string;
  signal?: AbortSignal;
  /** Limit for TCP/TLS connect, handshake and the connect call, in ms. Default 10 s. */
  timeoutMs?: number;
  /** Outgoing chunk size, announced right after the handshake. Default 4096 (FFmpeg's). */
  chunkSize?: number;
  /** Enhanced RTMP: FourCCs this client handles, sent in connect (fourCcList). */
  fourCcList?: string[];
  /** Default "FMLE/3.0 (compatible; Relaybox)". */
  flashVer?: string;
  /** rtmps: verify the server certificate (default true). */
  rejectUnauthorized?: boolean;
  /** rtmps: SHA-256 fingerprint (hex, colons optional) of a self-signed certificate to accept instead. */
  fingerprint?: string;
  /** rtmps: extra trusted CA certificates. */
  ca?: string | Buffer | (string | Buffer)[];
}

export interface RtmpConnectionHandlers {
  /** Audio (8) and video (9) messages, aggregates already split (§7.1.6). */
  media?(msg: RtmpMessage): void;
  /** Data messages (onMetaData, |RtmpSampleAccess). */
  data?(data: RtmpDataMessage, msg: RtmpMessage): void;
  /** onStatus on any message stream. */
  status?(status: NetStatus, streamId: number): void;
  /** User Control events other than ping (StreamBegin, StreamEof, …). */
  streamEvent?(event: UserControlEvent): void;
  /** The socket can take more after a write returned false. */
  drain?(): void;
}

/** What FFmpeg announces (§5.4.4): acknowledge every 2.5 MB. */
const WINDOW_ACK_SIZE = 2_500_000;
export const DEFAULT_CLIENT_CHUNK_SIZE = 4096;

interface StatusWaiter {
  streamId: number;
  decide: (status: NetStatus) => boolean | undefined;
  resolve: (status: NetStatus) => void;
  reject: (err: Error) => void;
}

function statusOf(info: AmfValue | undefined): NetStatus {
  if (info !== undefined && isAmfObject(info)) {
    const o = info;
    const level = o.level === 'error' || o.level === 'warning' ? o.level : 'status';
    return { level, code: String(o.code ?? ''), description: String(o.description ?? '') };
  }
  return { level: 'status', code: '', description: '' };
}

const normalizeFingerprint = (f: string): string => f.replace(/:/g, '').toLowerCase();

export class RtmpClientConnection {
  /** connect's _result: the server's properties (fmsVer, capabilities, E-RTMP fourCcList…). */
  serverProperties: AmfObject = {};
  /** connect's _result: the info object (code, objectEncoding, …). */
  serverInfo: AmfObject = {};
  bytesSent = 0;
  /** Resolves with the reason once the connection is gone. */
  readonly closed: Promise<string>;
  private readonly reader = new RtmpChunkReader();
  private readonly handshake = new RtmpClientHandshake();
  private readonly calls = new Map<number, { resolve: (c: RtmpCommand) => void; reject: (e: Error) => void }>();
  private waiters: StatusWaiter[] = [];
  private nextTransaction = 1;
  private outChunkSize = RTMP_DEFAULT_CHUNK_SIZE;
  private peerWindow = 0;
  private lastAck = 0;
  private closedReason: string | undefined;
  private resolveClosed!: (reason: string) => void;
  private handshakeDone: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private readonly onAbort = (): void => this.close('stopped');

  private constructor(
    readonly url: RtmpUrl,
    private readonly socket: Socket,
    private readonly opts: RtmpConnectionOptions,
    private readonly handlers: RtmpConnectionHandlers,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (err) => this.close(err.message));
    socket.on('close', () => this.close('connection closed by the server'));
    socket.on('drain', () => this.handlers.drain?.());
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** "RTMP forward to 127.0.0.1:1935/live/x": how errors and log lines name this connection. */
  get what(): string {
    return `${this.opts.label} ${this.url.display}`;
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  get bytesReceived(): number {
    return this.reader.bytesReceived;
  }

  /**
   * TCP (or TLS) connect, handshake, Set Chunk Size, Window Acknowledgement Size, then connect to
   * the application; resolves once the server accepted it. Rejects with RtmpClientError.
   */
  static async open(url: RtmpUrl, opts: RtmpConnectionOptions, handlers: RtmpConnectionHandlers = {}): Promise<RtmpClientConnection> {
    if (opts.signal?.aborted) throw new RtmpClientError(`${opts.label} ${url.display}: stopped`);
    const socket = url.secure
      ? tlsConnect({
        host: url.host,
        port: url.port,
        // SNI carries host names only (RFC 6066 §3).
        servername: isIP(url.host) ? undefined : url.host,
        rejectUnauthorized: opts.fingerprint ? false : (opts.rejectUnauthorized ?? true),
        ca: opts.ca,
      })
      : tcpConnect({ host: url.host, port: url.port });
    const conn = new RtmpClientConnection(url, socket, opts, handlers);
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const timer = setTimeout(() => conn.close(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        conn.handshakeDone = { resolve, reject };
        socket.once(url.secure ? 'secureConnect' : 'connect', () => {
          const problem = url.secure ? conn.certificateProblem(socket as TLSSocket) : undefined;
          if (problem) return conn.close(problem);
          socket.write(conn.handshake.start());
        });
      });
      conn.outChunkSize = opts.chunkSize ?? DEFAULT_CLIENT_CHUNK_SIZE;
      conn.send(setChunkSizeMessage(conn.outChunkSize));
      conn.send(windowAckSizeMessage(WINDOW_ACK_SIZE));
      const result = await conn.call((tx) => connectCommand(tx, {
        app: conn.appName, tcUrl: url.tcUrl, flashVer: opts.flashVer, fourCcList: opts.fourCcList,
      }));
      const info = statusOf(result.args[0]);
      if (result.name !== '_result') {
        throw new RtmpClientError(`${conn.what} refused: ${describeStatus(info.code || result.name, info.description)}`, info.code);
      }
      if (result.commandObject !== null && isAmfObject(result.commandObject)) conn.serverProperties = result.commandObject;
      if (result.args[0] !== undefined && isAmfObject(result.args[0])) conn.serverInfo = result.args[0];
      return conn;
    } catch (err) {
      const e = err instanceof RtmpClientError ? err : new RtmpClientError(`${conn.what}: ${(err as Error).message}`);
      conn.close(e.message);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** App name as sent in connect (with the credentials query when there is no stream name). */
  private get appName(): string {
    return this.url.stream || !this.url.query ? this.url.app : `${this.url.app}?${this.url.query}`;
  }

  /** Stream name as sent in play/publish: the query (credentials) rides here. */
  get streamName(): string {
    return this.url.stream && this.url.query ? `${this.url.stream}?${this.url.query}` : this.url.stream;
  }

  /**
   * Enhanced RTMP: whether the server's connect result announced this FourCC (fourCcList, or the
   * v2 videoFourCcInfoMap/audioFourCcInfoMap; "*" means any).
   */
  serverAccepts(fourCc: string): boolean {
    const p = this.serverProperties;
    const list = Array.isArray(p.fourCcList) ? p.fourCcList : [];
    if (list.includes(fourCc) || list.includes('*')) return true;
    for (const key of ['videoFourCcInfoMap', 'audioFourCcInfoMap']) {
      const map = p[key];
      if (map !== undefined && isAmfObject(map) && (fourCc in map || '*' in map)) return true;
    }
    return false;
  }

  /** createStream (§7.2.1.3); resolves with the message stream id. */
  async createStream(): Promise<number> {
    const result = await this.call((tx) => createStreamCommand(tx));
    const id = result.args[0];
    if (result.name !== '_result' || typeof id !== 'number') {
      const info = statusOf(result.args[0]);
      throw new RtmpClientError(`${this.what}: createStream failed: ${describeStatus(info.code || result.name, info.description)}`, info.code || undefined);
    }
    return id;
  }

  /** A command that expects no _result (transaction id 0), e.g. play, publish, FCUnpublish. */
  sendCommand(cmd: RtmpCommand, streamId = 0): void {
    this.send(commandMessage(cmd, streamId));
  }

  /** A command whose transaction id we allocate (releaseStream, FCPublish): the answer is not awaited. */
  nextTransactionId(): number {
    return this.nextTransaction++;
  }

  /**
   * Waits for an onStatus on `streamId` that `decide` accepts (true) or refuses (false → rejects
   * with "<what> refused: CODE (description)"); undefined lets it pass.
   */
  waitForStatus(streamId: number, decide: (s: NetStatus) => boolean | undefined, timeoutMs = 10_000): Promise<NetStatus> {
    if (this.closedReason !== undefined) return Promise.reject(new RtmpClientError(`${this.what}: ${this.closedReason}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new RtmpClientError(`${this.what}: no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const waiter: StatusWaiter = {
        streamId,
        decide,
        resolve: (s) => { clearTimeout(timer); resolve(s); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.waiters.push(waiter);
    });
  }

  /** One message, chunked at the outgoing chunk size. Returns the socket's backpressure signal. */
  send(msg: RtmpMessage): boolean {
    return this.writeChunks(serializeMessage(msg, this.outChunkSize));
  }

  /** Chunks serialized elsewhere at this connection's chunk size (shared fan-out bytes). */
  writeChunks(chunks: Buffer): boolean {
    if (this.closedReason !== undefined) return true;
    this.bytesSent += chunks.length;
    return this.socket.write(chunks);
  }

  get chunkSize(): number {
    return this.outChunkSize;
  }

  /** Idle limit while reading (a player): no bytes for this long closes the connection. */
  setReadTimeout(ms: number): void {
    this.socket.setTimeout(ms, () => this.close(`no data for ${ms / 1000} s`));
  }

  /** Sends `last` (e.g. FCUnpublish, deleteStream), then ends the TCP stream. */
  end(reason: string, last: RtmpMessage[] = []): void {
    if (this.closedReason !== undefined) return;
    for (const m of last) this.send(m);
    this.socket.end();
    // A server that never closes its side does not keep the socket.
    setTimeout(() => this.socket.destroy(), 2000).unref();
    this.finish(reason);
  }

  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.socket.destroy();
    this.finish(reason);
  }

  private finish(reason: string): void {
    this.closedReason = reason;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    const err = new RtmpClientError(`${this.what}: ${reason}`);
    this.handshakeDone?.reject(err);
    this.handshakeDone = undefined;
    for (const call of this.calls.values()) call.reject(err);
    this.calls.clear();
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
    this.resolveClosed(reason);
  }

  /** rtmps: checks a pinned fingerprint; undefined when the certificate is acceptable. */
  private certificateProblem(socket: TLSSocket): string | undefined {
    const pinned = this.opts.fingerprint;
    if (!pinned) return undefined;
    const cert = socket.getPeerCertificate();
    const actual = cert?.raw ? createHash('sha256').update(cert.raw).digest('hex') : '';
    return actual === normalizeFingerprint(pinned)
      ? undefined
      : `server certificate fingerprint ${actual || '(none)'} does not match the configured one`;
  }

  private call(build: (transactionId: number) => RtmpCommand): Promise<RtmpCommand> {
    const tx = this.nextTransaction++;
    return new Promise((resolve, reject) => {
      this.calls.set(tx, { resolve, reject });
      this.sendCommand(build(tx));
    });
  }

  private onData(data: Buffer): void {
    if (this.closedReason !== undefined) return;
    try {
      if (!this.handshake.done) {
        const step = this.handshake.feed(data);
        if (step.reply) this.socket.write(step.reply);
        if (!step.done) return;
        const done = this.handshakeDone;
        this.handshakeDone = undefined;
        done?.resolve();
        if (!step.rest) return;
        data = step.rest;
      }
      for (const msg of this.reader.feed(data)) {
        this.onMessage(msg);
        if (this.closedReason !== undefined) return;
      }
      // §5.4.3: acknowledge every window's worth of bytes received.
      if (this.peerWindow > 0 && this.reader.bytesReceived - this.lastAck >= this.peerWindow) {
        this.lastAck = this.reader.bytesReceived;
        this.send(acknowledgementMessage(this.lastAck >>> 0));
      }
    } catch (err) {
      this.close(`protocol error: ${(err as Error).message}`);
    }
  }

  private onMessage(msg: RtmpMessage): void {
    switch (msg.typeId) {
      case RtmpMessageType.Audio:
      case RtmpMessageType.Video:
        this.handlers.media?.(msg);
        return;
      case RtmpMessageType.Aggregate:
        for (const sub of splitAggregateMessage(msg)) {
          if (sub.typeId === RtmpMessageType.Audio || sub.typeId === RtmpMessageType.Video) this.handlers.media?.(sub);
          else if (sub.typeId === RtmpMessageType.DataAmf0) this.handlers.data?.(parseDataMessage(sub), sub);
        }
        return;
      case RtmpMessageType.DataAmf0:
      case RtmpMessageType.DataAmf3:
        this.handlers.data?.(parseDataMessage(msg), msg);
        return;
      case RtmpMessageType.WindowAckSize:
        this.peerWindow = parseWindowAckSize(msg.payload);
        return;
      case RtmpMessageType.UserControl: {
        const ev = parseUserControl(msg.payload);
        if (ev.type === 'PingRequest') this.send(pingResponseMessage(ev.timestamp));
        else this.handlers.streamEvent?.(ev);
        return;
      }
      case RtmpMessageType.CommandAmf0:
      case RtmpMessageType.CommandAmf3:
        this.onCommand(parseCommand(msg), msg.streamId);
        return;
      default:
        return; // Set Chunk Size and Abort are applied by the chunk reader; the rest needs no answer.
    }
  }

  private onCommand(cmd: RtmpCommand, streamId: number): void {
    if (cmd.name === '_result' || cmd.name === '_error') {
      const call = this.calls.get(cmd.transactionId);
      if (!call) return; // answers to releaseStream/FCPublish, which nobody awaits
      this.calls.delete(cmd.transactionId);
      call.resolve(cmd);
      return;
    }
    if (cmd.name === 'onStatus') {
      const status = statusOf(cmd.args[0]);
      this.handlers.status?.(status, streamId);
      for (const w of [...this.waiters]) {
        if (w.streamId !== streamId && streamId !== 0) continue;
        const verdict = w.decide(status);
        if (verdict === undefined) continue;
        this.waiters = this.waiters.filter((x) => x !== w);
        if (verdict) w.resolve(status);
        else w.reject(new RtmpClientError(`${this.what} refused: ${describeStatus(status.code, status.description)}`, status.code));
      }
      return;
    }
    if (cmd.name === 'close') this.close(`closed by the server: ${describeStatus(statusOf(cmd.args[0]).code || 'close', '')}`);
    // onBWDone, onFCPublish, _checkbw…: nothing to answer.
  }
}
