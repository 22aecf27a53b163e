// Small builders for hand-made RTP streams in the depacketizer tests.
import { serializeRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';

export const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A NAL unit: header byte(s) then `size − header` filler bytes derived from `seed`. */
export function nal(header: number[], size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  Buffer.from(header).copy(b);
  for (let i = header.length; i < size; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}

export function rtp(seq: number, ts: number, payload: Buffer, marker = false, ssrc = 0x1234): Buffer {
  return serializeRtpPacket({ payloadType: 96, sequenceNumber: seq, timestamp: ts, ssrc, marker, payload });
}
