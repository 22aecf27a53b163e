// PES packet headers (ISO/IEC 13818-1 §2.4.3.6–7).
import { MpegTsError } from './errors';
import { readPtsField, writePtsField } from './timestamps';

/** Size of the header written by writePesHeader. */
export function pesHeaderSize(withDts: boolean): number {
  return 9 + (withDts ? 10 : 5);
}

/**
 * Writes a PES header for `payloadLength` bytes. PES_packet_length is 0 ("unbounded", allowed for
 * video only, §2.4.3.7) when the packet would exceed 65535 bytes. `dts` is written only when it
 * differs from `pts`.
 */
export function writePesHeader(out: Buffer, pos: number, streamId: number, payloadLength: number, pts: number, dts: number | undefined): number {
  const withDts = dts !== undefined && dts !== pts;
  const headerDataLength = withDts ? 10 : 5;
  const pesLength = 3 + headerDataLength + payloadLength;
  out[pos] = 0;
  out[pos + 1] = 0;
  out[pos + 2] = 1;
  out[pos + 3] = streamId;
  out.writeUInt16BE(pesLength > 0xffff ? 0 : pesLength, pos + 4);
  out[pos + 6] = 0x84; // '10', not scrambled, data_alignment_indicator: the payload starts an access unit
  out[pos + 7] = withDts ? 0xc0 : 0x80;
  out[pos + 8] = headerDataLength;
  writePtsField(out, pos + 9, withDts ? 3 : 2, pts);
  if (withDts) writePtsField(out, pos + 14, 1, dts);
  return pos + 9 + headerDataLength;
}

export interface PesPacket {
  streamId: number;
  /** 90 kHz, 33 bits, as carried. */
  pts?: number;
  dts?: number;
  data: Buffer;
}

/** stream_ids whose PES packets have no optional header (§2.4.3.7: padding, private 2, ECM, …). */
const NO_HEADER_IDS = new Set([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff]);

export function parsePesPacket(buf: Buffer): PesPacket {
  if (buf.length < 6 || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 1) throw new MpegTsError('INVALID', 'PES packet without packet_start_code_prefix');
  const streamId = buf[3];
  const declared = buf.readUInt16BE(4);
  const end = declared === 0 ? buf.length : Math.min(buf.length, 6 + declared);
  if (NO_HEADER_IDS.has(streamId)) return { streamId, data: buf.subarray(6, end) };
  if (buf.length < 9) throw new MpegTsError('INVALID', 'PES header truncated');
  const flags = buf[7] >> 6;
  const dataStart = 9 + buf[8];
  if (dataStart > end) throw new MpegTsError('INVALID', `PES_header_data_length ${buf[8]} runs past the packet`);
  const packet: PesPacket = { streamId, data: buf.subarray(dataStart, end) };
  if (flags & 2) {
    if (buf[8] < 5) throw new MpegTsError('INVALID', 'PES PTS flag set without room for a PTS');
    packet.pts = readPtsField(buf, 9);
    packet.dts = packet.pts;
  }
  if (flags === 3) {
    if (buf[8] < 10) throw new MpegTsError('INVALID', 'PES DTS flag set without room for a DTS');
    packet.dts = readPtsField(buf, 14);
  }
  return packet;
}
