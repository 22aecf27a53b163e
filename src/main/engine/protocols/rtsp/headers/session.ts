// Session header (RFC 2326 §12.37): `Session: 12345678;timeout=60`. The id is opaque (any of
// the safe characters, §3.4); timeout is in seconds, default 60 when absent.
import { RtspError } from '../errors';

export interface RtspSessionHeader {
  id: string;
  timeout?: number;
}

export const RTSP_DEFAULT_SESSION_TIMEOUT = 60;

const SESSION_ID = /^[A-Za-z0-9$\-_.+]+$/;

export function parseSession(value: string): RtspSessionHeader {
  const [rawId, ...params] = value.split(';');
  const id = rawId.trim();
  if (!SESSION_ID.test(id)) throw new RtspError('BAD_HEADER_VALUE', `Session "${value.slice(0, 80)}": bad id`);
  const out: RtspSessionHeader = { id };
  for (const param of params) {
    const m = /^\s*timeout\s*=\s*(\d{1,9})\s*$/i.exec(param);
    if (m) out.timeout = Number(m[1]);
    else if (/^\s*timeout/i.test(param)) throw new RtspError('BAD_HEADER_VALUE', `Session "${value.slice(0, 80)}": bad timeout`);
  }
  return out;
}

export function buildSession(s: RtspSessionHeader): string {
  return s.timeout === undefined ? s.id : `${s.id};timeout=${s.timeout}`;
}
