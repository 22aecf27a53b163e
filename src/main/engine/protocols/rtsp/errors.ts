// Typed errors for the RTSP wire layer. Parsers throw only RtspError, so a server can tell "the
// peer sent garbage" (answer 400 or close the connection) from a bug by `instanceof`.

export type RtspErrorCode =
  /** A request or status line that is not `METHOD URL RTSP/x.y` / `RTSP/x.y CODE REASON`. */
  | 'BAD_START_LINE'
  /** A protocol version other than RTSP/1.0 or RTSP/2.0. */
  | 'BAD_VERSION'
  /** A header line without a colon, with an empty or non-token name, or a control character. */
  | 'BAD_HEADER'
  /** The start line plus headers exceed maxHeaderBytes, or too many header lines. */
  | 'HEADER_TOO_LARGE'
  /** Content-Length that is not a decimal number. */
  | 'BAD_CONTENT_LENGTH'
  /** Content-Length above maxBodyBytes. */
  | 'BODY_TOO_LARGE'
  /** A serialized message that is not exactly one complete message. */
  | 'INCOMPLETE'
  /** A malformed header value (Transport, Session, RTP-Info, Range, CSeq, auth). */
  | 'BAD_HEADER_VALUE'
  /** An SDP description that cannot be used (no v= line, bad m= line). */
  | 'BAD_SDP'
  /** An rtsp:// or rtsps:// URL that cannot be parsed. */
  | 'BAD_URL'
  /** An interleaved frame that cannot be built (channel out of 0–255, payload over 65535 bytes). */
  | 'BAD_FRAME';

export class RtspError extends Error {
  override readonly name = 'RtspError';
  constructor(
    readonly code: RtspErrorCode,
    message: string,
  ) {
    super(message);
  }
}
