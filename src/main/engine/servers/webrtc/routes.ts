// URL layout of the WebRTC listener (DESIGN §3): "/PATH/whep" (WHEP, RFC 9725), its session URLs
// "/PATH/whep/<id>", "/PATH/whip" (WHIP, RFC 9725) and the pages "/PATH" and "/PATH/publish".
export type WebrtcRoute =
  | { kind: 'whep' | 'whip'; pathName: string }
  | { kind: 'whep-session' | 'whip-session'; pathName: string; sessionId: string }
  | { kind: 'read-page' | 'publish-page'; pathName: string };

const SESSION_ID = /^[0-9a-f-]{36}$/;

/** Routes a decoded URL path; null when it names nothing here. Path names are checked by the core. */
export function routeOf(urlPath: string): WebrtcRoute | null {
  if (!urlPath.startsWith('/') || urlPath.length < 2) return null;
  const parts = urlPath.slice(1).split('/');
  const last = parts[parts.length - 1];
  if (parts.length >= 2 && (last === 'whep' || last === 'whip')) {
    return { kind: last, pathName: parts.slice(0, -1).join('/') };
  }
  if (parts.length >= 3 && SESSION_ID.test(last) && (parts[parts.length - 2] === 'whep' || parts[parts.length - 2] === 'whip')) {
    const kind = parts[parts.length - 2] === 'whep' ? 'whep-session' : 'whip-session';
    return { kind, pathName: parts.slice(0, -2).join('/'), sessionId: last };
  }
  if (parts.length >= 2 && last === 'publish') return { kind: 'publish-page', pathName: parts.slice(0, -1).join('/') };
  // "/cam/" is the page too, as MediaMTX serves it.
  if (last === '') return parts.length >= 2 ? { kind: 'read-page', pathName: parts.slice(0, -1).join('/') } : null;
  return { kind: 'read-page', pathName: parts.join('/') };
}
