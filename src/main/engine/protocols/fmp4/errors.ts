// Typed errors for fragmented MP4 writing and parsing (ISO/IEC 14496-12).

export type Fmp4ErrorCode =
  /** A box whose size runs past its parent, or a field outside its range. */
  | 'INVALID'
  /** Valid input we do not handle (e.g. a codec without a sample entry here). */
  | 'UNSUPPORTED';

export class Fmp4Error extends Error {
  override readonly name = 'Fmp4Error';
  constructor(
    readonly code: Fmp4ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
