// Errors of the RTSP client, written for the person reading /v3/paths lastError or the log:
// who refused what, where, and what to check. Never contains credentials (the address is
// host:port only).
import type { RtspResponse } from '../../protocols/rtsp/response';

/** What the client is used for: named in every message ("RTSP source: …", "RTSP forward: …"). */
export type RtspClientRole = 'source' | 'forward';

export class RtspClientError extends Error {
  override readonly name = 'RtspClientError';
  constructor(
    message: string,
    /** The RTSP status that caused it, when a server answered. */
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export function roleLabel(role: RtspClientRole): string {
  return role === 'source' ? 'RTSP source' : 'RTSP forward';
}

function urlName(role: RtspClientRole): string {
  return role === 'source' ? 'source URL' : 'forward destination URL';
}

/** What a user can do about a refusal (RFC 2326 §7.1.1 codes clients actually meet). */
function hint(role: RtspClientRole, code: number, method: string): string {
  switch (code) {
    case 401:
    case 403:
      return `check the user and password in the ${urlName(role)}`;
    case 404:
      return `check the path in the ${urlName(role)}`;
    case 415:
      return `the server cannot take these codecs (answer to ${method})`;
    case 454:
      return 'the server lost the session';
    case 461:
      return role === 'source' ? 'the server refused the transport; try another rtspTransport' : 'the server refused the transport';
    default:
      return `answer to ${method}`;
  }
}

/** `RTSP source: 401 Unauthorized from 127.0.0.1:8554 (check the user and password in the source URL)` */
export function statusError(role: RtspClientRole, where: string, method: string, res: Pick<RtspResponse, 'statusCode' | 'reason'>): RtspClientError {
  const reason = res.reason === '' ? '' : ` ${res.reason.slice(0, 80)}`;
  return new RtspClientError(`${roleLabel(role)}: ${res.statusCode}${reason} from ${where} (${hint(role, res.statusCode, method)})`, res.statusCode);
}

/** Any other failure: `RTSP source: cannot connect to 127.0.0.1:8554: ECONNREFUSED`. */
export function clientError(role: RtspClientRole, what: string): RtspClientError {
  return new RtspClientError(`${roleLabel(role)}: ${what}`);
}
