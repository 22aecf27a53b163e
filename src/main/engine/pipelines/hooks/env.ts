// The variables MediaMTX gives path hooks (mediamtx.yml, "runOnInit" … "runOnUnread"): the path
// name, the RTSP port (so a hook can publish back with rtsp://localhost:$RTSP_PORT/$MTX_PATH) and
// G1, G2… for the groups of a `~regex` path configuration.
import { parseAddress, type Config } from '../../../../shared/config';

/** Base variables of every hook of path `name`; `matches` as PathConfIndex.find returns them. */
export function pathHookEnv(config: Config, name: string, matches: readonly string[]): Record<string, string> {
  const env: Record<string, string> = { MTX_PATH: name, RTSP_PORT: rtspPort(config) };
  // matches[0] is the whole name; groups start at 1 (a catch-all conf has no groups).
  for (let i = 1; i < matches.length; i++) env[`G${i}`] = matches[i];
  return env;
}

/** Variables of runOnConnect/runOnDisconnect (mediamtx.yml): the connection's type and id. */
export function connHookEnv(config: Config, type: string, id: string): Record<string, string> {
  return { MTX_CONN_TYPE: type, MTX_CONN_ID: id, RTSP_PORT: rtspPort(config) };
}

function rtspPort(config: Config): string {
  try {
    return String(parseAddress(config.rtspAddress).port);
  } catch {
    return '8554';
  }
}
