// Session descriptions (RFC 8866, formerly RFC 4566) as RTSP uses them: DESCRIBE answers and
// ANNOUNCE bodies. Written by hand (it is small) and tolerant of what FFmpeg, GStreamer, VLC and
// IP cameras send: LF-only lines, trailing spaces, blank lines, missing o=/s=/t=, attributes we do
// not know (kept in order and written back). Codec parameters stay as the rtpmap/fmtp strings;
// turning them into tracks is the RTP layer's job (rtp/sdp-fmtp).
import { RtspError } from './errors';

export interface SdpOrigin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  netType: string;
  addrType: string;
  /** May carry a multicast TTL/count suffix (`224.2.1.1/127`), kept as text. */
  address: string;
}

export interface SdpBandwidth {
  type: string;
  /** kbit/s for AS and CT (§5.8). */
  value: number;
}

/** `a=name` (flag) or `a=name:value`; order and repeats are kept. */
export interface SdpAttribute {
  name: string;
  value?: string;
}

export interface SdpMedia {
  /** video, audio, application, … */
  type: string;
  port: number;
  portCount?: number;
  /** RTP/AVP, RTP/AVPF, RTP/SAVP, … */
  protocol: string;
  /** Payload types (RTP) or format names, as text, in the m= line's order. */
  formats: string[];
  title?: string;
  connection?: SdpConnection;
  bandwidths: SdpBandwidth[];
  attributes: SdpAttribute[];
  /** Lines of other types (k=, unknown letters), verbatim, written back before the attributes. */
  otherLines?: string[];
}

export interface SessionDescription {
  version: number;
  origin?: SdpOrigin;
  /** s= (§5.3: "-" when there is no name; FFmpeg sends "No Name"). */
  name?: string;
  info?: string;
  uri?: string;
  connection?: SdpConnection;
  bandwidths: SdpBandwidth[];
  /** t= lines as text (`0 0` for live). */
  times: string[];
  attributes: SdpAttribute[];
  otherLines?: string[];
  media: SdpMedia[];
}

function bad(why: string): never {
  throw new RtspError('BAD_SDP', `SDP: ${why}`);
}

function parseConnection(value: string): SdpConnection | undefined {
  const parts = value.split(/\s+/);
  // Some cameras send `c=IN IP4` with no address; treat it as absent.
  if (parts.length < 3) return undefined;
  return { netType: parts[0], addrType: parts[1], address: parts[2] };
}

function parseAttribute(value: string): SdpAttribute {
  const colon = value.indexOf(':');
  return colon < 0 ? { name: value } : { name: value.slice(0, colon), value: value.slice(colon + 1) };
}

function parseBandwidth(value: string): SdpBandwidth | undefined {
  const m = /^([A-Za-z0-9\-_]+):(\d{1,12})$/.exec(value);
  return m ? { type: m[1], value: Number(m[2]) } : undefined;
}

/** Parses an SDP body. Throws RtspError BAD_SDP only when it cannot be an SDP at all. */
export function parseSdp(text: string | Buffer): SessionDescription {
  const body = typeof text === 'string' ? text : text.toString('utf8');
  const desc: SessionDescription = { version: 0, bandwidths: [], times: [], attributes: [], media: [] };
  let media: SdpMedia | undefined;
  let sawAnyLine = false;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/[\r\s]+$/, '').replace(/^\s+/, '');
    if (line === '') continue;
    if (line.length < 2 || line[1] !== '=' || !/[a-z]/i.test(line[0])) bad(`"${line.slice(0, 60)}" is not a type=value line`);
    sawAnyLine = true;
    const type = line[0];
    const value = line.slice(2).trim();
    if (type === 'm') {
      // §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
      const parts = value.split(/\s+/);
      const port = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(parts[1] ?? '');
      if (parts.length < 3 || !port) bad(`bad media line "m=${value.slice(0, 60)}"`);
      media = { type: parts[0], port: Number(port[1]), protocol: parts[2], formats: parts.slice(3), bandwidths: [], attributes: [] };
      if (port[2] !== undefined) media.portCount = Number(port[2]);
      desc.media.push(media);
      continue;
    }
    const target = media ?? desc;
    switch (type) {
      case 'v':
        if (!media) desc.version = /^\d+$/.test(value) ? Number(value) : 0;
        break;
      case 'o': {
        const p = value.split(/\s+/);
        if (!media && p.length >= 6) desc.origin = { username: p[0], sessionId: p[1], sessionVersion: p[2], netType: p[3], addrType: p[4], address: p[5] };
        else (target.otherLines ??= []).push(line);
        break;
      }
      case 's':
        if (!media) desc.name = value;
        break;
      case 'i':
        if (media) media.title = value;
        else desc.info = value;
        break;
      case 'u':
        if (!media) desc.uri = value;
        break;
      case 't':
        if (!media) desc.times.push(value);
        break;
      case 'c': {
        const c = parseConnection(value);
        if (c) target.connection = c;
        break;
      }
      case 'b': {
        const b = parseBandwidth(value);
        if (b) target.bandwidths.push(b);
        else (target.otherLines ??= []).push(line);
        break;
      }
      case 'a':
        target.attributes.push(parseAttribute(value));
        break;
      default:
        (target.otherLines ??= []).push(line);
    }
  }
  if (!sawAnyLine) bad('empty description');
  return desc;
}

