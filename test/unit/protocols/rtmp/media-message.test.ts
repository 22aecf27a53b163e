import { describe, expect, it } from 'vitest';
import { PLAY_STREAM_ID, rtmpMessageFromAccessUnit, rtmpSequenceStartMessage, serializeAccessUnit } from '../../../../src/main/engine/protocols/rtmp/media-message';
import { RtmpChunkReader } from '../../../../src/main/engine/protocols/rtmp/chunk-reader';
import { serializeMessage } from '../../../../src/main/engine/protocols/rtmp/chunk-writer';
import { setChunkSizeMessage } from '../../../../src/main/engine/protocols/rtmp/control-messages';
import type { AudioTrack, VideoTrack } from '../../../../src/main/engine/protocols/media/types';

const h264: VideoTrack = {
  kind: 'video',
  codec: 'H264',
  clockRate: 90000,
  sps: Buffer.from('6764001eacd940a02ff970110000030001000003003c0f162d96', 'hex'),
  pps: Buffer.from('68ebecb22c', 'hex'),
};
const aac: AudioTrack = { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from('1190', 'hex') };

describe('access units as RTMP messages', () => {
  it('builds a video message on the play stream with the ms timestamp and composition time', () => {
    const au = { track: 0, dts: 90 * 1000, pts: 90 * 1040, key: true, nalus: [Buffer.from([0x65, 1, 2])] };
    const m = rtmpMessageFromAccessUnit(au, h264);
    expect(m).toMatchObject({ typeId: 9, streamId: PLAY_STREAM_ID, timestamp: 1000 });
    expect(m.payload.toString('hex')).toBe('1701000028' + '00000003650102');
  });

  it('builds an audio message with the timestamp converted from the sample clock', () => {
    const m = rtmpMessageFromAccessUnit({ track: 1, dts: 48000 * 2, pts: 48000 * 2, key: true, payload: Buffer.from([9]) }, aac);
    expect(m).toMatchObject({ typeId: 8, streamId: 1, timestamp: 2000 });
    expect(m.payload.toString('hex')).toBe('af0109');
  });

  it('wraps timestamps to 32 bits', () => {
    const m = rtmpMessageFromAccessUnit({ track: 1, dts: 48 * (2 ** 32 + 5), pts: 0, key: true, payload: Buffer.from([9]) }, aac);
    expect(m.timestamp).toBe(5);
  });

  it('builds sequence headers (none for MP3)', () => {
    expect(rtmpSequenceStartMessage(aac)!.payload.toString('hex')).toBe('af001190');
    expect(rtmpSequenceStartMessage(h264)!.payload.subarray(0, 5).toString('hex')).toBe('1700000000');
    expect(rtmpSequenceStartMessage({ kind: 'audio', codec: 'MP3', clockRate: 44100, channels: 2 })).toBeUndefined();
  });

  it('serializes once into chunks any reader decodes to the same message', () => {
    const au = { track: 0, dts: 90 * 40, pts: 90 * 40, key: false, nalus: [Buffer.alloc(10000, 1)] };
    const chunks = serializeAccessUnit(au, h264, 4096);
    const reader = new RtmpChunkReader();
    reader.feed(serializeMessage(setChunkSizeMessage(4096)));
    const [m] = reader.feed(chunks);
    expect(m).toMatchObject({ typeId: 9, streamId: 1, timestamp: 40, csid: 6 });
    expect(m.payload.equals(rtmpMessageFromAccessUnit(au, h264).payload)).toBe(true);
  });
});
