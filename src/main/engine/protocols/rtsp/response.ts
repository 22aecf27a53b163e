// RTSP responses (RFC 2326 §7): the value type, its serializer, and a one-shot parser.
import { RtspError } from './errors';
import { RtspHeaderMap } from './header-map';
import { serializeMessage, type RtspVersion } from './message-head';
import { RtspMessageReader } from './message-reader';
import { rtspReason } from './status-codes';

export interface RtspResponse {
  statusCode: number;
  reason: string;
  headers: RtspHeaderMap;
  body: Buffer;
  version?: RtspVersion;
}

/** A response with the standard reason for `statusCode`. */
export function rtspResponse(
  statusCode: number,
  headers: Record<string, string> | Iterable<readonly [string, string]> = {},
  body: Buffer | string = Buffer.alloc(0),
): RtspResponse {
  return { statusCode, reason: rtspReason(statusCode), headers: new RtspHeaderMap(headers), body: typeof body === 'string' ? Buffer.from(body) : body };
}

export function serializeResponse(response: RtspResponse): Buffer {
  const { statusCode, reason } = response;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999 || /[\r\n]/.test(reason)) {
    throw new RtspError('BAD_START_LINE', `cannot serialize status line "${statusCode} ${reason}"`);
  }
  const line = `${response.version ?? 'RTSP/1.0'} ${statusCode}${reason === '' ? '' : ' ' + reason}`;
  return serializeMessage(line, response.headers, response.body);
}

/** Parses exactly one complete response. */
export function parseResponse(bytes: Buffer): RtspResponse {
  const items = new RtspMessageReader().feedAll(bytes);
  if (items.length !== 1 || items[0].kind !== 'response') {
    throw new RtspError('INCOMPLETE', `expected one complete response, got ${items.map((i) => i.kind).join(', ') || 'nothing'}`);
  }
  return items[0].response;
}
