// An RTMP message as the chunk layer delivers it (RTMP 1.0 §6.1), and the message type ids.

export interface RtmpMessage {
  /** Message type id (RtmpMessageType). */
  typeId: number;
  /** Message stream id: 0 for NetConnection/control, the createStream result for a NetStream. */
  streamId: number;
  /**
   * Timestamp in milliseconds, 32 bits unsigned exactly as on the wire (it wraps after ~49.7 days;
   * callers that keep a timeline unwrap it).
   */
  timestamp: number;
  payload: Buffer;
}

export interface RtmpReceivedMessage extends RtmpMessage {
  /** The chunk stream id the message arrived on. */
  csid: number;
}

/** RTMP 1.0 §5.4 (protocol control), §6.2 (user control), §7.1 (everything else). */
export const RtmpMessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  SharedObjectAmf3: 16,
  CommandAmf3: 17,
  DataAmf0: 18,
  SharedObjectAmf0: 19,
  CommandAmf0: 20,
  Aggregate: 22,
} as const;

/**
 * Chunk stream ids used by Relaybox when it writes. Any id ≥ 3 works; commands, audio and video
 * use FFmpeg's (libavformat/rtmppkt.h: 3, 4, 6), so captures from both look alike. FFmpeg sends
 * data messages on 4 as well; we keep them on their own id. 2 is reserved for protocol control
 * messages (RTMP 1.0 §5.4).
 */
export const RtmpChunkStreamId = {
  Control: 2,
  Command: 3,
  Audio: 4,
  Video: 6,
  Data: 5,
} as const;
