// RTMP play output: each access unit is turned into chunks once per chunk size and the same
// Buffer goes to every RTMP reader (issue 3 item 4). Possible because every play stream uses
// message stream id 1 and the stream's own timeline, and each message starts with a type-0
// chunk header (see protocols/rtmp/chunk-writer.ts).
import type { FormatEncoder, OutputFormat } from '../../core';
import type { Stream } from '../../core';
import { metadataForTracks } from '../../protocols/flv/script-tag';
import { onMetaDataMessage } from '../../protocols/rtmp/commands';
import { serializeMessage } from '../../protocols/rtmp/chunk-writer';
import { PLAY_STREAM_ID, rtmpSequenceStartMessage, serializeAccessUnit } from '../../protocols/rtmp/media-message';
import type { Track } from '../../protocols/media/types';

/**
 * Codecs an RTMP reader can receive (legacy FLV ids or Enhanced RTMP FourCCs). Opus exists only
 * in Enhanced RTMP: a reader that did not announce it (FFmpeg ≤ 6, VLC) would stall on it, so it
 * gets the video alone. Video has no such fallback and is always sent.
 */
export function rtmpCarries(track: Track, opus = true): boolean {
  return track.kind === 'video' ? ['H264', 'H265', 'AV1'].includes(track.codec) : ['AAC', 'MP3'].includes(track.codec) || (opus && track.codec === 'Opus');
}

const formats = new Map<string, OutputFormat<Buffer>>();

export function rtmpFormat(chunkSize: number, opus = false): OutputFormat<Buffer> {
  const key = `rtmp/${chunkSize}${opus ? '+opus' : ''}`;
  let f = formats.get(key);
  if (!f) {
    f = { key, createEncoder: (stream) => createEncoder(stream, chunkSize, opus) };
    formats.set(key, f);
  }
  return f;
}

function createEncoder(stream: Stream, chunkSize: number, opus: boolean): FormatEncoder<Buffer> {
  const tracks = stream.tracks;
  const carried = tracks.map((t) => rtmpCarries(t, opus));
  // Metadata + sequence headers: what a reader needs before the first frame, built once.
  const parts: Buffer[] = [serializeMessage(onMetaDataMessage(metadataForTracks(tracks.filter((_t, i) => carried[i])), PLAY_STREAM_ID), chunkSize)];
  tracks.forEach((t, i) => {
    if (!carried[i]) return;
    const m = rtmpSequenceStartMessage(t, 0, PLAY_STREAM_ID);
    if (m) parts.push(serializeMessage(m, chunkSize));
  });
  const header = Buffer.concat(parts);
  return {
    header: () => header,
    encode: (au) => (carried[au.track] ? serializeAccessUnit(au, tracks[au.track], chunkSize, PLAY_STREAM_ID) : null),
    byteLength: (b) => b.length,
  };
}
