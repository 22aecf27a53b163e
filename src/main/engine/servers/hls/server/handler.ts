// HLS over HTTP on the media listener (DESIGN §3): `GET /PATH/index.m3u8` (multivariant playlist),
// `/PATH/stream.m3u8` (media playlist, LL-HLS blocking reload), and the muxer's init segment,
// segments and parts. One muxer per path serves every client (muxer.ts); each request is
// authenticated on its own (Basic or ?user=&pass=), as MediaMTX does.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnInfo } from '../../../../../shared/api';
import { parseDuration, parseSize, type Config } from '../../../../../shared/config';
import { checkCredentials } from '../../../core/auth';
import type { PathManager } from '../../../core/path-manager';
import type { PathFailure } from '../../../core/path-requests';
import type { Logger } from '../../../log/logger';
import { basicCredentials } from '../../api/http-util';
import { HlsMuxer } from '../muxer';
import { hlsJsSource, playerPageHtml, playerPageRequestOf, PLAYER_PAGE_CSP } from '../player-page';
import { mediaPlaylist, multivariantPlaylist, targetDurationS } from '../playlist';
import type { HlsVariant } from '../segmenter';

/** How long the first request waits for the first segment before answering 404 (MediaMTX: 10 s). */
const FIRST_SEGMENT_WAIT_MS = 10_000;
/** Upper bound of a blocking playlist reload or a preload-hinted part request. */
const MAX_BLOCK_MS = 10_000;

export type HlsFile =
  | { kind: 'multivariant' }
  | { kind: 'media' }
  | { kind: 'init'; prefix: string }
  | { kind: 'segment'; prefix: string; msn: number }
  | { kind: 'part'; prefix: string; id: number };

const FILE_PATTERNS: [RegExp, (m: RegExpExecArray) => HlsFile][] = [
  [/^index\.m3u8$/, () => ({ kind: 'multivariant' })],
  [/^stream\.m3u8$/, () => ({ kind: 'media' })],
  [/^([0-9a-f]{8})_init\.mp4$/, (m) => ({ kind: 'init', prefix: m[1] })],
  [/^([0-9a-f]{8})_seg(\d{1,12})\.(?:ts|mp4)$/, (m) => ({ kind: 'segment', prefix: m[1], msn: Number(m[2]) })],
  [/^([0-9a-f]{8})_part(\d{1,12})\.mp4$/, (m) => ({ kind: 'part', prefix: m[1], id: Number(m[2]) })],
];

/** "/live/cam1/index.m3u8" → { pathName: "live/cam1", file }; null when not an HLS URL. */
export function hlsRequestOf(urlPath: string): { pathName: string; file: HlsFile } | null {
  const slash = urlPath.lastIndexOf('/');
  if (slash <= 1 || !urlPath.startsWith('/')) return null;
  const base = urlPath.slice(slash + 1);
  for (const [re, make] of FILE_PATTERNS) {
    const m = re.exec(base);
    if (m) return { pathName: urlPath.slice(1, slash), file: make(m) };
  }
  return null;
}

export interface HlsRequest {
  pathName: string;
  query: string;
  ip: string;
}

export interface HlsHandlerOptions {
  /** `on` is needed for hlsAlwaysRemux only (muxers start when a path becomes ready). */
  paths: Pick<PathManager, 'addReader' | 'findPathConf'> & Partial<Pick<PathManager, 'on'>>;
  /** Read per request, so hot-reloaded settings apply to the next muxer / request. */
  config(): Config;
  log: Logger;
}

export interface HlsHandler {
  serve(req: IncomingMessage, res: ServerResponse, target: HlsRequest): Promise<void>;
  /** The player page (`/PATH/`), its redirect (`/PATH`) and script (`/PATH/hls.min.js`). */
  servePage(req: IncomingMessage, res: ServerResponse, target: HlsRequest): Promise<void>;
  /** /v3/hlsmuxers/list (MediaMTX fields). */
  list(): ConnInfo[];
  close(): void;
}

interface MuxerSettings {
  variant: HlsVariant;
  segmentDurationS: number;
  partDurationS: number;
  segmentCount: number;
  segmentMaxSize: number;
  closeAfterMs: number;
}

