// RTSP requests (RFC 2326 §6): the value type, its serializer, and a one-shot parser.
import { RtspError } from './errors';
import { RtspHeaderMap } from './header-map';
import { serializeMessage, type RtspVersion } from './message-head';
import { RtspMessageReader } from './message-reader';

export type RtspMethod =
  | 'OPTIONS' | 'DESCRIBE' | 'ANNOUNCE' | 'SETUP' | 'PLAY' | 'PAUSE' | 'RECORD' | 'TEARDOWN'
  | 'GET_PARAMETER' | 'SET_PARAMETER' | 'REDIRECT';

export interface RtspRequest {
  /** Case-sensitive (§6.1); kept as sent, so unknown methods can be answered with 501. */
  method: string;
  url: string;
  headers: RtspHeaderMap;
  /** Empty when the request has no Content-Length. */
  body: Buffer;
  /** RTSP/1.0 unless the peer said otherwise. */
  version?: RtspVersion;
}

export function rtspRequest(
  method: string,
  url: string,
  headers: Record<string, string> | Iterable<readonly [string, string]> = {},
  body: Buffer | string = Buffer.alloc(0),
): RtspRequest {
  return { method, url, headers: new RtspHeaderMap(headers), body: typeof body === 'string' ? Buffer.from(body) : body };
}

/** Wire bytes; Content-Length is written from the body (any given value is replaced). */
export function serializeRequest(request: RtspRequest): Buffer {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(request.method) || /[\s]/.test(request.url) || request.url === '') {
    throw new RtspError('BAD_START_LINE', `cannot serialize request line "${request.method} ${request.url}"`);
  }
  return serializeMessage(`${request.method} ${request.url} ${request.version ?? 'RTSP/1.0'}`, request.headers, request.body);
}

/** Parses exactly one complete request. */
export function parseRequest(bytes: Buffer): RtspRequest {
  const items = new RtspMessageReader().feedAll(bytes);
  if (items.length !== 1 || items[0].kind !== 'request') {
    throw new RtspError('INCOMPLETE', `expected one complete request, got ${items.map((i) => i.kind).join(', ') || 'nothing'}`);
  }
  return items[0].request;
}
