// Splits messages into chunks (RTMP 1.0 §5.3).
//
// Serialize once, write to every reader: `serializeMessage` emits a type-0 header on the first
// chunk and type-3 headers after it. A type-0 header carries the absolute timestamp, length, type
// and message stream id, so decoding it needs no state from earlier messages on the chunk
// stream; the type-3 continuations depend only on that type-0 header. The bytes therefore mean
// the same thing to every reader, whatever each one received before and whenever it joined. The
// only per-connection inputs left are fixed by the server for all play sessions:
// - the chunk size: serialize once per distinct outgoing chunk size (the server announces the
//   same one to every reader, so that is one serialization);
// - the message stream id: the server answers createStream with 1 for play sessions, so the
//   bytes use stream id 1;
// - the timestamp: the stream's own timeline (ms since the publisher's first message), not one
//   rebased per reader. Players accept a first timestamp above zero (RTMP has no rule that a
//   play starts at 0; FFmpeg, VLC and flv.js read the deltas), so nothing is rewritten.
// Type-1/2/3 compression of whole messages would save 4–11 bytes per message but bake each
// reader's history into the bytes; it is offered separately by RtmpChunkWriter for single-peer
// connections (publishing to another server).
import type { RtmpMessage } from './message';
import { RtmpChunkStreamId, RtmpMessageType } from './message';
import { RTMP_DEFAULT_CHUNK_SIZE, RTMP_MAX_CHUNK_SIZE } from './chunk-reader';

const EXTENDED_TIMESTAMP = 0xffffff;

function basicHeaderSize(csid: number): number {
  return csid < 64 ? 1 : csid < 320 ? 2 : 3;
}

function checkChunkStreamId(csid: number): void {
  if (!Number.isInteger(csid) || csid < 2 || csid > 65599) {
    throw new RangeError(`RTMP chunk stream id ${csid} out of range 2–65599`);
  }
}

function checkChunkSize(chunkSize: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > RTMP_MAX_CHUNK_SIZE) {
    throw new RangeError(`RTMP chunk size ${chunkSize} out of range 1–${RTMP_MAX_CHUNK_SIZE}`);
  }
}

/** §5.3.1.1. */
function writeBasicHeader(target: Buffer, pos: number, fmt: number, csid: number): number {
  if (csid < 64) {
    target[pos] = (fmt << 6) | csid;
    return pos + 1;
  }
  if (csid < 320) {
    target[pos] = fmt << 6;
    target[pos + 1] = csid - 64;
    return pos + 2;
  }
  target[pos] = (fmt << 6) | 1;
  target[pos + 1] = (csid - 64) & 0xff;
  target[pos + 2] = (csid - 64) >> 8;
  return pos + 3;
}

/** The chunk stream id Relaybox uses for a message type (control 2, commands 3, media 4/6). */
export function defaultChunkStreamId(typeId: number): number {
  switch (typeId) {
    case RtmpMessageType.SetChunkSize:
    case RtmpMessageType.Abort:
    case RtmpMessageType.Acknowledgement:
    case RtmpMessageType.UserControl:
    case RtmpMessageType.WindowAckSize:
    case RtmpMessageType.SetPeerBandwidth:
      return RtmpChunkStreamId.Control;
    case RtmpMessageType.Audio:
      return RtmpChunkStreamId.Audio;
    case RtmpMessageType.Video:
      return RtmpChunkStreamId.Video;
    case RtmpMessageType.DataAmf0:
    case RtmpMessageType.DataAmf3:
      return RtmpChunkStreamId.Data;
    default:
      return RtmpChunkStreamId.Command;
  }
}

/** Size in bytes of `serializeMessage`'s output. */
export function serializedMessageSize(payloadLength: number, chunkSize: number, csid: number, timestamp: number): number {
  const chunks = payloadLength === 0 ? 1 : Math.ceil(payloadLength / chunkSize);
  const ext = timestamp >= EXTENDED_TIMESTAMP ? 4 : 0;
  const basic = basicHeaderSize(csid);
  return basic + 11 + ext + payloadLength + (chunks - 1) * (basic + ext);
}

/**
 * Writes `msg` as chunks into `target` at `pos` (type 0, then type 3); returns the end offset.
 * The target must have `serializedMessageSize(...)` bytes free.
 */
