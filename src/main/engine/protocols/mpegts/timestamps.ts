// 33-bit 90 kHz timestamps (ISO/IEC 13818-1 §2.4.3.7 PTS/DTS, §2.4.2.2 PCR) and their bit layouts.
import { PTS_MODULO, TS_CLOCK } from './constants';

/** A track clock value → 90 kHz, wrapped to 33 bits (negative values wrap too). */
export function to90kHz(value: number, clockRate: number): number {
  const v = clockRate === TS_CLOCK ? value : Math.round((value * TS_CLOCK) / clockRate);
  return ((v % PTS_MODULO) + PTS_MODULO) % PTS_MODULO;
}

/** Writes a 5-byte PTS or DTS field with its 4-bit prefix ('0010' PTS only, '0011'/'0001' both). */
export function writePtsField(out: Buffer, pos: number, prefix: number, ts: number): void {
  // Bitwise operators take the value modulo 2^32, so the low bits stay exact; the top 3 bits
  // of the 33 come from a division.
  out[pos] = (prefix << 4) | ((Math.floor(ts / 2 ** 30) & 7) << 1) | 1;
  out.writeUInt16BE((((ts >>> 15) & 0x7fff) << 1) | 1, pos + 1);
  out.writeUInt16BE(((ts & 0x7fff) << 1) | 1, pos + 3);
}

export function readPtsField(buf: Buffer, pos: number): number {
  return ((buf[pos] >> 1) & 7) * 2 ** 30 + (buf.readUInt16BE(pos + 1) >> 1) * 2 ** 15 + (buf.readUInt16BE(pos + 3) >> 1);
}

/** Writes a 6-byte PCR: 33-bit base at 90 kHz, 6 reserved bits, 9-bit extension at 27 MHz. */
export function writePcrField(out: Buffer, pos: number, base: number, extension = 0): void {
  out.writeUInt32BE(Math.floor(base / 2) >>> 0, pos);
  out[pos + 4] = ((base & 1) << 7) | 0x7e | (extension >> 8);
  out[pos + 5] = extension & 0xff;
}

/** The PCR base (90 kHz part) of a 6-byte PCR field. */
export function readPcrBase(buf: Buffer, pos: number): number {
  return buf.readUInt32BE(pos) * 2 + (buf[pos + 4] >> 7);
}
