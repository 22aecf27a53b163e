// Typed errors for the RTMP layer. Parsers throw only these (or BitstreamError/FlvError in the
// codec and FLV layers), so a server can tell "the peer sent garbage" from a bug by `instanceof`.

export type RtmpErrorCode =
  /** C0/S0 carried a version other than 3 (6 and 8 are RTMPE, which we do not speak). */
  | 'HANDSHAKE_VERSION'
  /** A handshake object was fed after it finished, or used out of order. */
  | 'HANDSHAKE_STATE'
  /** A chunk continued a chunk stream that never had a type-0 header. */
  | 'CHUNK_NO_HEADER'
  /** The chunk stream reopened more chunk stream ids than allowed. */
  | 'TOO_MANY_CHUNK_STREAMS'
  /** A message length above the configured maximum, or too many bytes pending reassembly. */
  | 'MESSAGE_TOO_LARGE'
  /** Set Chunk Size with 0 or the reserved top bit set (RTMP 1.0 §5.4.1). */
  | 'INVALID_CHUNK_SIZE'
  /** A protocol control or user control message with a wrong payload length. */
  | 'INVALID_CONTROL_MESSAGE'
  /** An aggregate message whose sub-messages do not fit it (§7.1.6). */
  | 'INVALID_AGGREGATE'
  /** A command message that does not have the shape its name requires. */
  | 'INVALID_COMMAND';

export class RtmpProtocolError extends Error {
  override readonly name = 'RtmpProtocolError';
  constructor(
    readonly code: RtmpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type AmfErrorCode =
  /** The value ran past the end of the buffer. */
  | 'TRUNCATED'
  /** A type marker this decoder does not know (or a reserved one: MovieClip, RecordSet). */
  | 'UNKNOWN_MARKER'
  /** Nesting deeper than the configured limit (protects the stack). */
  | 'DEPTH_EXCEEDED'
  /** A reference to an index not yet defined, or to an object still being decoded. */
  | 'BAD_REFERENCE'
  /** A count or size that cannot fit in the remaining bytes or exceeds a limit. */
  | 'LIMIT_EXCEEDED'
  /** A well-formed value we choose not to decode (AMF3 externalizable objects, vectors). */
  | 'UNSUPPORTED'
  /** The encoder was given something AMF cannot represent (a function, a symbol, a cycle). */
  | 'UNENCODABLE';

export class AmfError extends Error {
  override readonly name = 'AmfError';
  constructor(
    readonly code: AmfErrorCode,
    message: string,
    /** Byte offset in the input where decoding failed (decoder errors only). */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}
