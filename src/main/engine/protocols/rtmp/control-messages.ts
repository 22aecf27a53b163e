// Protocol control messages (RTMP 1.0 §5.4) and User Control messages (§6.2, §7.1.7).
// Builders return RtmpMessage values (stream 0, timestamp 0); serialize them with
// `serializeMessage(msg, chunkSize)`, which puts them on chunk stream 2.
import { RtmpProtocolError } from './errors';
import { RtmpMessageType, type RtmpMessage } from './message';

function control(typeId: number, payload: Buffer): RtmpMessage {
  return { typeId, streamId: 0, timestamp: 0, payload };
}

function uint32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
}

function readUint32(payload: Buffer, what: string): number {
  if (payload.length < 4) {
    throw new RtmpProtocolError('INVALID_CONTROL_MESSAGE', `RTMP ${what} with ${payload.length} bytes; expected 4`);
  }
  return payload.readUInt32BE(0);
}

/** §5.4.1: the top bit must be 0. */
export function setChunkSizeMessage(size: number): RtmpMessage {
  if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) throw new RangeError(`RTMP chunk size ${size} out of range 1–2147483647`);
  return control(RtmpMessageType.SetChunkSize, uint32(size));
}

/** §5.4.2: the receiver discards the partial message on `csid`. */
export function abortMessage(csid: number): RtmpMessage {
  return control(RtmpMessageType.Abort, uint32(csid));
}

/** §5.4.3: bytes received so far (the sequence number wraps at 2^32). */
export function acknowledgementMessage(sequenceNumber: number): RtmpMessage {
  return control(RtmpMessageType.Acknowledgement, uint32(sequenceNumber));
}

/** §5.4.4: how many bytes the peer may send before it must see an Acknowledgement. */
export function windowAckSizeMessage(size: number): RtmpMessage {
  return control(RtmpMessageType.WindowAckSize, uint32(size));
}

/** §5.4.5 limit types: 0 hard, 1 soft, 2 dynamic. */
export const PeerBandwidthLimit = { Hard: 0, Soft: 1, Dynamic: 2 } as const;

export function setPeerBandwidthMessage(size: number, limitType: number = PeerBandwidthLimit.Dynamic): RtmpMessage {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt32BE(size >>> 0, 0);
  b[4] = limitType;
  return control(RtmpMessageType.SetPeerBandwidth, b);
}

export function parseSetChunkSize(payload: Buffer): number {
  const size = readUint32(payload, 'Set Chunk Size');
  if (size === 0 || size > 0x7fffffff) {
    throw new RtmpProtocolError('INVALID_CHUNK_SIZE', `RTMP Set Chunk Size ${size}: must be 1–2147483647`);
  }
  return size;
}

export function parseAbort(payload: Buffer): number {
  return readUint32(payload, 'Abort');
}

export function parseAcknowledgement(payload: Buffer): number {
  return readUint32(payload, 'Acknowledgement');
}

export function parseWindowAckSize(payload: Buffer): number {
  return readUint32(payload, 'Window Acknowledgement Size');
}

export function parseSetPeerBandwidth(payload: Buffer): { size: number; limitType: number } {
  if (payload.length < 5) {
    throw new RtmpProtocolError('INVALID_CONTROL_MESSAGE', `RTMP Set Peer Bandwidth with ${payload.length} bytes; expected 5`);
  }
  return { size: payload.readUInt32BE(0), limitType: payload[4] };
}

/** §7.1.7 event types, plus the buffer events FMS and Red5 send (0x1f/0x20). */
export const UserControlEventType = {
  StreamBegin: 0,
  StreamEof: 1,
  StreamDry: 2,
  SetBufferLength: 3,
  StreamIsRecorded: 4,
  PingRequest: 6,
  PingResponse: 7,
  BufferEmpty: 31,
  BufferReady: 32,
} as const;

export type UserControlEvent =
  | { type: 'StreamBegin' | 'StreamEof' | 'StreamDry' | 'StreamIsRecorded' | 'BufferEmpty' | 'BufferReady'; streamId: number }
  | { type: 'SetBufferLength'; streamId: number; bufferLength: number }
  | { type: 'PingRequest' | 'PingResponse'; timestamp: number }
  | { type: 'Unknown'; eventType: number; data: Buffer };

