// Publish and play URLs for a path (DESIGN §3). Pure: host, ports and credentials in, strings out.
export interface ProtocolPorts {
  rtmp?: number;
  rtsp?: number;
  /** HLS and HTTP-FLV share the HLS listener. */
  hls?: number;
  webrtc?: number;
}

export interface Credentials {
  user: string;
  pass: string;
}

export interface StreamUrls {
  /** OBS "Server" field: rtmp://H:P, plus the parent segments of a nested path as the app. */
  obsServer?: string;
  /** OBS "Stream Key" field: the last path segment, with ?user=&pass= when publishing needs them. */
  obsKey?: string;
  rtmp?: string;
  rtsp?: string;
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

export function buildStreamUrls(
  path: string, host: string, ports: ProtocolPorts,
  opts: { publish?: Credentials; read?: Credentials } = {},
): StreamUrls {
  const h = hostForUrl(host);
  const p = encodePath(path);
  const out: StreamUrls = {};
  if (ports.rtmp) {
    const { app, key } = splitObsPath(path);
    const base = `rtmp://${h}:${ports.rtmp}`;
    out.obsServer = app ? `${base}/${encodePath(app)}` : base;
    out.obsKey = encodeURIComponent(key) + credentialQuery(opts.publish);
    out.rtmp = `${base}/${p}${credentialQuery(opts.read)}`;
  }
  if (ports.rtsp) {
    const r = opts.read;
    const userinfo = r && (r.user || r.pass) ? `${encodeURIComponent(r.user)}:${encodeURIComponent(r.pass)}@` : '';
    out.rtsp = `rtsp://${userinfo}${h}:${ports.rtsp}/${p}`;
  }
  if (ports.hls) {
    const q = credentialQuery(opts.read);
    out.hls = `http://${h}:${ports.hls}/${p}/index.m3u8${q}`;
    out.hlsPage = `http://${h}:${ports.hls}/${p}${q}`;
    out.flv = `http://${h}:${ports.hls}/${p}.flv${q}`;
  }
  if (ports.webrtc) {
    const q = credentialQuery(opts.read);
    out.whep = `http://${h}:${ports.webrtc}/${p}/whep${q}`;
    out.webrtcPage = `http://${h}:${ports.webrtc}/${p}${q}`;
    out.whip = `http://${h}:${ports.webrtc}/${p}/whip`;
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
