// Transport header (RFC 2326 §12.39, RFC 7826 §18.54): how RTP flows for one SETUP.
//   Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record
//   Transport: RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=0-1
// A client may offer several comma-separated transports in preference order; the server answers
// with one. Unknown parameters are kept so a proxy can pass them on.
import { RtspError } from '../errors';

export interface RtspTransport {
  /** `RTP/AVP`, `RTP/SAVP`, … (the part before the lower transport). */
  profile: string;
  /** §12.39: the default lower transport is UDP. */
  lowerTransport: 'UDP' | 'TCP';
  delivery?: 'unicast' | 'multicast';
  destination?: string;
  source?: string;
  ttl?: number;
  /** RTP and RTCP ports/channels. A single number N is read as N-(N+1) (§12.39). */
  clientPort?: [number, number];
  serverPort?: [number, number];
  /** Multicast port pair. */
  port?: [number, number];
  interleaved?: [number, number];
  /** The sender's SSRC (8 hex digits on the wire). */
  ssrc?: number;
  /** Lowercased; RFC 7826 `receive` and `REC`… are read as `record`. Absent means play. */
  mode?: 'play' | 'record';
  append?: boolean;
  /** Parameters this parser does not interpret, verbatim (`name` or `name=value`). */
  extra?: string[];
}

function bad(value: string, why: string): never {
  throw new RtspError('BAD_HEADER_VALUE', `Transport "${value.slice(0, 80)}": ${why}`);
}

function pair(raw: string, max: number, whole: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(raw);
  if (!m) bad(whole, `"${raw}" is not a port or channel range`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a + 1 : Number(m[2]);
  if (a > max || b > max) bad(whole, `"${raw}" is out of range`);
  return [a, b];
}

/** Parses one transport spec (no commas). */
export function parseTransport(spec: string): RtspTransport {
  const parts = spec.trim().split(';').map((p) => p.trim());
  const protocol = /^([A-Za-z0-9]+\/[A-Za-z0-9]+)(?:\/([A-Za-z]+))?$/.exec(parts[0]);
  if (!protocol) bad(spec, 'no transport/profile');
  const lower = (protocol[2] ?? 'UDP').toUpperCase();
  if (lower !== 'UDP' && lower !== 'TCP') bad(spec, `unknown lower transport "${protocol[2]}"`);
  const t: RtspTransport = { profile: protocol[1].toUpperCase(), lowerTransport: lower };
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    switch (name) {
      case 'unicast':
      case 'multicast':
        t.delivery = name;
        break;
      case 'destination':
        t.destination = value;
        break;
      case 'source':
        t.source = value;
        break;
      case 'ttl':
        if (!/^\d{1,3}$/.test(value)) bad(spec, 'bad ttl');
        t.ttl = Number(value);
        break;
      case 'client_port':
        t.clientPort = pair(value, 65535, spec);
        break;
      case 'server_port':
        t.serverPort = pair(value, 65535, spec);
        break;
      case 'port':
        t.port = pair(value, 65535, spec);
        break;
      case 'interleaved':
        t.interleaved = pair(value, 255, spec);
        break;
      case 'ssrc':
        // Some servers send fewer than 8 digits; a few send 8 digits with leading zeros dropped.
        if (!/^[0-9A-Fa-f]{1,8}$/.test(value)) bad(spec, `bad ssrc "${value}"`);
        t.ssrc = parseInt(value, 16) >>> 0;
        break;
      case 'mode': {
        const mode = value.toLowerCase();
        if (mode === 'play') t.mode = 'play';
        else if (mode === 'record' || mode === 'receive') t.mode = 'record';
        else bad(spec, `unknown mode "${value}"`);
        break;
      }
      case 'append':
        t.append = true;
        break;
      default:
        (t.extra ??= []).push(part);
    }
  }
  return t;
}

/** Parses a whole header value: every comma-separated transport, in the client's order. */
export function parseTransports(value: string): RtspTransport[] {
  // Commas never occur inside a transport spec's values except in quoted strings, which no
  // parameter we know uses; split outside quotes anyway.
  const specs: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      specs.push(value.slice(start, i));
      start = i + 1;
    }
  }
  specs.push(value.slice(start));
  const out = specs.filter((s) => s.trim() !== '').map(parseTransport);
  if (out.length === 0) bad(value, 'empty');
  return out;
}

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** Serializes one transport, in the parameter order clients expect. */
export function buildTransport(t: RtspTransport): string {
  const parts = [t.lowerTransport === 'TCP' ? `${t.profile}/TCP` : t.profile];
  if (t.delivery) parts.push(t.delivery);
  if (t.destination !== undefined) parts.push(`destination=${t.destination}`);
  if (t.source !== undefined) parts.push(`source=${t.source}`);
  if (t.ttl !== undefined) parts.push(`ttl=${t.ttl}`);
  if (t.port) parts.push(`port=${t.port[0]}-${t.port[1]}`);
  if (t.clientPort) parts.push(`client_port=${t.clientPort[0]}-${t.clientPort[1]}`);
  if (t.serverPort) parts.push(`server_port=${t.serverPort[0]}-${t.serverPort[1]}`);
  if (t.interleaved) parts.push(`interleaved=${t.interleaved[0]}-${t.interleaved[1]}`);
  if (t.ssrc !== undefined) parts.push(`ssrc=${hex8(t.ssrc)}`);
  if (t.mode) parts.push(`mode=${t.mode}`);
  if (t.append) parts.push('append');
  if (t.extra) parts.push(...t.extra);
  return parts.join(';');
}
