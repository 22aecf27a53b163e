// One RTSP client connection (RFC 2326 §10): requests with CSeq matched to their responses,
// credentials added after a challenge, the Session header carried once the server gave one, and
// interleaved frames (§10.12) handed to the owner. Anything the server sends that does not parse
// fails this connection only, with an error that says so.
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../../log/logger';
import { parseSession, type RtspSessionHeader } from '../../protocols/rtsp/headers/session';
import { RtspMessageReader } from '../../protocols/rtsp/message-reader';
import { rtspRequest, serializeRequest } from '../../protocols/rtsp/request';
import type { RtspResponse } from '../../protocols/rtsp/response';
import type { RtspUrl } from '../../protocols/rtsp/url';
import { RtspClientAuth } from './client-auth';
import { clientError, RtspClientError, statusError, type RtspClientRole } from './errors';

export interface RtspClientConnOptions {
  url: RtspUrl;
  role: RtspClientRole;
  log: Logger;
  /** Longest wait for the connection and for each answer. */
  timeoutMs: number;
  /** rtsps: SHA-256 fingerprint (hex, colons optional) of a self-signed server certificate. */
  fingerprint?: string;
  /** Bytes read from the server. */
  onBytesIn?(n: number): void;
  onFrame?(channel: number, payload: Buffer): void;
  /** The connection failed or the server closed it (not called after close()). */
  onFailure(err: RtspClientError): void;
}

interface Pending {
  method: string;
  resolve(res: RtspResponse): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const USER_AGENT = 'Relaybox';

export class RtspClientConn {
  /** `host:port`, without credentials: what error messages and logs name. */
  readonly where: string;
  session: RtspSessionHeader | undefined;
  closed = false;
  private readonly reader = new RtspMessageReader();
  private readonly pending = new Map<number, Pending>();
  private readonly auth: RtspClientAuth;
  private cseq = 0;

  private constructor(
    private readonly socket: net.Socket,
    private readonly opts: RtspClientConnOptions,
  ) {
    this.where = whereOf(opts.url);
    this.auth = new RtspClientAuth(opts.url.user, opts.url.pass);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (err) => this.fail(clientError(opts.role, `connection to ${this.where} failed: ${err.message}`)));
    socket.on('close', () => this.fail(clientError(opts.role, `${this.where} closed the connection`)));
  }

