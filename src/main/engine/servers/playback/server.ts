// The playback server (playback, playbackAddress, default :9996), MediaMTX's API for recordings:
//   GET /list?path=P[&start=T&end=T]  → [{ start, duration, url }]: spans of contiguous segments
//   GET /get?path=P&start=T&duration=S[&format=fmp4|mp4] → the span as one file a <video> plays
// Credentials: Basic auth or ?user=&pass=, checked against the `playback` action of
// authInternalUsers. Only fMP4 recordings can be served (as in MediaMTX).
import type http from 'node:http';
import type { Config } from '../../../../shared/config';
import { findPathConf } from '../../../../shared/config';
import { authorizeInternal } from '../../core';
import type { Logger } from '../../log/logger';
import { findSegments, recordFormatOf } from '../../record';
import { basicCredentials, clientIp } from '../api/http-util';
import { answerPreflight, applyMediaCors } from '../http-media/cors';
import { openHttpListener } from '../http-listener';
import { listenerTls } from '../tls';
import type { RunningServer } from '../listen';
import { listRecordingSpans } from './list';
import { RecordingSpan } from './span';
import { writeFmp4, writeMp4 } from './writers';

/** What the server needs from the engine (the Engine itself in production). */
export interface PlaybackHost {
  readonly config: Config;
}

class PlaybackError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function parseTime(raw: string | null, what: string): number {
  const ms = raw ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw new PlaybackError(400, `invalid ${what}: "${raw ?? ''}" (RFC 3339 time expected)`);
  return ms;
}

/** MediaMTX accepts seconds ("12.5") and Go durations ("1m30s"). */
function parseSeconds(raw: string | null): number {
  if (raw && /^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const m = raw ? /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(raw) : null;
  if (!raw || !m || !(m[1] || m[2] || m[3])) throw new PlaybackError(400, `invalid duration: "${raw ?? ''}"`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function createPlaybackHandler(host: PlaybackHost, log: Logger) {
  const authorize = (req: http.IncomingMessage, url: URL, pathName: string): void => {
    const creds = basicCredentials(req) ?? { user: url.searchParams.get('user') ?? '', pass: url.searchParams.get('pass') ?? '' };
    const ip = clientIp(req);
    if (!authorizeInternal(host.config, { action: 'playback', path: pathName, user: creds.user, pass: creds.pass, ip })) {
      log.warn(`playback of "${pathName}" refused for ${creds.user ? `user "${creds.user}"` : 'anonymous user'} from ${ip}`);
      throw new PlaybackError(401, 'authentication error');
    }
  };

  const pathSegments = async (pathName: string) => {
    const found = findPathConf(host.config, pathName);
    if (!found.ok) throw new PlaybackError(404, found.message);
    if (recordFormatOf(found.conf) !== 'fmp4') throw new PlaybackError(400, 'MPEG-TS recordings cannot be played back; set recordFormat: fmp4');
    const segs = await findSegments(host.config, pathName);
    if (segs.length === 0) throw new PlaybackError(404, 'no recording segments found');
    return segs;
  };

  const onList = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const pathName = url.searchParams.get('path') ?? '';
    authorize(req, url, pathName);
    const start = url.searchParams.has('start') ? parseTime(url.searchParams.get('start'), 'start') : -Infinity;
    const end = url.searchParams.has('end') ? parseTime(url.searchParams.get('end'), 'end') : Infinity;
    const spans = await listRecordingSpans(await pathSegments(pathName), start, end);
    const base = `http://${req.headers.host ?? 'localhost'}/get`;
    sendJson(res, 200, spans.map((s) => {
      const q = new URLSearchParams({ path: pathName, start: new Date(s.startMs).toISOString(), duration: String(s.durationS) });
      return { start: new Date(s.startMs).toISOString(), duration: s.durationS, url: `${base}?${q}` };
    }));
  };

  const onGet = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const pathName = url.searchParams.get('path') ?? '';
    authorize(req, url, pathName);
    const start = parseTime(url.searchParams.get('start'), 'start');
    const durationS = parseSeconds(url.searchParams.get('duration'));
    const format = url.searchParams.get('format') || 'fmp4';
    if (format !== 'fmp4' && format !== 'mp4') throw new PlaybackError(400, `invalid format: ${format}`);
    const span = await RecordingSpan.open(await pathSegments(pathName), start, durationS * 1000);
    if (!span) throw new PlaybackError(404, 'no recording segments found in the requested span');
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'none' });
    const write = async (buf: Buffer): Promise<boolean> => {
      if (res.destroyed) return false;
      if (!res.write(buf)) await Promise.race([new Promise((r) => res.once('drain', r)), closed]);
      return !res.destroyed;
    };
    try {
      if (format === 'mp4') await writeMp4(span, write);
      else await writeFmp4(span, write);
    } catch (err) {
      // Headers are out: all that is left is to cut the response and say why in the log.
      log.error(`playback of "${pathName}": ${(err as Error).message}`);
      res.destroy();
      return;
    }
    res.end();
  };

  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origins = host.config.playbackAllowOrigins ?? ['*'];
    if (req.method === 'OPTIONS') return answerPreflight(req, res, origins);
    applyMediaCors(req, res, origins);
    try {
      if (req.method !== 'GET') throw new PlaybackError(405, `method ${req.method} not allowed`);
      if (url.pathname === '/list') return await onList(req, res, url);
      if (url.pathname === '/get') return await onGet(req, res, url);
      throw new PlaybackError(404, 'not found');
    } catch (err) {
      if (!(err instanceof PlaybackError)) throw err;
      if (err.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="relaybox"');
      sendJson(res, err.status, { error: err.message });
    }
  };
}

export function openPlaybackServer(host: PlaybackHost, bindHost: string, port: number, log: Logger): Promise<RunningServer> {
  return openHttpListener({ host: bindHost, port, log, handle: createPlaybackHandler(host, log), tls: listenerTls(host.config, 'playback') });
}
