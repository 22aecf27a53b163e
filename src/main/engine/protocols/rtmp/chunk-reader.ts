// Incremental parser of the RTMP chunk stream (RTMP 1.0 §5.3), fed with whatever the socket
// delivers. Every message is assembled into one buffer allocated once at its declared length, so
// a chunk costs one header parse and one memcpy, never a Buffer.concat.
//
// Memory is bounded by three limits, each failing with RtmpProtocolError:
// - maxMessageSize: the declared length of one message (MESSAGE_TOO_LARGE);
// - maxPendingBytes: the sum of declared lengths of messages under reassembly, since a peer can
//   interleave partial messages on many chunk streams (MESSAGE_TOO_LARGE);
// - maxChunkStreams: chunk stream ids with state (TOO_MANY_CHUNK_STREAMS).
// Beyond those, the reader holds at most one partial header (18 bytes).
import { RtmpProtocolError } from './errors';
import { RtmpMessageType, type RtmpReceivedMessage } from './message';

/** §5.4.1: the chunk size both sides start with. */
export const RTMP_DEFAULT_CHUNK_SIZE = 128;
/** §5.4.1: Set Chunk Size carries 31 bits. */
export const RTMP_MAX_CHUNK_SIZE = 0x7fffffff;
/** Basic header (≤3) + type-0 message header (11) + extended timestamp (4). */
const MAX_HEADER_SIZE = 18;
const EXTENDED_TIMESTAMP = 0xffffff;

export interface RtmpChunkReaderOptions {
  /** Largest message accepted, in bytes. Default 16 MiB (the 24-bit length field's whole range). */
  maxMessageSize?: number;
  /** Largest sum of declared lengths of messages being reassembled. Default 2 × maxMessageSize. */
  maxPendingBytes?: number;
  /** Most chunk stream ids with state. Default 64 (clients use 2–8). */
  maxChunkStreams?: number;
}

/** What the reader remembers per chunk stream id to decode compressed headers (§5.3.1.2). */
class ChunkStreamState {
  /** Timestamp of the last message header (absolute, uint32). */
  timestamp = 0;
  /**
   * Timestamp field of the last type 0/1/2 header: the delta for type 1/2, the absolute time
   * for type 0. §5.3.1.2.4: "If a Type 3 chunk follows a Type 0 chunk, then the timestamp delta
   * for this Type 3 chunk is the same as the timestamp of the Type 0 chunk."
   */
  delta = 0;
  length = 0;
  typeId = 0;
  streamId = 0;
  /** Whether the last type 0/1/2 header used the extended timestamp field. */
  extended = false;
  /** Message under reassembly, or null between messages. */
  payload: Buffer | null = null;
  received = 0;
  constructor(readonly csid: number) {}
}

export class RtmpChunkReader {
  private readonly maxMessageSize: number;
  private readonly maxPendingBytes: number;
  private readonly maxChunkStreams: number;
  private readonly streams = new Map<number, ChunkStreamState>();
  private chunkSize = RTMP_DEFAULT_CHUNK_SIZE;
  /** Chunk stream whose payload bytes come next, and how many remain in the current chunk. */
  private current: ChunkStreamState | null = null;
  private chunkRemaining = 0;
  /** A header split across feeds. */
  private readonly stage = Buffer.allocUnsafe(MAX_HEADER_SIZE);
  private stagedLength = 0;
  private pendingBytes = 0;
  private out: RtmpReceivedMessage[] = [];
  /** Total bytes fed, for Acknowledgement (§5.4.3); the caller compares it with its window. */
  bytesReceived = 0;

  constructor(options: RtmpChunkReaderOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? 16 * 1024 * 1024;
    this.maxPendingBytes = options.maxPendingBytes ?? 2 * this.maxMessageSize;
    this.maxChunkStreams = options.maxChunkStreams ?? 64;
  }

  /** The peer's current chunk size (changed by Set Chunk Size messages it sends). */
  get incomingChunkSize(): number {
    return this.chunkSize;
  }

