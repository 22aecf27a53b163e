// RTMP URL → path name and credentials. rtmp://H:1935/live/cam1 → app "live", stream "cam1" →
// path "live/cam1"; rtmp://H:1935/cam1 (OBS: server rtmp://H:1935, key cam1) → path "cam1".
// Credentials ride in the query of the app or the stream name (?user=U&pass=P).

export interface RtmpTarget {
  path: string;
  /** Both queries merged, stream name's last (it wins). Never logged. */
  query: string;
  user?: string;
  pass?: string;
}

function splitQuery(s: string): [string, string] {
  const i = s.indexOf('?');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

export function rtmpTarget(app: string, streamName: string): RtmpTarget {
  const [appPath, appQuery] = splitQuery(app);
  const [name, nameQuery] = splitQuery(streamName);
  const path = [appPath, name].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  const params = new URLSearchParams(appQuery);
  for (const [k, v] of new URLSearchParams(nameQuery)) params.set(k, v);
  const query = [appQuery, nameQuery].filter(Boolean).join('&');
  return { path, query, user: params.get('user') ?? undefined, pass: params.get('pass') ?? undefined };
}
