// The WebRTC HTTP listener on webrtcAddress (default :8889): WHEP playback and WHIP ingest
// (RFC 9725: POST offer → 201 answer + Location; DELETE the session URL ends it), CORS, the ICE
// servers as Link headers (§4.6), the player page at /PATH and the publish page at /PATH/publish. Media goes over werift's own UDP
// sockets (whep-session.ts, whip-session.ts).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { ConnInfo, ConnKind } from '../../../../shared/api';
import type { Config } from '../../../../shared/config';
import { parseDurationOr } from '../../../../shared/config';
import type { PathManager } from '../../core/path-manager';
import type { ConnEvent } from '../../engine';
import type { PathFailure } from '../../core/path-requests';
import type { Logger } from '../../log/logger';
import { mediaClientIp } from '../http-media/client-ip';
import { applyMediaCors } from '../http-media/cors';
import { parseRequestTarget } from '../http-media/server';
import type { RunningServer } from '../listen';
import { openHttpListener } from '../http-listener';
import { listenerTls } from '../tls';
import { httpCredentials } from './credentials';
import { checkOfferOutline } from './offer-codecs';
import { OpusTranscoderPool } from './opus-transcoder-pool';
import { NoCandidatesError } from './peer';
import { peerNetworkOf } from './peer-network';
import { PeerWorkerPool } from './peer-worker-pool';
import { publishPageHtml, PUBLISH_PAGE_CSP } from './publish-page';
import { readPageHtml, READ_PAGE_CSP } from './read-page';
import { routeOf } from './routes';
import { WhepSession } from './whep-session';
import { WhipSession } from './whip-session';
import { httpRedirectLocation } from '../../core/redirect';

/** What the listener needs from the engine (the Engine itself in production). */
export interface WebrtcHost {
  readonly paths: Pick<PathManager, 'addReader' | 'addPublisher'> & Partial<Pick<PathManager, 'redirectFor'>>;
  /** Read per request, so hot-reloaded settings apply to the next session. */
  readonly config: Config;
  registerConnList?(kind: ConnKind, provider: { list(): ConnInfo[]; kick?(id: string): boolean }): () => void;
  /** runOnConnect/runOnDisconnect follow sessions through this (engine.connEvent). */
  connEvent?(e: ConnEvent): void;
}

/** An SDP offer is a few kB; anything past this is not one. */
const MAX_OFFER_BYTES = 64 * 1024;

class HttpFailure extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** DESIGN §3 / path-requests.ts: how each refusal is answered over HTTP. */
function failureStatus(code: PathFailure['code']): number {
  if (code === 'unauthorized' || code === 'forbidden') return 401;
  if (code === 'busy') return 400;
  if (code === 'maxReaders') return 503;
  return 404;
}

