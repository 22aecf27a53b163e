// The RTMP listener (rtmpAddress, default :1935): accepts connections and keeps the list the
// API shows as /v3/rtmpconns.
import { parseDuration } from '../../../../shared/config';
import type { Engine } from '../../engine';
import type { Logger } from '../../log/logger';
import { closeNetServer, createTcpServer, listenTcp, type RunningServer } from '../listen';
import type { TlsFiles } from '../tls';
import { RtmpConn } from './conn';

/** 64 KiB chunks, as MediaMTX: fewer chunk headers per frame than nginx-rtmp's 4096. */
export const RTMP_OUT_CHUNK_SIZE = 65536;

/** With `tls` this is the RTMPS listener (rtmpsAddress, default :1936): RTMP inside TLS. */
export async function openRtmpServer(engine: Engine, host: string, port: number, log: Logger, tls?: TlsFiles): Promise<RunningServer> {
  const conns = new Map<string, RtmpConn>();
  const server = await createTcpServer((socket) => {
    const conn = new RtmpConn(socket, {
      paths: engine.paths,
      log,
      readTimeoutMs: parseDuration(engine.config.readTimeout),
      chunkSize: RTMP_OUT_CHUNK_SIZE,
      encrypted: !!tls,
    }, (c) => { conns.delete(c.id); engine.connEvent({ kind: tls ? 'rtmpsConn' : 'rtmpConn', id: c.id, remoteAddr: c.remoteAddr, phase: 'close' }); });
    conns.set(conn.id, conn);
    engine.connEvent({ kind: tls ? 'rtmpsConn' : 'rtmpConn', id: conn.id, remoteAddr: conn.remoteAddr, phase: 'open' });
  }, { tls, handshakeTimeoutMs: parseDuration(engine.config.readTimeout), log });
  await listenTcp(server, host, port);
  // After listen: a failed listen is reported once, by the engine, with the port's owner.
  server.on('error', (err) => log.error(`listener error: ${err.message}`));
  const unregister = engine.registerConnList(tls ? 'rtmpsconns' : 'rtmpconns', {
    list: () => [...conns.values()].map((c) => c.info()),
    kick: (id) => {
      const c = conns.get(id);
      if (!c) return false;
      c.close('kicked through the API');
      return true;
    },
  });
  return {
    async close() {
      unregister();
      const closing = closeNetServer(server);
      for (const c of [...conns.values()]) c.close('server is shutting down');
      await closing;
    },
  };
}