  static connect(opts: RtspClientConnOptions, signal?: AbortSignal): Promise<RtspClientConn> {
    const where = whereOf(opts.url);
    return new Promise((resolve, reject) => {
      const secure = opts.url.scheme === 'rtsps';
      const fingerprint = opts.fingerprint?.replace(/:/g, '').toLowerCase();
      const socket = secure
        ? tls.connect({ host: opts.url.host, port: opts.url.port, servername: net.isIP(opts.url.host) ? undefined : opts.url.host, rejectUnauthorized: !fingerprint })
        : net.connect({ host: opts.url.host, port: opts.url.port });
      const done = (err?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        if (err) {
          socket.destroy();
          reject(err);
          return;
        }
        socket.setNoDelay(true);
        resolve(new RtspClientConn(socket, opts));
      };
      const onError = (err: Error) => done(clientError(opts.role, `cannot connect to ${where}: ${err.message}`));
      const onAbort = () => done(clientError(opts.role, 'stopped'));
      const timer = setTimeout(() => done(clientError(opts.role, `cannot connect to ${where}: no answer within ${opts.timeoutMs / 1000} s`)), opts.timeoutMs);
      socket.once('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        if (secure && fingerprint) {
          const got = (socket as tls.TLSSocket).getPeerCertificate().fingerprint256?.replace(/:/g, '').toLowerCase();
          if (got !== fingerprint) return done(clientError(opts.role, `the certificate of ${where} does not match sourceFingerprint`));
        }
        done();
      });
    });
  }

  /** The local address the server sees us at (UDP sockets bind to it). */
  get localAddress(): string {
    return (this.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  }

  /** The server's address as connected (where UDP packets come from and go to). */
  get remoteAddress(): string {
    return (this.socket.remoteAddress ?? this.opts.url.host).replace(/^::ffff:/, '');
  }

  /**
   * Sends a request and resolves with its answer, whatever the status. A 401 is answered once
   * more with credentials when the challenge allows it.
   */
  async request(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RtspResponse> {
    const first = await this.send(method, url, headers, body);
    if (first.res.statusCode !== 401) return first.res;
    if (!this.auth.onUnauthorized(first.res.headers.getAll('www-authenticate'), first.hadAuth)) return first.res;
    this.opts.log.debug(`${method} asked for credentials; answering with ${this.auth.scheme}`);
    return (await this.send(method, url, headers, body)).res;
  }

  /** As request(), but any status other than 2xx becomes an error naming it. */
  async expectOk(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RtspResponse> {
    const res = await this.request(method, url, headers, body);
    if (res.statusCode < 200 || res.statusCode >= 300) throw statusError(this.opts.role, this.where, method, res);
    return res;
  }

  private send(method: string, url: string, extra: Record<string, string>, body?: Buffer | string): Promise<{ res: RtspResponse; hadAuth: boolean }> {
    if (this.closed) return Promise.reject(clientError(this.opts.role, `the connection to ${this.where} is closed`));
    const cseq = ++this.cseq;
    const headers: Record<string, string> = { CSeq: String(cseq), 'User-Agent': USER_AGENT };
    const authorization = this.auth.header(method, url);
    if (authorization !== undefined) headers.Authorization = authorization;
    if (this.session) headers.Session = this.session.id;
    Object.assign(headers, extra);
    const bytes = serializeRequest(rtspRequest(method, url, headers, body));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(clientError(this.opts.role, `no answer to ${method} from ${this.where} within ${this.opts.timeoutMs / 1000} s`));
      }, this.opts.timeoutMs);
      const hadAuth = authorization !== undefined;
      this.pending.set(cseq, { method, resolve: (res) => resolve({ res, hadAuth }), reject, timer });
      this.socket.write(bytes);
    });
  }

  /** Writes interleaved frames (already framed); false when the socket buffer is full. */
  write(bytes: Buffer): boolean {
    if (this.closed) return false;
    return this.socket.write(bytes);
  }

  onDrain(listener: () => void): void {
    this.socket.on('drain', listener);
  }

  /** Ends the connection without telling the owner (it asked for it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.rejectPending(clientError(this.opts.role, 'closed'));
  }

  private fail(err: RtspClientError): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.rejectPending(err);
    this.opts.onFailure(err);
  }

  private rejectPending(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private onData(data: Buffer): void {
    this.opts.onBytesIn?.(data.length);
    let items;
    try {
      items = this.reader.feed(data);
    } catch (err) {
      this.fail(clientError(this.opts.role, `${this.where} sent something that is not RTSP: ${(err as Error).message}`));
      return;
    }
    for (const item of items) {
      if (this.closed) return;
      if (item.kind === 'frame') this.opts.onFrame?.(item.channel, item.payload);
      else if (item.kind === 'response') this.onResponse(item.response);
      // Requests from the server (RTSP 2.0 PLAY_NOTIFY, some cameras' keepalives) need no answer
      // from an RTSP 1.0 client; they are ignored.
    }
  }

  private onResponse(res: RtspResponse): void {
    const header = res.headers.get('cseq');
    let cseq = header !== undefined && /^\s*\d{1,10}\s*$/.test(header) ? Number(header) : undefined;
    // A server that omits CSeq answers in order: take the oldest request.
    if (cseq === undefined && this.pending.size > 0) cseq = Math.min(...this.pending.keys());
    const p = cseq === undefined ? undefined : this.pending.get(cseq);
    if (!p) return;
    this.pending.delete(cseq!);
    clearTimeout(p.timer);
    const session = res.headers.get('session');
    if (session !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
      try {
        this.session = parseSession(session);
      } catch {
        this.fail(clientError(this.opts.role, `${this.where} sent a bad Session header in answer to ${p.method}`));
        return;
      }
    }
    p.resolve(res);
  }
}

export function whereOf(url: RtspUrl): string {
  return url.host.includes(':') ? `[${url.host}]:${url.port}` : `${url.host}:${url.port}`;
}
