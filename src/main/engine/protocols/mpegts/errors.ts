// Typed errors for MPEG-TS muxing and demuxing (ISO/IEC 13818-1).

export type MpegTsErrorCode =
  /** A packet without the 0x47 sync byte, or bytes that are not whole 188-byte packets. */
  | 'BAD_SYNC'
  /** A PSI section or PES header that contradicts itself (lengths, CRC). */
  | 'INVALID'
  /** Valid syntax we do not handle (e.g. a codec with no TS mapping here). */
  | 'UNSUPPORTED';

export class MpegTsError extends Error {
  override readonly name = 'MpegTsError';
  constructor(
    readonly code: MpegTsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
