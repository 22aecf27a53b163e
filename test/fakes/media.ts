// Tracks and access units for stream tests (payload bytes are filler; sizes matter).
import type { AccessUnit, AudioTrack, VideoTrack } from '../../src/main/engine/protocols/media/types';

export const H264_TRACK: VideoTrack = {
  kind: 'video',
  codec: 'H264',
  clockRate: 90000,
  sps: Buffer.from([0x67, 0x64, 0x00, 0x1f]),
  pps: Buffer.from([0x68, 0xee, 0x3c, 0x80]),
  width: 1280,
  height: 720,
};

export const AAC_TRACK: AudioTrack = {
  kind: 'audio',
  codec: 'AAC',
  clockRate: 48000,
  channels: 2,
  config: Buffer.from([0x11, 0x90]),
};

export const OPUS_TRACK: AudioTrack = { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 };

/** Video unit on track `track` at frame `n` (30 fps), `size` payload bytes. */
export function videoUnit(n: number, key: boolean, size = 100, track = 0): AccessUnit {
  const nalu = Buffer.alloc(size, key ? 0x65 : 0x41);
  return { track, dts: n * 3000, pts: n * 3000, key, nalus: [nalu] };
}

/** AAC frame `n` (1024 samples at 48 kHz) on track `track`. */
export function audioUnit(n: number, size = 20, track = 1): AccessUnit {
  return { track, dts: n * 1024, pts: n * 1024, key: true, payload: Buffer.alloc(size, 0x21) };
}
