// Program-specific information: PAT and PMT sections (ISO/IEC 13818-1 §2.4.4), built and parsed.
import { crc32Mpeg2 } from './crc32';
import { MpegTsError } from './errors';

export interface PmtStream {
  streamType: number;
  pid: number;
  /** Raw descriptor loop (ES_info), e.g. an Opus registration descriptor. */
  descriptors: Buffer;
}

export interface Pmt {
  programNumber: number;
  pcrPid: number;
  streams: PmtStream[];
}

export interface PatProgram {
  programNumber: number;
  pmtPid: number;
}

/** Wraps a section body (fields after section_length, before the CRC) with header and CRC_32. */
function section(tableId: number, tableIdExtension: number, body: Buffer): Buffer {
  // §2.4.4.3: section_length counts the bytes after it, CRC included: 5 header bytes + body + 4.
  const sectionLength = 5 + body.length + 4;
  const out = Buffer.alloc(3 + sectionLength);
  out[0] = tableId;
  out.writeUInt16BE(0xb000 | sectionLength, 1); // syntax indicator 1, '0', reserved '11'
  out.writeUInt16BE(tableIdExtension, 3);
  out[5] = 0xc1; // reserved '11', version 0, current_next_indicator 1
  out[6] = 0; // section_number
  out[7] = 0; // last_section_number
  body.copy(out, 8);
  out.writeUInt32BE(crc32Mpeg2(out, 0, out.length - 4), out.length - 4);
  return out;
}

/** §2.4.4.3 program_association_section with one program. */
export function buildPatSection(programNumber: number, pmtPid: number, transportStreamId = 1): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt16BE(programNumber, 0);
  body.writeUInt16BE(0xe000 | pmtPid, 2);
  return section(0x00, transportStreamId, body);
}

/** §2.4.4.8 TS_program_map_section. */
export function buildPmtSection(pmt: Pmt): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xe000 | pmt.pcrPid, 0);
  head.writeUInt16BE(0xf000, 2); // program_info_length 0
  parts.push(head);
  for (const s of pmt.streams) {
    const es = Buffer.alloc(5);
    es[0] = s.streamType;
    es.writeUInt16BE(0xe000 | s.pid, 1);
    es.writeUInt16BE(0xf000 | s.descriptors.length, 3);
    parts.push(es, s.descriptors);
  }
  return section(0x02, pmt.programNumber, Buffer.concat(parts));
}

/** Checks the common section header and CRC; returns the bytes between header and CRC. */
function sectionBody(sec: Buffer, tableId: number, what: string): Buffer {
  if (sec.length < 3) throw new MpegTsError('INVALID', `${what} section shorter than its header`);
  if (sec[0] !== tableId) throw new MpegTsError('INVALID', `${what} section with table_id ${sec[0]}, expected ${tableId}`);
  const length = sec.readUInt16BE(1) & 0x0fff;
  if (length < 9 || 3 + length > sec.length) throw new MpegTsError('INVALID', `${what} section_length ${length} does not fit ${sec.length} bytes`);
  const end = 3 + length;
  if (crc32Mpeg2(sec, 0, end) !== 0) throw new MpegTsError('INVALID', `${what} section CRC_32 mismatch`);
  return sec.subarray(8, end - 4);
}

export function parsePatSection(sec: Buffer): PatProgram[] {
  const body = sectionBody(sec, 0x00, 'PAT');
  const programs: PatProgram[] = [];
  for (let p = 0; p + 4 <= body.length; p += 4) {
    const programNumber = body.readUInt16BE(p);
    // program_number 0 points at the network PID, not a PMT.
    if (programNumber !== 0) programs.push({ programNumber, pmtPid: body.readUInt16BE(p + 2) & 0x1fff });
  }
  return programs;
}

export function parsePmtSection(sec: Buffer): Pmt {
  const body = sectionBody(sec, 0x02, 'PMT');
  if (body.length < 4) throw new MpegTsError('INVALID', 'PMT section without PCR_PID and program_info_length');
  const programNumber = sec.readUInt16BE(3);
  const pcrPid = body.readUInt16BE(0) & 0x1fff;
  let p = 4 + (body.readUInt16BE(2) & 0x0fff);
  const streams: PmtStream[] = [];
  while (p + 5 <= body.length) {
    const infoLength = body.readUInt16BE(p + 3) & 0x0fff;
    if (p + 5 + infoLength > body.length) throw new MpegTsError('INVALID', `PMT ES_info_length ${infoLength} runs past the section`);
    streams.push({ streamType: body[p], pid: body.readUInt16BE(p + 1) & 0x1fff, descriptors: Buffer.from(body.subarray(p + 5, p + 5 + infoLength)) });
    p += 5 + infoLength;
  }
  return { programNumber, pcrPid, streams };
}

/** Finds a descriptor by tag in a descriptor loop (§2.6). */
export function findDescriptor(loop: Buffer, tag: number): Buffer | undefined {
  for (let p = 0; p + 2 <= loop.length; p += 2 + loop[p + 1]) {
    if (loop[p] === tag) return loop.subarray(p + 2, p + 2 + loop[p + 1]);
  }
  return undefined;
}
