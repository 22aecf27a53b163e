// The stream model every protocol converts to and from (DESIGN §6).
// Timestamps are integers in the track's clockRate (90 kHz for video, the sample rate for audio),
// so RTP carries them unchanged and RTMP/FLV converts with one multiplication.

export type VideoCodec = 'H264' | 'H265' | 'AV1';
export type AudioCodec = 'AAC' | 'Opus' | 'MP3';

export interface VideoTrack {
  kind: 'video';
  codec: VideoCodec;
  clockRate: 90000;
  /** H.264/H.265 parameter sets (NAL units without start codes). */
  vps?: Buffer;
  sps?: Buffer;
  pps?: Buffer;
  /** AV1: the av1C record's configOBUs, if any. */
  av1SequenceHeader?: Buffer;
  width?: number;
  height?: number;
  /** e.g. "avc1.64001f", for HLS CODECS and WebRTC profile negotiation. */
  codecString?: string;
}

export interface AudioTrack {
  kind: 'audio';
  codec: AudioCodec;
  clockRate: number;
  channels: number;
  /** AAC AudioSpecificConfig; Opus has none. */
  config?: Buffer;
  codecString?: string;
}

export type Track = VideoTrack | AudioTrack;

/**
 * One access unit of one track. Video: `nalus` (H.264/H.265, no start codes) or `obus` (AV1
 * temporal unit as one buffer in `payload`). Audio: one raw frame in `payload`.
 */
export interface AccessUnit {
  /** Index into the stream's track list. */
  track: number;
  dts: number;
  pts: number;
  /** Video: a random access point (IDR / IRAP / AV1 key frame). Audio: always true. */
  key: boolean;
  nalus?: Buffer[];
  payload?: Buffer;
}
