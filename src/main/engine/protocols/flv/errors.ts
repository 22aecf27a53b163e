// Typed errors for FLV tag bodies and FLV files (Adobe FLV 10.1 Annex E, Enhanced RTMP v2).

export type FlvErrorCode =
  /** The tag body or file ended before its syntax did. */
  | 'TRUNCATED'
  /** A reserved or contradictory field value. */
  | 'INVALID'
  /** Valid syntax we do not handle (e.g. a codec without a converter). */
  | 'UNSUPPORTED'
  /** A tag larger than the configured maximum. */
  | 'TAG_TOO_LARGE'
  /** Not an FLV file (bad signature or header). */
  | 'BAD_HEADER';

export class FlvError extends Error {
  override readonly name = 'FlvError';
  constructor(
    readonly code: FlvErrorCode,
    message: string,
  ) {
    super(message);
  }
}
