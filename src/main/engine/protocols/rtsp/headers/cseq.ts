// CSeq (RFC 2326 §12.17): every request carries one and its response echoes it. Unsigned decimal;
// RFC 7826 §18.20 bounds it to 32 bits.
import { RtspError } from '../errors';

export function parseCSeq(value: string | undefined): number {
  if (value === undefined || !/^\s*\d{1,10}\s*$/.test(value) || Number(value) > 0xffffffff) {
    throw new RtspError('BAD_HEADER_VALUE', `CSeq "${(value ?? '').slice(0, 20)}" is not a 32-bit unsigned number`);
  }
  return Number(value);
}
