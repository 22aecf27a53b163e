// What play and record clients share: the URL without its credentials, one connection at a time,
// keepalives at half the session timeout (RFC 2326 §12.37), TEARDOWN on close, the abort signal,
// and one "ended" promise that resolves on close() and rejects with the first failure.
import type { Logger } from '../../log/logger';
import { RTSP_DEFAULT_SESSION_TIMEOUT } from '../../protocols/rtsp/headers/session';
import { parseTransports, type RtspTransport } from '../../protocols/rtsp/headers/transport';
import type { RtspResponse } from '../../protocols/rtsp/response';
import { parseRtspUrl, type RtspUrl } from '../../protocols/rtsp/url';
import { RtspClientConn, whereOf } from './client-conn';
import { clientError, RtspClientError, statusError, type RtspClientRole } from './errors';

export interface RtspClientOptions {
  /** rtsp:// or rtsps:// URL; credentials in userinfo. */
  url: string;
  role: RtspClientRole;
  log: Logger;
  /** Aborting closes the client (TEARDOWN first); wait() then resolves. */
  signal?: AbortSignal;
  /** Connect, answer and "no packets" timeout (default 10 s, MediaMTX readTimeout). */
  timeoutMs?: number;
  /** rtsps: SHA-256 fingerprint of a self-signed server certificate. */
  fingerprint?: string;
  /** Local UDP ports for RTP/RTCP pairs (default 32768–60999). */
  udpPortRange?: readonly number[];
  /** Bytes received from the server (TCP and UDP). */
  onBytesIn?(n: number): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** TEARDOWN is a courtesy: never wait long for its answer. */
const TEARDOWN_WAIT_MS = 1000;

export abstract class RtspClientSession {
  /** Changes only when DESCRIBE redirects (RFC 2326 §11.3.3). */
  protected url: RtspUrl;
  /** The URL as sent in requests: no userinfo, so credentials never travel in a request line. */
  protected requestUrl: string;
  protected where: string;
  protected readonly timeoutMs: number;
  protected readonly log: Logger;
  protected conn: RtspClientConn | undefined;
  /** Where TEARDOWN and keepalives go (the aggregate control URL once known). */
  protected sessionUrl: string;
  protected keepaliveMethod = 'OPTIONS';
  protected stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly ended: Promise<void>;
  private resolveEnded!: () => void;
  private rejectEnded!: (err: Error) => void;

