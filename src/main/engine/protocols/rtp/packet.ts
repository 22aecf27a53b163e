// RTP fixed header, CSRC list and header extension (RFC 3550 §5.1, §5.3.1), with the one-byte and
// two-byte extension element forms of RFC 8285 §4.2/§4.3.
import { RtpError } from './errors';

export const RTP_VERSION = 2;
export const RTP_HEADER_SIZE = 12;
/** RFC 8285 §4.2: "defined by profile" value of the one-byte form. */
export const ONE_BYTE_EXTENSION_PROFILE = 0xbede;
/** RFC 8285 §4.3: 0x100 in the top 12 bits; the low 4 bits ("appbits") are free. */
export const TWO_BYTE_EXTENSION_PROFILE = 0x1000;

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field. */
  profile: number;
  /** Extension data; its length is a multiple of 4. */
  data: Buffer;
}

/** One parsed RTP packet. `payload` and `extension.data` are views into the input buffer. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc: number[];
  extension?: RtpHeaderExtension;
  /** Padding octets after the payload (0 = none), the last of which holds the count (§5.1 P). */
  paddingLength: number;
  payload: Buffer;
}

/** The name the depacketizer contract uses for an already parsed packet. */
export type ParsedRtp = RtpPacket;

/** Parses one RTP packet; throws RtpError when the bytes cannot be one. */
export function parseRtpPacket(buf: Buffer): RtpPacket {
  if (buf.length < RTP_HEADER_SIZE) throw new RtpError('TRUNCATED', `RTP packet of ${buf.length} bytes is shorter than the 12-byte header`);
  const b0 = buf[0];
  const version = b0 >> 6;
  if (version !== RTP_VERSION) throw new RtpError('VERSION', `RTP version ${version}; expected 2`);
  const csrcCount = b0 & 0x0f;
  let pos = RTP_HEADER_SIZE + csrcCount * 4;
  if (pos > buf.length) throw new RtpError('TRUNCATED', `RTP CSRC list of ${csrcCount} entries runs past the ${buf.length}-byte packet`);
  const csrc: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrc.push(buf.readUInt32BE(RTP_HEADER_SIZE + i * 4));
  let extension: RtpHeaderExtension | undefined;
  if (b0 & 0x10) {
    // §5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the data.
    if (pos + 4 > buf.length) throw new RtpError('TRUNCATED', 'RTP header extension header truncated');
    const profile = buf.readUInt16BE(pos);
    const length = buf.readUInt16BE(pos + 2) * 4;
    pos += 4;
    if (pos + length > buf.length) throw new RtpError('TRUNCATED', `RTP header extension of ${length} bytes runs past the packet`);
    extension = { profile, data: buf.subarray(pos, pos + length) };
    pos += length;
  }
  let end = buf.length;
  let paddingLength = 0;
  if (b0 & 0x20) {
    // §5.1 P: the last octet counts the padding octets, itself included.
    paddingLength = buf[buf.length - 1];
    if (paddingLength === 0) throw new RtpError('INVALID', 'RTP padding bit set with a padding count of 0');
    if (end - paddingLength < pos) throw new RtpError('TRUNCATED', `RTP padding of ${paddingLength} bytes overlaps the header`);
    end -= paddingLength;
  }
  const packet: RtpPacket = {
    marker: (buf[1] & 0x80) !== 0,
    payloadType: buf[1] & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrc,
    paddingLength,
    payload: buf.subarray(pos, end),
  };
  if (extension) packet.extension = extension;
  return packet;
}

export interface RtpPacketInput {
  marker?: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc?: readonly number[];
  extension?: RtpHeaderExtension;
  paddingLength?: number;
  payload: Buffer;
}

export function rtpHeaderSize(p: Pick<RtpPacketInput, 'csrc' | 'extension'>): number {
  return RTP_HEADER_SIZE + (p.csrc?.length ?? 0) * 4 + (p.extension ? 4 + p.extension.data.length : 0);
}