  /** Bytes held for partially received messages (their full declared lengths). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Parses `data` and returns the messages it completed, in order. Set Chunk Size (type 1) and
   * Abort (type 2) take effect inside the reader at once and are returned too, so the caller
   * sees everything. Throws RtmpProtocolError; after a throw the reader is unusable (close the
   * connection).
   */
  feed(data: Buffer): RtmpReceivedMessage[] {
    this.bytesReceived += data.length;
    this.consume(data);
    const out = this.out;
    this.out = [];
    return out;
  }

  private consume(data: Buffer): void {
    let pos = 0;
    const end = data.length;
    if (this.stagedLength > 0) {
      const old = this.stagedLength;
      const take = Math.min(MAX_HEADER_SIZE - old, end);
      data.copy(this.stage, old, 0, take);
      const headerLength = this.parseHeader(this.stage, 0, old + take);
      if (headerLength < 0) {
        this.stagedLength = old + take;
        return;
      }
      this.stagedLength = 0;
      if (headerLength >= old) {
        pos = headerLength - old;
      } else {
        // Only the tolerant type-3 extended-timestamp rule ends a header before the staged
        // bytes do: the rest of the stage is payload (and maybe further headers).
        const leftover = Buffer.from(this.stage.subarray(headerLength, old));
        this.consume(leftover);
        this.consume(data);
        return;
      }
    }
    while (pos < end) {
      if (this.chunkRemaining > 0) {
        const st = this.current!;
        const n = this.chunkRemaining < end - pos ? this.chunkRemaining : end - pos;
        data.copy(st.payload!, st.received, pos, pos + n);
        st.received += n;
        this.chunkRemaining -= n;
        pos += n;
        if (st.received === st.length) this.complete(st);
        continue;
      }
      const headerLength = this.parseHeader(data, pos, end);
      if (headerLength < 0) {
        data.copy(this.stage, 0, pos, end);
        this.stagedLength = end - pos;
        return;
      }
      pos += headerLength;
    }
  }

  /**
   * Parses one chunk header at buf[pos..end). Returns its length, or -1 when more bytes are
   * needed; state changes only on success. Sets `current`/`chunkRemaining` for the payload.
   */
  private parseHeader(buf: Buffer, pos: number, end: number): number {
    const start = pos;
    if (pos >= end) return -1;
    const b0 = buf[pos++];
    const fmt = b0 >> 6;
    let csid = b0 & 0x3f;
    // §5.3.1.1: csid 0 → one more byte (64–319), 1 → two more bytes little-endian (64–65599).
    if (csid === 0) {
      if (pos + 1 > end) return -1;
      csid = buf[pos++] + 64;
    } else if (csid === 1) {
      if (pos + 2 > end) return -1;
      csid = buf[pos] + buf[pos + 1] * 256 + 64;
      pos += 2;
    }
    let st = this.streams.get(csid);

    if (fmt === 3) {
      if (!st) {
        throw new RtmpProtocolError('CHUNK_NO_HEADER', `RTMP chunk stream ${csid}: type-3 chunk without a previous header`);
      }
      if (st.extended) {
        // The extended timestamp repeats in type-3 chunks when the last header had one (FFmpeg
        // and librtmp write it, §5.3.1.3). Some encoders omit it, so accept it only when it
        // matches the value it must repeat, as nginx-rtmp and SRS do.
        if (pos + 4 > end) return -1;
        if (buf.readUInt32BE(pos) === st.delta) pos += 4;
      }
      if (st.payload === null) {
        // A new message with every header field repeated, including the delta.
        this.beginMessage(st, (st.timestamp + st.delta) >>> 0);
      }
      this.startChunk(st);
      return pos - start;
    }

    const headerSize = fmt === 0 ? 11 : fmt === 1 ? 7 : 3;
    if (pos + headerSize > end) return -1;
    let tsField = (buf[pos] << 16) | (buf[pos + 1] << 8) | buf[pos + 2];
    const extended = tsField === EXTENDED_TIMESTAMP;
    if (extended) {
      if (pos + headerSize + 4 > end) return -1;
      tsField = buf.readUInt32BE(pos + headerSize);
    }
    if (!st) {
      // A fresh chunk stream must start with type 0; type 1 is tolerated with stream id 0
      // (librtmp-derived encoders do it, and SRS accepts it).
      if (fmt === 2) {
        throw new RtmpProtocolError('CHUNK_NO_HEADER', `RTMP chunk stream ${csid}: type-2 chunk without a previous header`);
      }
      if (this.streams.size >= this.maxChunkStreams) {
        throw new RtmpProtocolError(
          'TOO_MANY_CHUNK_STREAMS',
          `RTMP peer opened more than ${this.maxChunkStreams} chunk streams`,
        );
      }
      st = new ChunkStreamState(csid);
      this.streams.set(csid, st);
    }
    let length = st.length;
    let typeId = st.typeId;
    let streamId = st.streamId;
    if (fmt <= 1) {
      length = (buf[pos + 3] << 16) | (buf[pos + 4] << 8) | buf[pos + 5];
      typeId = buf[pos + 6];
      if (fmt === 0) streamId = buf.readUInt32LE(pos + 7);
    }
    pos += headerSize + (extended ? 4 : 0);

    // A type 0/1/2 header in the middle of a message abandons it (the peer gave up on it, as
    // an Abort would have said); the new header starts a new message.
    if (st.payload !== null) this.dropPartial(st);
    st.length = length;
    st.typeId = typeId;
    st.streamId = streamId;
    st.extended = extended;
    st.delta = tsField;
    this.beginMessage(st, fmt === 0 ? tsField : (st.timestamp + tsField) >>> 0);
    this.startChunk(st);
    return pos - start;
  }

