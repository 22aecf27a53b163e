// Where readers of a path are sent instead of being served (MediaMTX `source: redirect` with
// `sourceRedirect`, and the older `fallback`). Protocols that can redirect do so: RTSP answers
// 302 with Location (RFC 2326 §11.3.3), HTTP (HLS, HTTP-FLV) 302 when the target is a local path.
// RTMP has no redirect for play: its readers get StreamNotFound as for any path without a stream.
import type { PathConf } from '../../../shared/config';

/**
 * The redirect target for a reader: "/otherpath" or an rtsp(s):// URL, or null to serve the path.
 * `source: redirect` always redirects; `fallback` only while the path has no stream.
 */
export function readerRedirect(conf: PathConf, ready: boolean): string | null {
  if (conf.source === 'redirect') return conf.sourceRedirect || null;
  if (!ready && conf.fallback) return conf.fallback;
  return null;
}

/** The Location for an RTSP client: local paths on the same server the client asked. */
export function rtspRedirectLocation(target: string, requestUrl: string): string {
  if (!target.startsWith('/')) return target;
  const u = new URL(requestUrl);
  return `${u.protocol}//${u.host}${target}`;
}

/**
 * The Location for an HTTP media request (`/cam/index.m3u8`, `/cam.flv`, `/cam`): the same
 * resource under the target path. Null when the target is not a local path (HTTP cannot send a
 * player to rtsp://).
 */
export function httpRedirectLocation(target: string, pathName: string, urlPath: string, query: string): string | null {
  if (!target.startsWith('/')) return null;
  const rest = urlPath.slice(1 + pathName.length);
  return `${target}${rest}${query ? `?${query}` : ''}`;
}
