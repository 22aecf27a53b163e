// HTTP-FLV readers: `GET http://H:8888/PATH.flv` (DESIGN §3) answers with a chunked FLV file
// that never ends while the path is published: the header, onMetaData and sequence headers,
// then the cached GOP, then live tags (what flv.js/mpegts.js, ffplay and VLC read).
//
// One request = one reader session of the core. The core owns the queue: the response's
// write() result is the backpressure signal and 'drain' resumes it; a reader stuck longer than
// writeTimeout is closed by the core (session.close → the socket is destroyed).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutputFormat, ReaderSink } from '../../core/format';
import type { PathManager } from '../../core/path-manager';
import type { PathFailure } from '../../core/path-requests';
import type { Logger } from '../../log/logger';
import { basicCredentials } from '../api/http-util';
import { createFlvFormat } from './format';

/**
 * The type this session shows in /v3/paths readers [{type, id}]. MediaMTX has no HTTP-FLV, so
 * the name is ours, shaped like its others ("rtmpConn", "webRTCSession").
 */
export const HTTP_FLV_SESSION_TYPE = 'httpflvConn';

const FLV_SUFFIX = '.flv';

/** "/live/cam1.flv" → "live/cam1"; null when the URL path is not an FLV stream URL. */
export function flvPathName(urlPath: string): string | null {
  if (!urlPath.endsWith(FLV_SUFFIX) || !urlPath.startsWith('/')) return null;
  const name = urlPath.slice(1, -FLV_SUFFIX.length);
  // Whether the name is a valid path name is the core's call (it answers invalidPath → 404).
  return name.length > 0 ? name : null;
}

export interface HttpFlvRequest {
  /** Stream path, decoded ("live/cam1"). */
  pathName: string;
  /** Raw query string without "?" (the core passes it to hooks; never logged). */
  query: string;
  /** Client address (after hlsTrustedProxies). */
  ip: string;
}

export interface HttpFlvHandlerOptions {
  paths: Pick<PathManager, 'addReader'>;
  log: Logger;
  /**
   * How long an ended response may take to flush before its socket is destroyed (config
   * writeTimeout, read per use so hot reload applies).
   */
  writeTimeoutMs(): number;
}

export interface HttpFlvHandler {
  serve(req: IncomingMessage, res: ServerResponse, target: HttpFlvRequest): Promise<void>;
}

/** DESIGN §3 / path-requests.ts: how each refusal is answered over HTTP. */
function failureStatus(code: PathFailure['code']): number {
  switch (code) {
    case 'unauthorized':
    case 'forbidden':
      // MediaMTX answers 401 to both, so clients retry with credentials.
      return 401;
    case 'maxReaders':
      return 503;
    default:
      return 404;
  }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createHttpFlvHandler(opts: HttpFlvHandlerOptions): HttpFlvHandler {
  const { paths, log } = opts;
  const format: OutputFormat<Buffer> = createFlvFormat(log);

  async function serve(req: IncomingMessage, res: ServerResponse, target: HttpFlvRequest): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'HTTP-FLV is read with GET\n', { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    const fromQuery = new URLSearchParams(target.query);
    const creds = basicCredentials(req) ?? { user: fromQuery.get('user') ?? '', pass: fromQuery.get('pass') ?? '' };
    const id = randomUUID();
    // The client may leave while the core decides (auth delays): remember it.
    let gone = false;
    res.once('close', () => {
      gone = true;
    });
    let streamEnded = false;
    let closeReason = 'client disconnected';

    const result = await paths.addReader({
      path: target.pathName,
      query: target.query,
      ip: target.ip,
      user: creds.user || undefined,
      pass: creds.pass || undefined,
      protocol: 'hls', // same listener and same challenge/retry client behaviour as HLS
      type: HTTP_FLV_SESSION_TYPE,
      id,
      session: {
        close: (reason) => {
          closeReason = reason;
          if (streamEnded) finishOrDestroy(res, opts.writeTimeoutMs());
          else res.destroy();
        },
      },
    });

    if (!result.ok) {
      if (gone) return;
      const status = failureStatus(result.code);
      // The core already logged the refusal (with the user and address, without the password).
      sendText(res, status, `${result.message}\n`, status === 401 ? { 'WWW-Authenticate': 'Basic realm="relaybox"' } : {});
      return;
    }
    const { reader } = result;
    if (gone) {
      reader.close();
      return;
    }

    res.writeHead(200, { 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') {
      reader.close();
      res.end();
      return;
    }
    // Tags are small and latency matters more than packet count (issue 3 item 5: ~1 s).
    res.socket?.setNoDelay(true);
    log.info(`reader ${id} from ${target.ip} is reading "${target.pathName}"`);

    const sink: ReaderSink<Buffer> = {
      write: (item) => res.write(item),
      end: (reason) => {
        // The publisher left: finish the chunked body so players see a clean end of stream.
        streamEnded = true;
        closeReason = reason;
        res.end();
      },
    };
    res.on('error', (err) => log.debug(`reader ${id}: response error: ${err.message}`));
    res.once('close', () => {
      reader.close();
      log.info(`reader ${id} from ${target.ip} of "${target.pathName}" closed: ${closeReason} (${reader.bytesSent} bytes sent)`);
    });
    // The header and the cached GOP are written synchronously by subscribe(): cork so they
    // leave in as few packets as possible, with the response head.
    res.cork();
    try {
      const sub = reader.subscribe({ format, sink });
      res.on('drain', () => sub.resume());
    } finally {
      process.nextTick(() => res.uncork());
    }
  }

  return { serve };
}

/** End the response gracefully, but never keep a socket that does not drain past the timeout. */
function finishOrDestroy(res: ServerResponse, timeoutMs: number): void {
  if (!res.writableEnded) res.end();
  if (res.writableFinished || res.destroyed) return;
  const timer = setTimeout(() => res.destroy(), timeoutMs);
  timer.unref();
  res.once('close', () => clearTimeout(timer));
}