function writeAttributes(lines: string[], attributes: readonly SdpAttribute[]): void {
  for (const a of attributes) lines.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
}

const connectionLine = (c: SdpConnection) => `c=${c.netType} ${c.addrType} ${c.address}`;

/**
 * Serializes with CRLF line ends in §5 order, filling the fields §5 requires (o=, s=, t=) when
 * absent. Attributes keep their order; lines of unknown types go where §5 puts r=/z=/k=.
 */
export function writeSdp(desc: SessionDescription): string {
  const lines: string[] = [`v=${desc.version}`];
  const o = desc.origin ?? { username: '-', sessionId: '0', sessionVersion: '0', netType: 'IN', addrType: 'IP4', address: '127.0.0.1' };
  lines.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  lines.push(`s=${desc.name === undefined || desc.name === '' ? '-' : desc.name}`);
  if (desc.info !== undefined) lines.push(`i=${desc.info}`);
  if (desc.uri !== undefined) lines.push(`u=${desc.uri}`);
  // §5 order: e= and p= come before c=; r=, z=, k= and unknown lines after t=.
  const other = desc.otherLines ?? [];
  lines.push(...other.filter((l) => l[0] === 'e' || l[0] === 'p'));
  if (desc.connection) lines.push(connectionLine(desc.connection));
  for (const b of desc.bandwidths) lines.push(`b=${b.type}:${b.value}`);
  for (const t of desc.times.length ? desc.times : ['0 0']) lines.push(`t=${t}`);
  lines.push(...other.filter((l) => l[0] !== 'e' && l[0] !== 'p'));
  writeAttributes(lines, desc.attributes);
  for (const m of desc.media) {
    const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
    lines.push(`m=${[m.type, port, m.protocol, ...m.formats].join(' ')}`);
    if (m.title !== undefined) lines.push(`i=${m.title}`);
    if (m.connection) lines.push(connectionLine(m.connection));
    for (const b of m.bandwidths) lines.push(`b=${b.type}:${b.value}`);
    // §5.14: k= (the only other media-level line) precedes the attributes.
    if (m.otherLines) lines.push(...m.otherLines);
    writeAttributes(lines, m.attributes);
  }
  return lines.join('\r\n') + '\r\n';
}

/** The value of the first `a=name` (case-insensitive name), '' for a flag, undefined if absent. */
export function sdpAttribute(attributes: readonly SdpAttribute[], name: string): string | undefined {
  const key = name.toLowerCase();
  const a = attributes.find((x) => x.name.toLowerCase() === key);
  return a === undefined ? undefined : (a.value ?? '').trim();
}

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** §6.7: media-level direction, else session-level, else sendrecv. */
export function sdpDirection(desc: SessionDescription, media: SdpMedia): SdpDirection {
  for (const attrs of [media.attributes, desc.attributes]) {
    for (const a of attrs) {
      const n = a.name.toLowerCase();
      if (n === 'sendrecv' || n === 'sendonly' || n === 'recvonly' || n === 'inactive') return n;
    }
  }
  return 'sendrecv';
}