function settingsOf(config: Config): MuxerSettings {
  const ms = (v: string | undefined, dflt: number) => {
    try {
      return v ? parseDuration(v) : dflt;
    } catch {
      return dflt;
    }
  };
  let segmentMaxSize = 50_000_000;
  try {
    if (config.hlsSegmentMaxSize) segmentMaxSize = parseSize(config.hlsSegmentMaxSize);
  } catch {
    /* keep the default */
  }
  return {
    variant: (config.hlsVariant as HlsVariant | undefined) ?? 'lowLatency',
    segmentDurationS: ms(config.hlsSegmentDuration, 1000) / 1000,
    partDurationS: ms(config.hlsPartDuration, 200) / 1000,
    segmentCount: Math.max(3, config.hlsSegmentCount ?? 7),
    segmentMaxSize,
    closeAfterMs: config.hlsAlwaysRemux ? 0 : ms(config.hlsMuxerCloseAfter, 60_000),
  };
}

function failureStatus(code: PathFailure['code']): number {
  if (code === 'unauthorized' || code === 'forbidden') return 401;
  return code === 'maxReaders' ? 503 : 404;
}

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="relaybox"' };

/** The query without LL-HLS directives, to repeat on the URIs of a playlist. */
function queryForUris(query: string): string {
  if (!query) return '';
  const params = new URLSearchParams(query);
  for (const k of [...params.keys()]) if (k.startsWith('_HLS_')) params.delete(k);
  return params.toString();
}