const streamEventNames = {
  [UserControlEventType.StreamBegin]: 'StreamBegin',
  [UserControlEventType.StreamEof]: 'StreamEof',
  [UserControlEventType.StreamDry]: 'StreamDry',
  [UserControlEventType.StreamIsRecorded]: 'StreamIsRecorded',
  [UserControlEventType.BufferEmpty]: 'BufferEmpty',
  [UserControlEventType.BufferReady]: 'BufferReady',
} as const;

/** Parses a User Control message payload (type 4): 2-byte event type, then event data. */
export function parseUserControl(payload: Buffer): UserControlEvent {
  if (payload.length < 2) {
    throw new RtmpProtocolError('INVALID_CONTROL_MESSAGE', `RTMP User Control message with ${payload.length} bytes`);
  }
  const eventType = payload.readUInt16BE(0);
  const need = eventType === UserControlEventType.SetBufferLength ? 10 : 6;
  const known =
    eventType in streamEventNames ||
    eventType === UserControlEventType.SetBufferLength ||
    eventType === UserControlEventType.PingRequest ||
    eventType === UserControlEventType.PingResponse;
  if (!known) return { type: 'Unknown', eventType, data: payload.subarray(2) };
  if (payload.length < need) {
    throw new RtmpProtocolError(
      'INVALID_CONTROL_MESSAGE',
      `RTMP User Control event ${eventType} with ${payload.length} bytes; expected ${need}`,
    );
  }
  const value = payload.readUInt32BE(2);
  if (eventType === UserControlEventType.SetBufferLength) {
    return { type: 'SetBufferLength', streamId: value, bufferLength: payload.readUInt32BE(6) };
  }
  if (eventType === UserControlEventType.PingRequest) return { type: 'PingRequest', timestamp: value };
  if (eventType === UserControlEventType.PingResponse) return { type: 'PingResponse', timestamp: value };
  return { type: streamEventNames[eventType as keyof typeof streamEventNames], streamId: value };
}

function userControl(eventType: number, ...values: number[]): RtmpMessage {
  const b = Buffer.allocUnsafe(2 + 4 * values.length);
  b.writeUInt16BE(eventType, 0);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 2 + 4 * i));
  return control(RtmpMessageType.UserControl, b);
}

/** Builds a User Control message from an event (the inverse of parseUserControl). */
export function userControlMessage(event: UserControlEvent): RtmpMessage {
  switch (event.type) {
    case 'SetBufferLength':
      return userControl(UserControlEventType.SetBufferLength, event.streamId, event.bufferLength);
    case 'PingRequest':
      return userControl(UserControlEventType.PingRequest, event.timestamp);
    case 'PingResponse':
      return userControl(UserControlEventType.PingResponse, event.timestamp);
    case 'Unknown': {
      const b = Buffer.allocUnsafe(2 + event.data.length);
      b.writeUInt16BE(event.eventType, 0);
      event.data.copy(b, 2);
      return control(RtmpMessageType.UserControl, b);
    }
    default:
      return userControl(UserControlEventType[event.type], event.streamId);
  }
}

export const streamBeginMessage = (streamId: number): RtmpMessage => userControl(UserControlEventType.StreamBegin, streamId);
export const streamEofMessage = (streamId: number): RtmpMessage => userControl(UserControlEventType.StreamEof, streamId);
export const streamDryMessage = (streamId: number): RtmpMessage => userControl(UserControlEventType.StreamDry, streamId);
export const streamIsRecordedMessage = (streamId: number): RtmpMessage =>
  userControl(UserControlEventType.StreamIsRecorded, streamId);
export const setBufferLengthMessage = (streamId: number, bufferLength: number): RtmpMessage =>
  userControl(UserControlEventType.SetBufferLength, streamId, bufferLength);
export const pingRequestMessage = (timestamp: number): RtmpMessage => userControl(UserControlEventType.PingRequest, timestamp);
export const pingResponseMessage = (timestamp: number): RtmpMessage => userControl(UserControlEventType.PingResponse, timestamp);