  private beginMessage(st: ChunkStreamState, timestamp: number): void {
    const length = st.length;
    if (length > this.maxMessageSize) {
      throw new RtmpProtocolError(
        'MESSAGE_TOO_LARGE',
        `RTMP message of ${length} bytes on chunk stream ${st.csid} exceeds the ${this.maxMessageSize}-byte limit`,
      );
    }
    if (this.pendingBytes + length > this.maxPendingBytes) {
      throw new RtmpProtocolError(
        'MESSAGE_TOO_LARGE',
        `RTMP peer has more than ${this.maxPendingBytes} bytes of messages in flight`,
      );
    }
    st.timestamp = timestamp;
    st.payload = Buffer.allocUnsafe(length);
    st.received = 0;
    this.pendingBytes += length;
  }

  private startChunk(st: ChunkStreamState): void {
    const remaining = st.length - st.received;
    this.current = st;
    this.chunkRemaining = remaining < this.chunkSize ? remaining : this.chunkSize;
    if (remaining === 0) this.complete(st); // zero-length message: the header is all there is
  }

  private dropPartial(st: ChunkStreamState): void {
    if (st.payload === null) return;
    this.pendingBytes -= st.length;
    st.payload = null;
    st.received = 0;
    if (this.current === st) {
      this.current = null;
      this.chunkRemaining = 0;
    }
  }

  private complete(st: ChunkStreamState): void {
    const payload = st.payload!;
    st.payload = null;
    this.pendingBytes -= st.length;
    const message: RtmpReceivedMessage = {
      typeId: st.typeId,
      streamId: st.streamId,
      timestamp: st.timestamp,
      payload,
      csid: st.csid,
    };
    if (st.typeId === RtmpMessageType.SetChunkSize) this.applySetChunkSize(payload);
    else if (st.typeId === RtmpMessageType.Abort) this.applyAbort(payload);
    this.out.push(message);
  }

  /** §5.4.1. */
  private applySetChunkSize(payload: Buffer): void {
    if (payload.length < 4) {
      throw new RtmpProtocolError('INVALID_CONTROL_MESSAGE', `RTMP Set Chunk Size with ${payload.length} bytes; expected 4`);
    }
    const size = payload.readUInt32BE(0);
    if (size === 0 || size > RTMP_MAX_CHUNK_SIZE) {
      throw new RtmpProtocolError('INVALID_CHUNK_SIZE', `RTMP Set Chunk Size ${size}: must be 1–${RTMP_MAX_CHUNK_SIZE}`);
    }
    this.chunkSize = size;
  }

  /** §5.4.2: discard the partial message on the named chunk stream. */
  private applyAbort(payload: Buffer): void {
    if (payload.length < 4) {
      throw new RtmpProtocolError('INVALID_CONTROL_MESSAGE', `RTMP Abort with ${payload.length} bytes; expected 4`);
    }
    const st = this.streams.get(payload.readUInt32BE(0));
    if (st) this.dropPartial(st);
  }
}