  constructor(protected readonly opts: RtspClientOptions) {
    try {
      this.url = parseRtspUrl(opts.url);
    } catch (err) {
      throw clientError(opts.role, (err as Error).message);
    }
    this.where = whereOf(this.url);
    this.requestUrl = requestUrlOf(this.url);
    this.sessionUrl = this.requestUrl;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.log = opts.log;
    this.ended = new Promise<void>((resolve, reject) => {
      this.resolveEnded = resolve;
      this.rejectEnded = reject;
    });
    // Marked handled here; wait() hands the same promise to whoever awaits the outcome.
    this.ended.catch(() => undefined);
    // Deferred: subclass fields are not initialized until this constructor returns.
    if (opts.signal?.aborted) queueMicrotask(() => void this.close());
    else opts.signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  /** Resolves when close() ran (or the signal aborted); rejects with the failure otherwise. */
  wait(): Promise<void> {
    return this.ended;
  }

  /** TEARDOWN (briefly awaited), then the connection and sockets are released. Idempotent. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    const conn = this.conn;
    if (conn && !conn.closed && conn.session) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        conn.request('TEARDOWN', this.sessionUrl).catch(() => undefined),
        new Promise((r) => (timer = setTimeout(r, TEARDOWN_WAIT_MS))),
      ]);
      clearTimeout(timer);
    }
    conn?.close();
    this.release();
    this.resolveEnded();
  }

  /** Ends the client with an error (first one wins, e.g. the path refused the stream); wait() rejects with it. */
  fail(err: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.conn?.close();
    this.release();
    this.rejectEnded(err);
  }

  /** Frees what a subclass holds (UDP sockets). Called once, on close or failure. */
  protected abstract release(): void;

  /** Opens a new connection (the previous one, if any, must be closed already). */
  protected async connect(extra: { onFrame?: (channel: number, payload: Buffer) => void } = {}): Promise<RtspClientConn> {
    if (this.stopped || this.opts.signal?.aborted) throw this.stoppedError();
    const conn = await RtspClientConn.connect(
      {
        url: this.url,
        role: this.opts.role,
        log: this.log,
        timeoutMs: this.timeoutMs,
        fingerprint: this.opts.fingerprint,
        onBytesIn: this.opts.onBytesIn,
        onFrame: extra.onFrame,
        onFailure: (err) => {
          if (this.conn === conn) this.fail(err);
        },
      },
      this.opts.signal,
    );
    if (this.stopped) {
      conn.close();
      throw this.stoppedError();
    }
    this.conn = conn;
    return conn;
  }

  /**
   * Follows a 3xx answer's Location (RFC 2326 §11.3.3) to another rtsp URL. Userinfo of the
   * original URL carries over when the new URL has none and names the same host.
   */
  protected redirectTo(location: string): void {
    let next: RtspUrl;
    try {
      next = parseRtspUrl(location);
    } catch {
      throw clientError(this.opts.role, `${this.where} redirected to an URL that is not rtsp://`);
    }
    if (next.user === undefined && next.host === this.url.host) {
      next.user = this.url.user;
      next.pass = this.url.pass;
    }
    this.url = next;
    this.where = whereOf(next);
    this.requestUrl = requestUrlOf(next);
    this.sessionUrl = this.requestUrl;
  }

  /** OPTIONS (RFC 2326 §10.1): learns whether GET_PARAMETER can serve as keepalive. */
  protected async options(conn: RtspClientConn): Promise<void> {
    const res = await conn.request('OPTIONS', this.requestUrl);
    if (res.statusCode >= 200 && res.statusCode < 300 && /\bGET_PARAMETER\b/i.test(res.headers.get('public') ?? '')) this.keepaliveMethod = 'GET_PARAMETER';
  }

  /** Keepalives at half the session timeout the server announced (default 60 s). */
  protected startKeepalive(conn: RtspClientConn): void {
    const timeout = conn.session?.timeout ?? RTSP_DEFAULT_SESSION_TIMEOUT;
    const everyMs = Math.max(1000, (timeout * 1000) / 2);
    this.every(everyMs, () => {
      if (conn.closed) return;
      conn.request(this.keepaliveMethod, this.sessionUrl).then(
        (res) => {
          if (res.statusCode >= 300) this.log.debug(`keepalive ${this.keepaliveMethod} answered ${res.statusCode}`);
        },
        () => undefined, // A failed connection is reported through onFailure.
      );
    });
  }

  /** The server's answer to a SETUP (§12.39): 2xx with one transport over the lower transport asked for. */
  protected setupAnswer(res: RtspResponse, asked: 'UDP' | 'TCP'): RtspTransport {
    if (res.statusCode < 200 || res.statusCode >= 300) throw statusError(this.opts.role, this.where, 'SETUP', res);
    let answer: RtspTransport | undefined;
    try {
      answer = parseTransports(res.headers.get('transport') ?? '')[0];
    } catch {
      answer = undefined;
    }
    if (!answer) throw clientError(this.opts.role, `${this.where} answered SETUP without a usable Transport header`);
    if (answer.lowerTransport !== asked) throw clientError(this.opts.role, `${this.where} answered SETUP over ${answer.lowerTransport}, not the ${asked} asked for`);
    return answer;
  }

  protected every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref?.();
    this.timers.add(t);
  }

  protected clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
  }

  protected stoppedError(): RtspClientError {
    return clientError(this.opts.role, 'stopped');
  }
}

/** rtsp://host:port/path?query with the userinfo left out. */
export function requestUrlOf(u: RtspUrl): string {
  const host = u.host.includes(':') ? `[${u.host}]` : u.host;
  return `${u.scheme}://${host}:${u.port}/${u.path}${u.query === '' ? '' : `?${u.query}`}`;
}