export function serializeRtpPacket(p: RtpPacketInput): Buffer {
  const csrc = p.csrc ?? [];
  if (csrc.length > 15) throw new RtpError('INVALID', `${csrc.length} CSRCs; at most 15 fit the CC field`);
  if (p.payloadType < 0 || p.payloadType > 127) throw new RtpError('INVALID', `payload type ${p.payloadType} out of range 0–127`);
  if (p.extension && (p.extension.data.length % 4 !== 0 || p.extension.data.length > 0xffff * 4)) {
    throw new RtpError('INVALID', `RTP header extension of ${p.extension.data.length} bytes is not a multiple of 4 (or too long)`);
  }
  const padding = p.paddingLength ?? 0;
  if (padding < 0 || padding > 255) throw new RtpError('INVALID', `padding length ${padding} out of range 0–255`);
  const headerSize = rtpHeaderSize(p);
  const out = Buffer.alloc(headerSize + p.payload.length + padding);
  out[0] = (RTP_VERSION << 6) | (padding ? 0x20 : 0) | (p.extension ? 0x10 : 0) | csrc.length;
  out[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  out.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(p.timestamp >>> 0, 4);
  out.writeUInt32BE(p.ssrc >>> 0, 8);
  let pos = RTP_HEADER_SIZE;
  for (const c of csrc) {
    out.writeUInt32BE(c >>> 0, pos);
    pos += 4;
  }
  if (p.extension) {
    out.writeUInt16BE(p.extension.profile, pos);
    out.writeUInt16BE(p.extension.data.length / 4, pos + 2);
    pos += 4 + p.extension.data.copy(out, pos + 4);
  }
  p.payload.copy(out, pos);
  if (padding) out[out.length - 1] = padding;
  return out;
}

/** Writes the 12-byte fixed header (no CSRC, no extension, no padding) into `out` at 0. */
export function writeRtpFixedHeader(out: Buffer, marker: boolean, payloadType: number, sequenceNumber: number, timestamp: number, ssrc: number): void {
  out[0] = RTP_VERSION << 6;
  out[1] = (marker ? 0x80 : 0) | payloadType;
  out.writeUInt16BE(sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(timestamp >>> 0, 4);
  out.writeUInt32BE(ssrc >>> 0, 8);
}

export interface RtpExtensionElement {
  /** 1–14 in the one-byte form, 1–255 in the two-byte form. */
  id: number;
  data: Buffer;
}

/** Splits RFC 8285 extension elements; an extension of another profile yields undefined. */
export function parseExtensionElements(ext: RtpHeaderExtension): RtpExtensionElement[] | undefined {
  const out: RtpExtensionElement[] = [];
  const d = ext.data;
  let pos = 0;
  if (ext.profile === ONE_BYTE_EXTENSION_PROFILE) {
    while (pos < d.length) {
      const id = d[pos] >> 4;
      if (id === 0) {
        pos++; // §4.2: padding byte
        continue;
      }
      if (id === 15) break; // §4.2: reserved id; stop processing
      const len = (d[pos] & 0x0f) + 1;
      if (pos + 1 + len > d.length) throw new RtpError('TRUNCATED', `one-byte extension element ${id} runs past the extension`);
      out.push({ id, data: d.subarray(pos + 1, pos + 1 + len) });
      pos += 1 + len;
    }
    return out;
  }
  if ((ext.profile & 0xfff0) === TWO_BYTE_EXTENSION_PROFILE) {
    while (pos < d.length) {
      const id = d[pos];
      if (id === 0) {
        pos++;
        continue;
      }
      if (pos + 2 > d.length) throw new RtpError('TRUNCATED', `two-byte extension element ${id} header truncated`);
      const len = d[pos + 1];
      if (pos + 2 + len > d.length) throw new RtpError('TRUNCATED', `two-byte extension element ${id} runs past the extension`);
      out.push({ id, data: d.subarray(pos + 2, pos + 2 + len) });
      pos += 2 + len;
    }
    return out;
  }
  return undefined;
}

/**
 * Builds an RFC 8285 extension: the one-byte form when every element allows it (id 1–14, 1–16
 * bytes), else the two-byte form. Padded with zero bytes to a multiple of 4.
 */
export function buildExtensionElements(elements: readonly RtpExtensionElement[]): RtpHeaderExtension {
  const oneByte = elements.every((e) => e.id >= 1 && e.id <= 14 && e.data.length >= 1 && e.data.length <= 16);
  const parts: Buffer[] = [];
  for (const e of elements) {
    if (oneByte) {
      parts.push(Buffer.from([(e.id << 4) | (e.data.length - 1)]), e.data);
    } else {
      if (e.id < 1 || e.id > 255 || e.data.length > 255) throw new RtpError('INVALID', `extension element ${e.id} of ${e.data.length} bytes does not fit the two-byte form`);
      parts.push(Buffer.from([e.id, e.data.length]), e.data);
    }
  }
  const body = Buffer.concat(parts);
  const data = Buffer.alloc(Math.ceil(body.length / 4) * 4);
  body.copy(data);
  return { profile: oneByte ? ONE_BYTE_EXTENSION_PROFILE : TWO_BYTE_EXTENSION_PROFILE, data };
}
