// Publish and play URLs for a path (DESIGN §3). Pure: host, ports and credentials in, strings out.
// A port is present only for a listener that is on, so the encryption modes (rtspEncryption,
// rtmpEncryption: no | strict | optional) arrive here as which of rtsp/rtsps, rtmp/rtmps are set;
// the HTTP listeners are either HTTP or HTTPS (`<name>Encryption`), given by `https`.
export interface ProtocolPorts {
  rtmp?: number;
  /** The RTMPS listener (rtmpsAddress), on when rtmpEncryption is strict or optional. */
  rtmps?: number;
  rtsp?: number;
  /** The RTSPS listener (rtspsAddress), on when rtspEncryption is strict or optional. */
  rtsps?: number;
  /** HLS and HTTP-FLV share the HLS listener. */
  hls?: number;
  webrtc?: number;
  /** HTTP listeners that serve HTTPS (hlsEncryption, webrtcEncryption, playbackEncryption). */
  https?: Partial<Record<HttpListener, boolean>>;
}

export type HttpListener = 'hls' | 'webrtc' | 'playback';

export interface Credentials {
  user: string;
  pass: string;
}

export interface StreamUrls {
  /**
   * OBS "Server" field: rtmp://H:P, plus the parent segments of a nested path as the app;
   * rtmps://H:P when only RTMPS listens (rtmpEncryption strict).
   */
  obsServer?: string;
  /** OBS "Server" over RTMPS when it listens beside plain RTMP (rtmpEncryption optional). */
  obsServerTls?: string;
  /** OBS "Stream Key" field: the last path segment, with ?user=&pass= when publishing needs them. */
  obsKey?: string;
  rtmp?: string;
  rtmps?: string;
  rtsp?: string;
  rtsps?: string;
  hls?: string;
  hlsPage?: string;
  flv?: string;
  whep?: string;
  webrtcPage?: string;
  whip?: string;
}

/** IPv6 literals need brackets inside a URL authority (RFC 3986 §3.2.2). */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** RTMP carries credentials as a query on the URL or stream key (DESIGN §3). */
export function credentialQuery(creds?: Credentials): string {
  if (!creds || (!creds.user && !creds.pass)) return '';
  return `?user=${encodeURIComponent(creds.user)}&pass=${encodeURIComponent(creds.pass)}`;
}

/** Splits a path for OBS: "cam1" → ["", "cam1"], "live/team/cam1" → ["live/team", "cam1"]. */
export function splitObsPath(path: string): { app: string; key: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { app: '', key: path } : { app: path.slice(0, i), key: path.slice(i + 1) };
}

/** "http://H:P" or "https://H:P" for an HTTP listener (h already bracketed). */
export function httpOrigin(h: string, port: number, https?: boolean): string {
  return `${https ? 'https' : 'http'}://${h}:${port}`;
}

function obsServer(scheme: 'rtmp' | 'rtmps', h: string, port: number, app: string): string {
  const base = `${scheme}://${h}:${port}`;
  return app ? `${base}/${encodePath(app)}` : base;
}

export function buildStreamUrls(
  path: string, host: string, ports: ProtocolPorts,
  opts: { publish?: Credentials; read?: Credentials } = {},
): StreamUrls {
  const h = hostForUrl(host);
  const p = encodePath(path);
  const out: StreamUrls = {};
  const { app, key } = splitObsPath(path);
  const readQuery = credentialQuery(opts.read);
  if (ports.rtmp || ports.rtmps) out.obsKey = encodeURIComponent(key) + credentialQuery(opts.publish);
  if (ports.rtmp) {
    out.obsServer = obsServer('rtmp', h, ports.rtmp, app);
    out.rtmp = `rtmp://${h}:${ports.rtmp}/${p}${readQuery}`;
  }
  if (ports.rtmps) {
    // Strict: RTMPS is the only server OBS can use; optional: offered beside plain RTMP.
    if (out.obsServer) out.obsServerTls = obsServer('rtmps', h, ports.rtmps, app);
    else out.obsServer = obsServer('rtmps', h, ports.rtmps, app);
    out.rtmps = `rtmps://${h}:${ports.rtmps}/${p}${readQuery}`;
  }
  const r = opts.read;
  const userinfo = r && (r.user || r.pass) ? `${encodeURIComponent(r.user)}:${encodeURIComponent(r.pass)}@` : '';
  if (ports.rtsp) out.rtsp = `rtsp://${userinfo}${h}:${ports.rtsp}/${p}`;
  if (ports.rtsps) out.rtsps = `rtsps://${userinfo}${h}:${ports.rtsps}/${p}`;
  if (ports.hls) {
    const origin = httpOrigin(h, ports.hls, ports.https?.hls);
    out.hls = `${origin}/${p}/index.m3u8${readQuery}`;
    out.hlsPage = `${origin}/${p}${readQuery}`;
    out.flv = `${origin}/${p}.flv${readQuery}`;
  }
  if (ports.webrtc) {
    const origin = httpOrigin(h, ports.webrtc, ports.https?.webrtc);
    out.whep = `${origin}/${p}/whep${readQuery}`;
    out.webrtcPage = `${origin}/${p}${readQuery}`;
    out.whip = `${origin}/${p}/whip`;
  }
  return out;
}

export interface HostChoice {
  host: string;
  /** Which label the UI gives it: the page's own host, this computer (loopback), or a LAN address. */
  role: 'page' | 'local' | 'lan';
}

export const isLoopback = (h: string): boolean => h === 'localhost' || h === '::1' || h.startsWith('127.');

/** Hosts to build URLs for: the one the page was opened with first, then loopback and each LAN address once. */
export function hostChoices(pageHost: string, lanAddresses: readonly string[]): HostChoice[] {
  const out: HostChoice[] = [{ host: pageHost, role: isLoopback(pageHost) ? 'local' : 'page' }];
  const add = (host: string, role: HostChoice['role']) => { if (!out.some((c) => c.host === host)) out.push({ host, role }); };
  add('127.0.0.1', 'local');
  for (const a of lanAddresses) add(a, 'lan');
  return out;
}
