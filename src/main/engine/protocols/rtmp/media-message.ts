// Access units ↔ RTMP audio/video messages (types 8/9, whose payloads are FLV tag bodies).
import type { AccessUnit, Track } from '../media/types';
import { flvBodyFromAccessUnit, flvTimestampMs } from '../flv/access-unit';
import { flvAudioSequenceStartBody, flvVideoSequenceStartBody } from '../flv/sequence-header';
import { RtmpMessageType, type RtmpMessage } from './message';
import { serializeMessage } from './chunk-writer';

/**
 * The message stream id of every play stream Relaybox serves (the createStream answer), so one
 * serialization fits every reader; see chunk-writer.ts.
 */
export const PLAY_STREAM_ID = 1;

export function rtmpMessageFromAccessUnit(au: AccessUnit, track: Track, streamId = PLAY_STREAM_ID): RtmpMessage {
  return {
    typeId: track.kind === 'video' ? RtmpMessageType.Video : RtmpMessageType.Audio,
    streamId,
    timestamp: flvTimestampMs(au, track) >>> 0,
    payload: flvBodyFromAccessUnit(au, track),
  };
}

/** The sequence header message for a track (undefined for MP3, which has none). */
export function rtmpSequenceStartMessage(track: Track, timestampMs = 0, streamId = PLAY_STREAM_ID): RtmpMessage | undefined {
  const payload = track.kind === 'video' ? flvVideoSequenceStartBody(track) : flvAudioSequenceStartBody(track);
  if (!payload) return undefined;
  return { typeId: track.kind === 'video' ? RtmpMessageType.Video : RtmpMessageType.Audio, streamId, timestamp: timestampMs >>> 0, payload };
}

/** Chunks for an access unit, computed once and written unchanged to every reader. */
export function serializeAccessUnit(au: AccessUnit, track: Track, chunkSize: number, streamId = PLAY_STREAM_ID): Buffer {
  return serializeMessage(rtmpMessageFromAccessUnit(au, track, streamId), chunkSize);
}
