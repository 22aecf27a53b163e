// Typed errors for the RTP/RTCP layer. Parsers throw only RtpError, so a server can tell "the peer
// sent garbage" (log, count, carry on) from a bug by `instanceof`.

export type RtpErrorCode =
  /** The packet ended before its header, extension, CSRC list or padding did. */
  | 'TRUNCATED'
  /** RTP/RTCP version field other than 2 (RFC 3550 §5.1). */
  | 'VERSION'
  /** A field outside what the RFC allows (padding length 0, bad aggregation sizes, …). */
  | 'INVALID'
  /** Valid syntax we do not handle (STAP-B, MTAP, interleaved mode, PACI). */
  | 'UNSUPPORTED'
  /** An access unit or RTCP item larger than the configured limit. */
  | 'TOO_LARGE';

export class RtpError extends Error {
  override readonly name = 'RtpError';
  constructor(
    readonly code: RtpErrorCode,
    message: string,
  ) {
    super(message);
  }
}
