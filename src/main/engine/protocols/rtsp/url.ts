// rtsp:// and rtsps:// URLs (RFC 2326 §3.2, RFC 7826 §18): credentials in userinfo, the path that
// names a stream, and the control suffixes clients append for SETUP.
import { RtspError } from './errors';

export interface RtspUrl {
  scheme: 'rtsp' | 'rtsps';
  /** Host name or IP; IPv6 without brackets. */
  host: string;
  /** Default 554 for rtsp, 322 for rtsps (RFC 7826 §18). */
  port: number;
  /** Percent-decoded userinfo, when present. */
  user?: string;
  pass?: string;
  /** Path as sent (still percent-encoded), without the leading `/`. */
  path: string;
  /** Query without `?`, or '' when absent. */
  query: string;
}

const RTSP_URL = /^(rtsps?):\/\/(?:([^@/?#]*)@)?(\[[0-9A-Fa-f:.]+\]|[^:/?#[\]@]*)(?::(\d{1,5}))?(\/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$/i;

function decode(s: string, url: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new RtspError('BAD_URL', `"${redact(url)}": bad percent-encoding in credentials`);
  }
}

/** The URL with any password replaced, for error messages and logs. */
export function redact(url: string): string {
  return url.replace(/^(rtsps?:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

export function parseRtspUrl(url: string): RtspUrl {
  // Passwords with an unencoded '@' are common in hand-typed URLs: the last '@' before the
  // path ends the userinfo (as browsers and FFmpeg read it).
  const schemeEnd = url.indexOf('://');
  let rest = url;
  let userinfo: string | undefined;
  if (schemeEnd > 0) {
    const authorityEnd = url.slice(schemeEnd + 3).search(/[/?#]/);
    const authority = authorityEnd < 0 ? url.slice(schemeEnd + 3) : url.slice(schemeEnd + 3, schemeEnd + 3 + authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      userinfo = authority.slice(0, at);
      rest = url.slice(0, schemeEnd + 3) + url.slice(schemeEnd + 3 + at + 1);
    }
  }
  const m = RTSP_URL.exec(rest);
  if (!m || m[3] === '') throw new RtspError('BAD_URL', `"${redact(url).slice(0, 200)}" is not an rtsp:// or rtsps:// URL`);
  const scheme = m[1].toLowerCase() as 'rtsp' | 'rtsps';
  const port = m[4] === undefined ? (scheme === 'rtsps' ? 322 : 554) : Number(m[4]);
  if (port < 1 || port > 65535) throw new RtspError('BAD_URL', `"${redact(url)}": port ${port} is out of range`);
  const out: RtspUrl = { scheme, host: m[3].replace(/^\[(.*)\]$/, '$1'), port, path: (m[5] ?? '').replace(/^\//, ''), query: m[6] ?? '' };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    out.user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), url);
    out.pass = colon < 0 ? '' : decode(userinfo.slice(colon + 1), url);
  }
  return out;
}

/** Control suffixes servers put in a=control and clients append to the stream URL for SETUP. */
const CONTROL_SUFFIX = /\/?(?:trackID|streamid|track|stream)=\d{1,5}\/?$/i;

export interface RtspStreamTarget {
  /** The stream's path name (`live/cam1`): no leading or trailing `/`, no control suffix. */
  path: string;
  query: string;
  /** The control suffix (`trackID=1`), when the URL had one. */
  control?: string;
}

/**
 * Maps a request URL back to the stream path. Handles what clients actually send: FFmpeg appends
 * the control to a URL that has a query (`/cam1?token=x/streamid=0`), GStreamer and FFmpeg add a
 * trailing `/` for aggregate PLAY (`/cam1/`).
 */
export function streamTargetOf(url: string): RtspStreamTarget {
  const u = parseRtspUrl(url);
  let pathAndQuery = u.query === '' ? u.path : `${u.path}?${u.query}`;
  let control: string | undefined;
  const m = CONTROL_SUFFIX.exec(pathAndQuery);
  if (m) {
    control = m[0].replace(/^\/|\/$/g, '');
    pathAndQuery = pathAndQuery.slice(0, m.index);
  }
  const q = pathAndQuery.indexOf('?');
  const path = (q < 0 ? pathAndQuery : pathAndQuery.slice(0, q)).replace(/^\/+|\/+$/g, '');
  const query = q < 0 ? '' : pathAndQuery.slice(q + 1).replace(/\/+$/, '');
  return control === undefined ? { path, query } : { path, query, control };
}

/**
 * Resolves an SDP a=control value against the base URL (RFC 2326 §C.1.1). Absolute URLs stand;
 * `*` means the base itself; anything else is appended with one `/`, the way FFmpeg, GStreamer
 * and cameras do it (strict RFC 3986 resolution would drop the base's last segment, which no
 * server expects).
 */
export function resolveControlUrl(control: string | undefined, base: string): string {
  if (control === undefined || control === '' || control === '*') return base;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(control)) return control;
  if (control.startsWith('?')) return base + control;
  return base.endsWith('/') ? base + control.replace(/^\/+/, '') : `${base}/${control.replace(/^\/+/, '')}`;
}