/** RFC 9725 §4.6 / RFC 8288: one `<url>; rel="ice-server"` per configured STUN/TURN server. */
export function iceServerLinks(config: Config): string[] {
  return (config.webrtcICEServers2 ?? []).map((s) => {
    let link = `<${s.url}>; rel="ice-server"`;
    if (s.username) link += `; username="${s.username.replace(/"/g, '')}"; credential="${(s.password ?? '').replace(/"/g, '')}"; credential-type="password"`;
    return link;
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_OFFER_BYTES) {
        reject(new HttpFailure(413, `the offer is larger than ${MAX_OFFER_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


export async function openWebrtcServer(host: WebrtcHost, bindHost: string, port: number, log: Logger): Promise<RunningServer> {
  const sessions = new Map<string, WhepSession | WhipSession>();
  const opusFromAac = new OpusTranscoderPool(log);
  // Viewer peers (ICE/DTLS/SRTP) in worker threads; threads start with the first viewer.
  const viewerPeers = new PeerWorkerPool(log);
  const unregister = host.registerConnList?.('webrtcsessions', {
    list: () => [...sessions.values()].map((s) => s.info()),
    kick: (id) => {
      const s = sessions.get(id);
      if (!s) return false;
      s.close('kicked through the API');
      return true;
    },
  });

  function corsHeaders(req: http.IncomingMessage, res: http.ServerResponse, config: Config): void {
    applyMediaCors(req, res, config.webrtcAllowOrigins);
    // Fetch §3.2.3: a page reads Location/Link/ETag only if the actual response exposes them.
    res.setHeader('Access-Control-Expose-Headers', 'Location, Link, ETag');
  }

  /** Who is asking: client address and credentials (credentials.ts: Bearer user:pass, Basic, or ?user=&pass=). */
  function requester(req: http.IncomingMessage, query: string, config: Config): { ip: string; user?: string; pass?: string } {
    const ip = mediaClientIp(req, config.webrtcTrustedProxies ?? []);
    const { user, pass } = httpCredentials(req, query);
    return { ip, user, pass };
  }

  function refuse(req: http.IncomingMessage, res: http.ServerResponse, code: Parameters<typeof failureStatus>[0], message: string): void {
    // Drain the unread offer so a keep-alive connection stays usable for the next request.
    req.resume();
    const status = failureStatus(code);
    sendText(res, status, `${message}\n`, status === 401 ? { 'WWW-Authenticate': 'Basic realm="relaybox"' } : {});
  }

  /** The SDP offer of a WHEP/WHIP POST, after the path and credentials were accepted. */
  async function readOffer(req: http.IncomingMessage): Promise<string> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/sdp') throw new HttpFailure(415, 'the offer must be sent as Content-Type: application/sdp');
    const offer = await readBody(req);
    checkOfferOutline(offer);
    return offer;
  }

  function sendAnswer(res: http.ServerResponse, answer: string, location: string, id: string, config: Config): void {
    const links = iceServerLinks(config);
    res.writeHead(201, {
      'Content-Type': 'application/sdp',
      'Content-Length': Buffer.byteLength(answer),
      Location: location,
      ETag: `"${id}"`,
      ...(links.length ? { Link: links.join(', ') } : {}),
    });
    res.end(answer);
  }

  function offerFailed(res: http.ServerResponse, err: unknown, what: string): void {
    if (err instanceof HttpFailure) {
      sendText(res, err.status, `${err.message}\n`, err.headers);
      return;
    }
    if (err instanceof NoCandidatesError) {
      log.warn(`${what} cannot be served: ${err.message}`);
      sendText(res, 503, `${err.message}\n`);
      return;
    }
    // OfferError, or werift rejecting SDP it cannot parse (it throws from setRemoteDescription).
    log.info(`${what} refused: ${(err as Error).message}`);
    sendText(res, 400, `bad SDP offer: ${(err as Error).message}\n`);
  }

  async function postWhep(req: http.IncomingMessage, res: http.ServerResponse, pathName: string, query: string, config: Config): Promise<void> {
    const who = requester(req, query, config);
    const id = randomUUID();
    // source: redirect / fallback to a local path (issue 8): 307 keeps the POST and its offer.
    const redirect = host.paths.redirectFor?.({ path: pathName, query, ...who, protocol: 'webrtc', id, session: { close: () => undefined } });
    const location = redirect ? httpRedirectLocation(redirect, pathName, `/${pathName}/whep`, query) : null;
    if (location) { req.resume(); res.writeHead(307, { Location: location, 'Content-Length': 0 }).end(); return; }
    let session: WhepSession | null = null;
    let closedEarly: string | null = null;
    // Path and credentials first: no SDP is looked at for a request we refuse (DESIGN §9).
    const result = await host.paths.addReader({
      path: pathName, query, ...who, protocol: 'webrtc', id,
      session: { close: (reason) => { if (session) session.close(reason); else closedEarly = reason; } },
    });
    if (!result.ok) return refuse(req, res, result.code, result.message);
    const { reader } = result;
    try {
      const offer = await readOffer(req);
      if (closedEarly) throw new HttpFailure(404, `the stream ended: ${closedEarly}`);
      const s = new WhepSession({
        id, remoteAddr: who.ip, pathName, reader, config, log: log.child('whep'), network: await peerNetworkOf(config, log),
        handshakeTimeoutMs: parseDurationOr(config.webrtcHandshakeTimeout, 10_000),
        idleTimeoutMs: parseDurationOr(config.readTimeout, 10_000),
        requestKeyframe: () => {
          let asked = false;
          for (const other of sessions.values()) {
            if (other instanceof WhipSession && other.info().path === pathName) { other.requestKeyframe(); asked = true; }
          }
          return asked;
        },
        onClosed: (x) => { sessions.delete(x.id); host.connEvent?.({ kind: 'webRTCSession', id: x.id, remoteAddr: who.ip, phase: 'close' }); },
        opusFromAac,
        peers: viewerPeers,
      });
      session = s;
      sessions.set(id, s);
      host.connEvent?.({ kind: 'webRTCSession', id, remoteAddr: who.ip, phase: 'open' });
      const answer = await s.answer(offer);
      if (s.state === 'closed') throw new HttpFailure(404, 'the session ended while answering');
      sendAnswer(res, answer, `/${pathName}/whep/${id}`, id, config);
    } catch (err) {
      req.resume();
      if (session) session.close('offer refused'); else reader.close();
      offerFailed(res, err, `WHEP offer from ${who.ip} for "${pathName}"`);
    }
  }

  async function postWhip(req: http.IncomingMessage, res: http.ServerResponse, pathName: string, query: string, config: Config): Promise<void> {
    const who = requester(req, query, config);
    const id = randomUUID();
    let session: WhipSession | null = null;
    let closedEarly: string | null = null;
    // Path and credentials first, as for WHEP.
    const result = await host.paths.addPublisher({
      path: pathName, query, ...who, protocol: 'webrtc', id,
      session: { close: (reason) => { if (session) session.close(reason); else closedEarly = reason; } },
    });
    if (!result.ok) return refuse(req, res, result.code, result.message);
    const { publisher } = result;
    try {
      const offer = await readOffer(req);
      if (closedEarly) throw new HttpFailure(409, `the publisher was replaced: ${closedEarly}`);
      const s = new WhipSession({
        id, remoteAddr: who.ip, pathName, publisher, config, log: log.child('whip'), network: await peerNetworkOf(config, log),
        handshakeTimeoutMs: parseDurationOr(config.webrtcHandshakeTimeout, 10_000),
        idleTimeoutMs: parseDurationOr(config.readTimeout, 10_000),
        onClosed: (x) => { sessions.delete(x.id); host.connEvent?.({ kind: 'webRTCSession', id: x.id, remoteAddr: who.ip, phase: 'close' }); },
      });
      session = s;
      sessions.set(id, s);
      host.connEvent?.({ kind: 'webRTCSession', id, remoteAddr: who.ip, phase: 'open' });
      const answer = await s.answer(offer);
      if (s.state === 'closed') throw new HttpFailure(409, 'the session ended while answering');
      sendAnswer(res, answer, `/${pathName}/whip/${id}`, id, config);
    } catch (err) {
      req.resume();
      if (session) session.close('offer refused'); else publisher.close('offer refused');
      offerFailed(res, err, `WHIP offer from ${who.ip} for "${pathName}"`);
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const config = host.config;
    corsHeaders(req, res, config);
    const target = parseRequestTarget(req.url ?? '');
    const route = target ? routeOf(target.urlPath) : null;
    if (!target || !route) {
      req.resume();
      sendText(res, 404, 'not found: WHEP is served at /PATH/whep\n');
      return;
    }
    // Only a WHEP/WHIP POST reads its body; the others drain it, so keep-alive connections stay in
    // sync (an unread body makes Node close the socket under the client's next request).
    if (!((route.kind === 'whep' || route.kind === 'whip') && req.method === 'POST')) req.resume();
    const links = iceServerLinks(config);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'OPTIONS, GET, POST, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match',
        'Access-Control-Max-Age': '600',
        ...(links.length ? { Link: links.join(', ') } : {}),
      });
      res.end();
      return;
    }
    switch (route.kind) {
      case 'whep':
        if (req.method !== 'POST') { sendText(res, 405, 'WHEP takes POST with an SDP offer\n', { Allow: 'OPTIONS, POST' }); return; }
        await postWhep(req, res, route.pathName, target.query, config);
        return;
      case 'whep-session':
      case 'whip-session': {
        const s = sessions.get(route.sessionId);
        const kind = route.kind === 'whep-session' ? WhepSession : WhipSession;
        if (!s || !(s instanceof kind) || s.info().path !== route.pathName) { sendText(res, 404, 'no such session\n'); return; }
        if (req.method === 'DELETE') { s.close('ended by the client (DELETE)'); sendText(res, 200, 'session ended\n'); return; }
        // RFC 9725 §4.3: trickle ICE and ICE restarts are optional; our answers carry every candidate.
        if (req.method === 'PATCH') { sendText(res, 405, 'trickle ICE and ICE restart are not supported; the answer carries all candidates\n', { Allow: 'OPTIONS, DELETE' }); return; }
        sendText(res, 405, 'a session URL takes DELETE\n', { Allow: 'OPTIONS, DELETE' });
        return;
      }
      case 'whip':
        if (req.method !== 'POST') { sendText(res, 405, 'WHIP takes POST with an SDP offer\n', { Allow: 'OPTIONS, POST' }); return; }
        await postWhip(req, res, route.pathName, target.query, config);
        return;
      case 'read-page':
      case 'publish-page': {
        if (req.method !== 'GET' && req.method !== 'HEAD') { sendText(res, 405, 'the page is read with GET\n', { Allow: 'GET, HEAD, OPTIONS' }); return; }
        // Whether the path exists and who may use it is decided by the WHEP/WHIP request the page makes.
        const read = route.kind === 'read-page';
        const html = read ? readPageHtml(route.pathName) : publishPageHtml(route.pathName);
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': Buffer.byteLength(html),
          'Content-Security-Policy': read ? READ_PAGE_CSP : PUBLISH_PAGE_CSP,
          'Cache-Control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : html);
        return;
      }
    }
  }

  const listener = await openHttpListener({
    host: bindHost, port, log, handle, tls: listenerTls(host.config, 'webrtc'),
    beforeClose() {
      unregister?.();
      for (const s of [...sessions.values()]) s.close('WebRTC listener closed');
    },
  });
  return {
    async close() {
      await listener.close();
      await viewerPeers.close();
      // The sessions released their transcoders; wait until every FFmpeg has exited.
      await opusFromAac.closeAll();
    },
  };
}
