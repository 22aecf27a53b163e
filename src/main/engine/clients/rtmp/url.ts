// rtmp:// and rtmps:// URLs as a client splits them, the way MediaMTX's client does: the first
// path segment is the application, the rest is the stream name (rtmp://H/live/cam1 → app "live",
// stream "cam1"; rtmp://H/live/a/b → "live", "a/b"; rtmp://H/cam1 → "cam1", ""). Credentials
// ride in the query (MediaMTX style ?user=U&pass=P) and are sent with the stream name, where
// MediaMTX, Relaybox and nginx-rtmp (which strips "?args" from names) expect them (see
// RtmpClientConnection.streamName).

export interface RtmpUrl {
  secure: boolean;
  host: string;
  port: number;
  app: string;
  /** Stream name without the query; may be empty (rtmp://H/app). */
  stream: string;
  /** The raw query without "?", e.g. "user=u&pass=p"; never logged. */
  query: string;
  /** What connect carries as tcUrl: scheme, host, port and app, no query. */
  tcUrl: string;
  /** host:port/app/stream: what log lines and errors show (no credentials, no query). */
  display: string;
}

/** RTMP 1.0 has no registered default for rtmps; 443 is what FFmpeg, OBS and CDNs use. */
const DEFAULT_PORTS = { rtmp: 1935, rtmps: 443 } as const;

export function parseRtmpUrl(url: string): RtmpUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a valid RTMP URL: ${redactQuery(url)}`);
  }
  const scheme = u.protocol.slice(0, -1);
  if (scheme !== 'rtmp' && scheme !== 'rtmps') throw new Error(`not an rtmp:// or rtmps:// URL: ${redactQuery(url)}`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new Error(`RTMP URL without a host: ${redactQuery(url)}`);
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[scheme];
  const path = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const app = slash < 0 ? path : path.slice(0, slash);
  const stream = slash < 0 ? '' : path.slice(slash + 1);
  if (!app) throw new Error(`RTMP URL without an application or stream name: ${redactQuery(url)}`);
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    secure: scheme === 'rtmps',
    host,
    port,
    app,
    stream,
    query: u.search.replace(/^\?/, ''),
    tcUrl: `${scheme}://${hostPort}/${app}`,
    display: `${hostPort}/${stream ? `${app}/${stream}` : app}`,
  };
}

/** The URL with its query values and userinfo password hidden, for messages about a bad URL. */
function redactQuery(url: string): string {
  return url.replace(/\?.*$/, '?…').replace(/\/\/([^/@]*):[^/@]*@/, '//$1:***@');
}
