// Interleaved binary data on the RTSP connection (RFC 2326 §10.12, RFC 7826 §14): `$`, a one-byte
// channel, a 16-bit big-endian length, then the RTP or RTCP packet.
import { RtspError } from './errors';

export const INTERLEAVED_MAGIC = 0x24;
export const INTERLEAVED_HEADER_SIZE = 4;
export const INTERLEAVED_MAX_PAYLOAD = 0xffff;

function check(channel: number, length: number): void {
  if (!Number.isInteger(channel) || channel < 0 || channel > 255) throw new RtspError('BAD_FRAME', `interleaved channel ${channel} is not 0–255`);
  if (length > INTERLEAVED_MAX_PAYLOAD) throw new RtspError('BAD_FRAME', `interleaved payload of ${length} bytes exceeds 65535`);
}

/** Writes the 4-byte header at `offset` of `target` (e.g. into headroom left before a shared RTP packet). */
export function writeInterleavedHeader(target: Buffer, offset: number, channel: number, payloadLength: number): void {
  check(channel, payloadLength);
  target[offset] = INTERLEAVED_MAGIC;
  target[offset + 1] = channel;
  target.writeUInt16BE(payloadLength, offset + 2);
}

/** The 4-byte header alone, for writing before a packet shared among readers (socket.cork/writev). */
export function interleavedHeader(channel: number, payloadLength: number): Buffer {
  const header = Buffer.allocUnsafe(INTERLEAVED_HEADER_SIZE);
  writeInterleavedHeader(header, 0, channel, payloadLength);
  return header;
}

/** Header and payload in one new buffer. */
export function interleavedFrame(channel: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(INTERLEAVED_HEADER_SIZE + payload.length);
  writeInterleavedHeader(frame, 0, channel, payload.length);
  frame.set(payload, INTERLEAVED_HEADER_SIZE);
  return frame;
}