export function writeMessageChunks(target: Buffer, pos: number, msg: RtmpMessage, chunkSize: number, csid: number): number {
  const payload = msg.payload;
  const length = payload.length;
  const timestamp = msg.timestamp >>> 0;
  const extended = timestamp >= EXTENDED_TIMESTAMP;
  const field = extended ? EXTENDED_TIMESTAMP : timestamp;
  pos = writeBasicHeader(target, pos, 0, csid);
  target[pos] = field >>> 16;
  target[pos + 1] = (field >>> 8) & 0xff;
  target[pos + 2] = field & 0xff;
  target[pos + 3] = length >>> 16;
  target[pos + 4] = (length >>> 8) & 0xff;
  target[pos + 5] = length & 0xff;
  target[pos + 6] = msg.typeId;
  target.writeUInt32LE(msg.streamId >>> 0, pos + 7);
  pos += 11;
  if (extended) pos = target.writeUInt32BE(timestamp, pos);
  let offset = 0;
  for (;;) {
    const n = length - offset < chunkSize ? length - offset : chunkSize;
    pos += payload.copy(target, pos, offset, offset + n);
    offset += n;
    if (offset >= length) return pos;
    // Type-3 continuation; it repeats the extended timestamp (§5.3.1.3), as FFmpeg expects.
    pos = writeBasicHeader(target, pos, 3, csid);
    if (extended) pos = target.writeUInt32BE(timestamp, pos);
  }
}

/**
 * One message as one Buffer of chunks: type-0 header (absolute timestamp) on the first chunk,
 * type-3 on the rest. The result is the same for every reader; see the file comment.
 */
export function serializeMessage(
  msg: RtmpMessage,
  chunkSize: number = RTMP_DEFAULT_CHUNK_SIZE,
  csid: number = defaultChunkStreamId(msg.typeId),
): Buffer {
  checkChunkSize(chunkSize);
  checkChunkStreamId(csid);
  if (msg.payload.length > 0xffffff) throw new RangeError(`RTMP message of ${msg.payload.length} bytes exceeds the 24-bit length field`);
  const out = Buffer.allocUnsafe(serializedMessageSize(msg.payload.length, chunkSize, csid, msg.timestamp >>> 0));
  writeMessageChunks(out, 0, msg, chunkSize, csid);
  return out;
}

interface WriterChunkStreamState {
  timestamp: number;
  /** Timestamp field of the last type 0/1/2 header (see the reader's ChunkStreamState). */
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
}

/**
 * Stateful writer for one connection, compressing headers like FFmpeg's writer: type 1 when only
 * length/type change, type 2 when only the delta changes, type 3 when nothing does. Use it for a
 * single peer (e.g. publishing to another server); for fan-out use `serializeMessage`.
 */
export class RtmpChunkWriter {
  private readonly streams = new Map<number, WriterChunkStreamState>();
  private size = RTMP_DEFAULT_CHUNK_SIZE;

  get chunkSize(): number {
    return this.size;
  }

  /** Changes the outgoing chunk size; send a Set Chunk Size message (serialized before this call). */
  set chunkSize(size: number) {
    checkChunkSize(size);
    this.size = size;
  }

  write(msg: RtmpMessage, csid: number = defaultChunkStreamId(msg.typeId)): Buffer {
    checkChunkStreamId(csid);
    const payload = msg.payload;
    const length = payload.length;
    if (length > 0xffffff) throw new RangeError(`RTMP message of ${length} bytes exceeds the 24-bit length field`);
    const timestamp = msg.timestamp >>> 0;
    const prev = this.streams.get(csid);
    let fmt = 0;
    let field = timestamp;
    if (prev && prev.streamId === msg.streamId && timestamp >= prev.timestamp) {
      field = timestamp - prev.timestamp;
      if (prev.length === length && prev.typeId === msg.typeId) fmt = field === prev.delta ? 3 : 2;
      else fmt = 1;
    }
    const extended = field >= EXTENDED_TIMESTAMP;
    const basic = basicHeaderSize(csid);
    const headerSize = fmt === 0 ? 11 : fmt === 1 ? 7 : fmt === 2 ? 3 : 0;
    const ext = extended ? 4 : 0;
    const chunks = length === 0 ? 1 : Math.ceil(length / this.size);
    const out = Buffer.allocUnsafe(basic + headerSize + ext + length + (chunks - 1) * (basic + ext));
    let pos = writeBasicHeader(out, 0, fmt, csid);
    if (fmt < 3) {
      const f = extended ? EXTENDED_TIMESTAMP : field;
      out[pos] = f >>> 16;
      out[pos + 1] = (f >>> 8) & 0xff;
      out[pos + 2] = f & 0xff;
      if (fmt < 2) {
        out[pos + 3] = length >>> 16;
        out[pos + 4] = (length >>> 8) & 0xff;
        out[pos + 5] = length & 0xff;
        out[pos + 6] = msg.typeId;
        if (fmt === 0) out.writeUInt32LE(msg.streamId >>> 0, pos + 7);
      }
      pos += headerSize;
    }
    if (extended) pos = out.writeUInt32BE(field, pos);
    let offset = 0;
    for (;;) {
      const n = length - offset < this.size ? length - offset : this.size;
      pos += payload.copy(out, pos, offset, offset + n);
      offset += n;
      if (offset >= length) break;
      pos = writeBasicHeader(out, pos, 3, csid);
      if (extended) pos = out.writeUInt32BE(field, pos);
    }
    this.streams.set(csid, { timestamp, delta: field, length, typeId: msg.typeId, streamId: msg.streamId });
    return out;
  }
}