export function createHlsHandler(opts: HlsHandlerOptions): HlsHandler {
  const { paths, log } = opts;
  const muxers = new Map<string, HlsMuxer>();
  const starting = new Map<string, Promise<HlsMuxer | PathFailure>>();
  let closed = false;

  function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number>, muxer?: HlsMuxer, head = false): void {
    const len = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    res.writeHead(status, { 'Content-Length': len, ...headers });
    res.end(head ? undefined : body);
    if (muxer && !head) muxer.bytesSent += len;
  }

  function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    send(res, status, `${text}\n`, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  }

  async function startMuxer(target: HlsRequest, user: string, pass: string, internal: boolean): Promise<HlsMuxer | PathFailure> {
    const settings = settingsOf(opts.config());
    const id = randomUUID();
    let muxer: HlsMuxer | undefined;
    const result = await paths.addReader({
      path: target.pathName,
      query: target.query,
      ip: target.ip,
      user: user || undefined,
      pass: pass || undefined,
      // hlsAlwaysRemux: the server itself reads, before any client asked.
      protocol: internal ? 'internal' : 'hls',
      type: 'hlsMuxer',
      id,
      session: { close: (reason) => muxer?.close(reason) },
    });
    if (!result.ok) return result;
    if (closed) {
      result.reader.close();
      return { ok: false, code: 'notFound', message: 'server is shutting down' };
    }
    try {
      muxer = new HlsMuxer(result.reader, {
        ...settings,
        id,
        pathName: target.pathName,
        log,
        onClose: (m) => {
          if (muxers.get(target.pathName) === m) muxers.delete(target.pathName);
        },
      });
    } catch (err) {
      result.reader.close();
      return { ok: false, code: 'notReady', message: `cannot serve "${target.pathName}" over HLS: ${(err as Error).message}` };
    }
    muxers.set(target.pathName, muxer);
    return muxer;
  }

  async function muxerFor(target: HlsRequest, user: string, pass: string, internal = false): Promise<HlsMuxer | PathFailure> {
    const existing = muxers.get(target.pathName);
    if (existing && !existing.closed) return existing;
    let pending = starting.get(target.pathName);
    if (!pending) {
      pending = startMuxer(target, user, pass, internal).finally(() => starting.delete(target.pathName));
      starting.set(target.pathName, pending);
    }
    return pending;
  }

  /** Every request is checked, not only the one that started the muxer. null: answered (404/401). */
  function authorize(req: IncomingMessage, res: ServerResponse, target: HlsRequest, config: Config): { user: string; pass: string } | null {
    const fromQuery = new URLSearchParams(target.query);
    const creds = basicCredentials(req) ?? { user: fromQuery.get('user') ?? '', pass: fromQuery.get('pass') ?? '' };
    const found = paths.findPathConf(target.pathName);
    if (!found.ok) {
      sendText(res, 404, found.message);
      return null;
    }
    const auth = checkCredentials(config, found.conf, { action: 'read', path: target.pathName, user: creds.user || undefined, pass: creds.pass || undefined, ip: target.ip });
    if (!auth.ok) {
      // The core's refusals log the user and address, never the password; so does this one.
      if (creds.user || creds.pass) log.warn(`read "${target.pathName}" refused for user ${JSON.stringify(creds.user)} from ${target.ip}: ${auth.reason}`);
      sendText(res, 401, 'authentication failed', CHALLENGE);
      return null;
    }
    return creds;
  }

  async function servePage(req: IncomingMessage, res: ServerResponse, target: HlsRequest): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'the player page is read with GET', { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    const head = req.method === 'HEAD';
    let file: ReturnType<typeof playerPageRequestOf> = null;
    try {
      file = playerPageRequestOf(decodeURIComponent((req.url ?? '').split('?')[0]));
    } catch {
      /* answered below */
    }
    if (!file) {
      sendText(res, 404, 'not found');
      return;
    }
    if (file.file === 'script') {
      // The same bytes for every path: nothing secret, no authentication.
      const js = await hlsJsSource();
      if (!js) sendText(res, 404, 'hls.js is not installed');
      else send(res, 200, js, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=86400' }, undefined, head);
      return;
    }
    if (!paths.findPathConf(target.pathName).ok) {
      sendText(res, 404, 'not found');
      return;
    }
    if (file.file === 'redirect') {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const rawPath = q === -1 ? url : url.slice(0, q);
      // Relative ("cam1/?…"), so proxies that add a prefix keep working.
      send(res, 301, '', { Location: `${rawPath.slice(rawPath.lastIndexOf('/') + 1)}/${q === -1 ? '' : url.slice(q)}` });
      return;
    }
    if (!authorize(req, res, target, opts.config())) return;
    send(res, 200, playerPageHtml(target.pathName), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Security-Policy': PLAYER_PAGE_CSP }, undefined, head);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, target: HlsRequest): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'HLS is read with GET', { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    const head = req.method === 'HEAD';
    let parsed: ReturnType<typeof hlsRequestOf> = null;
    try {
      parsed = hlsRequestOf(decodeURIComponent((req.url ?? '').split('?')[0]));
    } catch {
      /* answered below */
    }
    if (!parsed) {
      sendText(res, 404, 'not found');
      return;
    }
    const { file } = parsed;
    const config = opts.config();
    const fromQuery = new URLSearchParams(target.query);
    const creds = authorize(req, res, target, config);
    if (!creds) return;

    let gone = false;
    res.once('close', () => {
      gone = true;
    });
    const got = await muxerFor(target, creds.user, creds.pass);
    if (gone) return;
    if (!(got instanceof HlsMuxer)) {
      const status = failureStatus(got.code);
      sendText(res, status, got.message, status === 401 ? CHALLENGE : {});
      return;
    }
    const muxer = got;
    muxer.touch();
    const seg = muxer.segmenter;
    const settings = settingsOf(config);
    const prefix = muxer.id.slice(0, 8);
    const query = queryForUris(target.query);
    const playlistHeaders = { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-cache' };
    // A segment's bytes never change under its (muxer-unique) name.
    const mediaHeaders = (type: string) => ({ 'Content-Type': type, 'Cache-Control': 'max-age=3600, immutable' });

    if (file.kind === 'multivariant' || file.kind === 'media') {
      const lowLatency = seg.variant === 'lowLatency';
      // A blocking reload (draft-pantos-hls-rfc8216bis §6.2.5.2) waits for exactly what it asks
      // for, so `_HLS_msn=0&_HLS_part=0` is answered as soon as the first part exists (~1 part
      // after publish), before any segment is complete.
      const blocking = lowLatency && file.kind === 'media' && fromQuery.has('_HLS_msn');
      if (!blocking) {
        // MediaMTX: the first request waits for the first segment rather than failing. A plain
        // media playlist must list a complete segment: hls.js rejects one with parts only
        // (LEVEL_EMPTY_ERROR, retried a second later) and FFmpeg gives up ("Empty segment").
        // The multivariant playlist lists no media, so for LL-HLS the first part is enough.
        const first = lowLatency && file.kind === 'multivariant' ? () => seg.segments.length > 0 || seg.currentParts.length > 0 : () => seg.segments.length > 0;
        const ready = await muxer.waitUntil(first, FIRST_SEGMENT_WAIT_MS);
        if (gone) return;
        if (!ready) {
          sendText(res, 404, `no segment of "${target.pathName}" is ready yet`);
          return;
        }
      }
      if (file.kind === 'multivariant') {
        send(res, 200, multivariantPlaylist(seg, query), playlistHeaders, muxer, head);
        return;
      }
      if (blocking) {
        const blocked = await blockingReload(muxer, fromQuery, settings);
        if (gone) return;
        if (blocked === 'bad') {
          sendText(res, 400, 'bad _HLS_msn/_HLS_part: too far ahead of the live edge or malformed');
          return;
        }
        if (seg.segments.length === 0 && seg.currentParts.length === 0) {
          sendText(res, 404, `no part of "${target.pathName}" is ready yet`);
          return;
        }
      }
      send(res, 200, mediaPlaylist(seg, { prefix, segmentDurationS: settings.segmentDurationS, partDurationS: settings.partDurationS, query }), playlistHeaders, muxer, head);
      return;
    }

    if (file.prefix !== prefix) {
      sendText(res, 404, 'segment not found (the stream was restarted)');
      return;
    }
    const blockMs = Math.min(MAX_BLOCK_MS, 3000 * targetDurationS(seg, settings.segmentDurationS));
    if (file.kind === 'init') {
      if (!seg.init) sendText(res, 404, 'this variant has no init segment');
      else send(res, 200, seg.init, mediaHeaders('video/mp4'), muxer, head);
      return;
    }
    if (file.kind === 'segment') {
      // The segment being written may be asked for just before it completes.
      if (file.msn === seg.currentMsn) await muxer.waitUntil(() => seg.findSegment(file.msn) !== undefined, blockMs);
      if (gone) return;
      const s = seg.findSegment(file.msn);
      if (!s) sendText(res, 404, 'segment not found');
      else send(res, 200, s.data, mediaHeaders(seg.variant === 'mpegts' ? 'video/mp2t' : 'video/mp4'), muxer, head);
      return;
    }
    // draft-pantos-hls-rfc8216bis §6.2.6: a request for the preload-hinted part is held until it exists.
    if (file.id === seg.upcomingPartId) await muxer.waitUntil(() => seg.findPart(file.id) !== undefined, blockMs);
    if (gone) return;
    const p = seg.findPart(file.id);
    if (!p) sendText(res, 404, 'part not found');
    else send(res, 200, p.data, mediaHeaders('video/mp4'), muxer, head);
  }

  /**
   * draft-pantos-hls-rfc8216bis §6.2.5.2: hold the playlist until it holds part M of segment N
   * (or segment N when no part is asked), or answer 400 for a request too far ahead.
   */
  async function blockingReload(muxer: HlsMuxer, q: URLSearchParams, settings: MuxerSettings): Promise<'ok' | 'bad'> {
    const seg = muxer.segmenter;
    const msn = Number(q.get('_HLS_msn'));
    const partRaw = q.get('_HLS_part');
    const part = partRaw === null ? undefined : Number(partRaw);
    if (!Number.isSafeInteger(msn) || msn < 0 || (part !== undefined && (!Number.isSafeInteger(part) || part < 0))) return 'bad';
    const lastComplete = seg.currentMsn - 1;
    if (msn > lastComplete + 2) return 'bad';
    // Advance Part Limit: 3 / PART-TARGET parts when the part target is under one second.
    const partTarget = Math.max(settings.partDurationS, seg.maxPartDurationS);
    const advanceParts = partTarget < 1 ? Math.ceil(3 / partTarget) : 3;
    if (part !== undefined && msn === seg.currentMsn && part >= seg.currentParts.length + advanceParts) return 'bad';
    const ready = () => msn < seg.currentMsn || (part !== undefined && msn === seg.currentMsn && seg.currentParts.length > part);
    // Clients give up after three target durations (§6.2.5.2); answer the current playlist then.
    await muxer.waitUntil(ready, Math.min(MAX_BLOCK_MS, 3000 * targetDurationS(seg, settings.segmentDurationS)));
    return 'ok';
  }

  const offReady = paths.on?.('pathReady', (info) => {
    if (closed || !opts.config().hlsAlwaysRemux) return;
    // After the publisher's setTracks() has returned and the stream is in place.
    setImmediate(() => {
      if (closed) return;
      void muxerFor({ pathName: info.name, query: '', ip: '127.0.0.1' }, '', '', true).then((r) => {
        if (!(r instanceof HlsMuxer)) log.warn(`hlsAlwaysRemux: cannot start the muxer of "${info.name}": ${r.message}`);
      });
    });
  });

  function list(): ConnInfo[] {
    // MediaMTX names HLS muxers by their path (/v3/hlsmuxers/get/{name}).
    return [...muxers.values()].map((m) => ({
      id: m.pathName,
      sessionId: m.id,
      name: m.pathName,
      path: m.pathName,
      created: m.created.toISOString(),
      lastRequest: m.lastRequest.toISOString(),
      bytesSent: m.bytesSent,
      outboundBytes: m.bytesSent,
    }));
  }

  function close(): void {
    closed = true;
    offReady?.();
    for (const m of [...muxers.values()]) m.close('server is shutting down');
    muxers.clear();
  }

  return { serve, servePage, list, close };
}
