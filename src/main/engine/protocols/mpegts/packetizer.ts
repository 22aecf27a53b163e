// Splits one PES packet or PSI section into 188-byte transport packets (ISO/IEC 13818-1 §2.4.3.2–5):
// payload_unit_start_indicator on the first, continuity_counter per PID, PCR and
// random_access_indicator in the first packet's adaptation field, and adaptation-field stuffing
// to fill the last one (§2.4.3.5: stuffing bytes are 0xFF inside the adaptation field).
import { TS_PACKET_SIZE, TS_SYNC_BYTE } from './constants';
import { writePcrField } from './timestamps';

export interface PacketizeOptions {
  pid: number;
  /** Continuity counter of the first packet (0–15). */
  continuityCounter: number;
  /** PCR base (90 kHz) for the first packet. */
  pcr?: number;
  /** random_access_indicator on the first packet (§2.4.3.5: the PES starts a random access point). */
  randomAccess?: boolean;
}

const PAYLOAD_SPACE = TS_PACKET_SIZE - 4;

/** How many transport packets `length` payload bytes need when the first carries `firstAf` adaptation bytes. */
function packetCount(length: number, firstAf: number): number {
  const first = PAYLOAD_SPACE - firstAf;
  if (length <= first) return 1;
  return 1 + Math.ceil((length - first) / PAYLOAD_SPACE);
}

/**
 * Writes the payload (given as pieces, to avoid a join) into transport packets. Returns the
 * packets and the next continuity counter.
 */
export function packetize(pieces: readonly Buffer[], options: PacketizeOptions): { packets: Buffer; nextContinuityCounter: number } {
  let total = 0;
  for (const p of pieces) total += p.length;
  // The first packet's adaptation field: length byte + flags byte + optional 6-byte PCR.
  const firstAf = options.pcr !== undefined ? 8 : options.randomAccess ? 2 : 0;
  const count = packetCount(total, firstAf);
  const out = Buffer.allocUnsafe(count * TS_PACKET_SIZE);
  let cc = options.continuityCounter & 0x0f;
  let piece = 0;
  let pieceOffset = 0;
  let remaining = total;
  for (let i = 0; i < count; i++) {
    const base = i * TS_PACKET_SIZE;
    const first = i === 0;
    let afContent = first && firstAf > 0 ? firstAf - 1 : -1; // bytes after adaptation_field_length; -1 = no field
    const room = PAYLOAD_SPACE - (afContent >= 0 ? afContent + 1 : 0);
    const payload = Math.min(room, remaining);
    const stuffing = room - payload;
    if (stuffing > 0) afContent = afContent >= 0 ? afContent + stuffing : stuffing - 1;
    out[base] = TS_SYNC_BYTE;
    out[base + 1] = (first ? 0x40 : 0) | (options.pid >> 8);
    out[base + 2] = options.pid & 0xff;
    out[base + 3] = (afContent >= 0 ? 0x30 : 0x10) | cc;
    cc = (cc + 1) & 0x0f;
    let pos = base + 4;
    if (afContent >= 0) {
      out[pos++] = afContent;
      if (afContent > 0) {
        const flagsPos = pos++;
        let flags = 0;
        if (first && options.randomAccess) flags |= 0x40;
        if (first && options.pcr !== undefined) {
          flags |= 0x10;
          writePcrField(out, pos, options.pcr);
          pos += 6;
        }
        out[flagsPos] = flags;
        const stuffEnd = base + 4 + 1 + afContent;
        out.fill(0xff, pos, stuffEnd);
        pos = stuffEnd;
      }
    }
    // Copy `payload` bytes from the pieces.
    let need = payload;
    while (need > 0) {
      const src = pieces[piece];
      const n = Math.min(need, src.length - pieceOffset);
      src.copy(out, pos, pieceOffset, pieceOffset + n);
      pos += n;
      need -= n;
      pieceOffset += n;
      if (pieceOffset === src.length) {
        piece++;
        pieceOffset = 0;
      }
    }
    remaining -= payload;
    // Skip empty pieces so the loop above never reads past the end.
    while (piece < pieces.length && pieces[piece].length === 0) piece++;
  }
  return { packets: out, nextContinuityCounter: cc };
}
