// The RTSP listener (rtspAddress, default :8554): accepts connections and keeps the lists the API
// shows as /v3/rtspconns and /v3/rtspsessions.
import { parseDuration } from '../../../../shared/config';
import type { Engine } from '../../engine';
import type { Logger } from '../../log/logger';
import { RTSP_DEFAULT_SESSION_TIMEOUT } from '../../protocols/rtsp/headers/session';
import { closeNetServer, createTcpServer, listenTcp, type RunningServer } from '../listen';
import type { TlsFiles } from '../tls';
import { RtspConn } from './conn';
import type { RtspSession } from './session';
import { rtspUdpOf } from './udp';

/** How often UDP sessions are checked for silence. */
const SESSION_CHECK_MS = 2000;

/** No UDP sockets: SETUP offering only UDP gets 461, so an RTSPS client falls back to TCP. */
const NO_UDP = {};

/**
 * With `tls` this is the RTSPS listener (rtspsAddress, default :8322): the same connections over
 * TLS, interleaved TCP only. Relaybox has no SRTP, and plain RTP beside an encrypted session would
 * leak the media it is meant to protect, so UDP transport is refused with 461 (RFC 2326 §11.4.4).
 */
export async function openRtspServer(engine: Engine, host: string, port: number, log: Logger, tls?: TlsFiles): Promise<RunningServer> {
  const conns = new Map<string, RtspConn>();
  const sessions = new Map<string, { conn: RtspConn; session: RtspSession }>();
  const readTimeoutMs = parseDuration(engine.config.readTimeout);
  const server = await createTcpServer((socket) => {
    const conn = new RtspConn(socket, {
      paths: engine.paths,
      log,
      config: () => engine.config,
      readTimeoutMs: parseDuration(engine.config.readTimeout),
      udp: () => (tls ? NO_UDP : rtspUdpOf(engine)),
      sessionOpened: (c, s) => sessions.set(s.id, { conn: c, session: s }),
      sessionClosed: (_c, s) => sessions.delete(s.id),
      encrypted: !!tls,
    }, (c) => { conns.delete(c.id); engine.connEvent({ kind: tls ? 'rtspsConn' : 'rtspConn', id: c.id, remoteAddr: c.remoteAddr, phase: 'close' }); });
    conns.set(conn.id, conn);
    engine.connEvent({ kind: tls ? 'rtspsConn' : 'rtspConn', id: conn.id, remoteAddr: conn.remoteAddr, phase: 'open' });
  }, { tls, handshakeTimeoutMs: readTimeoutMs, log });
  await listenTcp(server, host, port);
  // After listen: a failed listen is reported once, by the engine, with the port's owner.
  server.on('error', (err) => log.error(`listener error: ${err.message}`));
  // UDP sessions have no socket to time out: a reader must send RTCP or keep-alives within the
  // session timeout (RFC 2326 §12.37), a publisher RTP within readTimeout (as MediaMTX).
  const checker = setInterval(() => {
    const now = Date.now();
    for (const { conn, session } of sessions.values()) {
      if (session.transport !== 'UDP') continue;
      const limit = session.state === 'record' ? readTimeoutMs : session.state === 'play' ? RTSP_DEFAULT_SESSION_TIMEOUT * 1000 : 0;
      if (limit > 0 && now - session.lastActivity > limit) conn.close('session timed out: nothing received over UDP');
    }
  }, SESSION_CHECK_MS);
  checker.unref();
  const unregisterConns = engine.registerConnList(tls ? 'rtspsconns' : 'rtspconns', {
    list: () => [...conns.values()].map((c) => c.info()),
    kick: (id) => {
      const c = conns.get(id);
      if (!c) return false;
      c.close('kicked through the API');
      return true;
    },
  });
  const unregisterSessions = engine.registerConnList(tls ? 'rtspssessions' : 'rtspsessions', {
    list: () => [...sessions.values()].map((s) => s.session.info()),
    kick: (id) => {
      const s = sessions.get(id);
      if (!s) return false;
      s.conn.close('kicked through the API');
      return true;
    },
  });
  return {
    async close() {
      clearInterval(checker);
      unregisterConns();
      unregisterSessions();
      const closing = closeNetServer(server);
      for (const c of [...conns.values()]) c.close('server is shutting down');
      await closing;
    },
  };
}