export interface SdpRtpFormat {
  payloadType: number;
  /** `H264/90000`, `MPEG4-GENERIC/44100/2`, `opus/48000/2`; absent for static types without a=rtpmap. */
  rtpmap?: string;
  /** The a=fmtp parameters for this payload type, verbatim. */
  fmtp?: string;
  encoding?: string;
  clockRate?: number;
  channels?: number;
}

/**
 * The RTP formats of a media section in m= order, with their rtpmap/fmtp strings, ready for
 * rtp/sdp-fmtp's trackFromRtpmap(rtpmap, fmtp). Non-numeric formats are skipped.
 */
export function sdpRtpFormats(media: SdpMedia): SdpRtpFormat[] {
  const byPt = (name: string, pt: number): string | undefined => {
    for (const a of media.attributes) {
      if (a.name.toLowerCase() !== name || a.value === undefined) continue;
      const m = /^\s*(\d{1,3})(?:\s+(.*))?$/.exec(a.value);
      if (m && Number(m[1]) === pt) return (m[2] ?? '').trim();
    }
    return undefined;
  };
  const out: SdpRtpFormat[] = [];
  for (const f of media.formats) {
    if (!/^\d{1,3}$/.test(f) || Number(f) > 127) continue;
    const payloadType = Number(f);
    const format: SdpRtpFormat = { payloadType };
    const rtpmap = byPt('rtpmap', payloadType);
    if (rtpmap) {
      format.rtpmap = rtpmap;
      const [encoding, rate, channels] = rtpmap.split('/');
      format.encoding = encoding;
      if (/^\d+$/.test(rate ?? '')) format.clockRate = Number(rate);
      if (/^\d+$/.test(channels ?? '')) format.channels = Number(channels);
    }
    const fmtp = byPt('fmtp', payloadType);
    if (fmtp !== undefined) format.fmtp = fmtp;
    out.push(format);
  }
  return out;
}

export interface SdpRtpMediaInput {
  type: 'video' | 'audio' | 'application';
  payloadType: number;
  /** e.g. `H264/90000` (from rtp/sdp-fmtp's fmtpForTrack). */
  rtpmap: string;
  fmtp?: string;
  /** a=control, e.g. `trackID=0`. */
  control?: string;
  /** b=AS in kbit/s. */
  bitrateKbps?: number;
  direction?: SdpDirection;
}

/** An m= section for one RTP track (port 0: RTSP negotiates ports in SETUP, RFC 2326 §C.1). */
export function sdpRtpMedia(input: SdpRtpMediaInput, protocol = 'RTP/AVP'): SdpMedia {
  const attributes: SdpAttribute[] = [{ name: 'rtpmap', value: `${input.payloadType} ${input.rtpmap}` }];
  if (input.fmtp) attributes.push({ name: 'fmtp', value: `${input.payloadType} ${input.fmtp}` });
  if (input.control !== undefined) attributes.push({ name: 'control', value: input.control });
  if (input.direction) attributes.push({ name: input.direction });
  return {
    type: input.type,
    port: 0,
    protocol,
    formats: [String(input.payloadType)],
    bandwidths: input.bitrateKbps === undefined ? [] : [{ type: 'AS', value: input.bitrateKbps }],
    attributes,
  };
}

/** A whole description for a live stream served by RTSP: aggregate control `*`, open range. */
export function rtspSessionSdp(input: { name?: string; address?: string; media: SdpMedia[]; tool?: string }): SessionDescription {
  const address = input.address ?? '127.0.0.1';
  const attributes: SdpAttribute[] = [];
  if (input.tool) attributes.push({ name: 'tool', value: input.tool });
  attributes.push({ name: 'control', value: '*' }, { name: 'range', value: 'npt=0-' });
  return {
    version: 0,
    origin: { username: '-', sessionId: '0', sessionVersion: '0', netType: 'IN', addrType: address.includes(':') ? 'IP6' : 'IP4', address },
    name: input.name ?? 'Stream',
    connection: { netType: 'IN', addrType: address.includes(':') ? 'IP6' : 'IP4', address: address.includes(':') ? '::' : '0.0.0.0' },
    bandwidths: [],
    times: ['0 0'],
    attributes,
    media: input.media,
  };
}
