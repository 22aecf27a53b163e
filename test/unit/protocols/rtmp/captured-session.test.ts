// Parses real client sessions captured from FFmpeg (see test/fixtures/rtmp/make-fixtures.ts):
// handshake → chunk stream → commands, metadata, sequence headers, media; and checks the media
// against what ffprobe reports for the file FFmpeg was publishing.
import { describe, expect, it } from 'vitest';
import { RtmpServerHandshake } from '../../../../src/main/engine/protocols/rtmp/handshake';
import { RtmpChunkReader } from '../../../../src/main/engine/protocols/rtmp/chunk-reader';
import { metadataOf, parseCommand, parseDataMessage, readConnectParams, readPlayParams, readPublishParams, readStreamName } from '../../../../src/main/engine/protocols/rtmp/commands';
import { parseUserControl, parseWindowAckSize } from '../../../../src/main/engine/protocols/rtmp/control-messages';
import { RtmpMessageType, type RtmpReceivedMessage } from '../../../../src/main/engine/protocols/rtmp/message';
import { parseFlvVideoTag } from '../../../../src/main/engine/protocols/flv/video-tag';
import { parseFlvAudioTag } from '../../../../src/main/engine/protocols/flv/audio-tag';
import { audioTrackFromSequenceStart, videoTrackFromSequenceStart } from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import type { AudioTrack } from '../../../../src/main/engine/protocols/media/types';
import { probeFixture, rtmpFixture } from '../../../fixtures/rtmp/load';

/** Runs captured client bytes through the server handshake and chunk reader in `slice`-byte reads. */
function replay(capture: Buffer, slice: number): RtmpReceivedMessage[] {
  const handshake = new RtmpServerHandshake();
  const reader = new RtmpChunkReader();
  const out: RtmpReceivedMessage[] = [];
  for (let pos = 0; pos < capture.length; pos += slice) {
    let data = capture.subarray(pos, pos + slice);
    if (!handshake.done) {
      const step = handshake.feed(data);
      if (!step.rest) continue;
      data = step.rest;
    }
    out.push(...reader.feed(data));
  }
  return out;
}

const commandsOf = (messages: RtmpReceivedMessage[]) =>
  messages.filter((m) => m.typeId === RtmpMessageType.CommandAmf0).map((m) => parseCommand(m));

describe('captured FFmpeg publish session', () => {
  const capture = rtmpFixture('ffmpeg-publish.c2s.bin');
  const probe = probeFixture('h264-aac.probe.json');

  it.each([1, 100, 1460, 65536])('yields the same messages when read in %i-byte pieces', (slice) => {
    const reference = replay(capture, 65536);
    const messages = replay(capture, slice);
    expect(messages.length).toBe(reference.length);
    expect(messages.map((m) => [m.typeId, m.timestamp, m.payload.toString('base64')])).toEqual(
      reference.map((m) => [m.typeId, m.timestamp, m.payload.toString('base64')]),
    );
  });

  const messages = replay(capture, 1460);

  it('carries the command sequence of an FFmpeg/OBS-style publish', () => {
    const commands = commandsOf(messages);
    expect(commands.map((c) => c.name)).toEqual(['connect', 'releaseStream', 'FCPublish', 'createStream', 'publish', 'FCUnpublish', 'deleteStream']);
    const connect = readConnectParams(commands[0]);
    expect(connect.app).toBe('live');
    expect(connect.tcUrl).toMatch(/^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    expect(connect.flashVer).toMatch(/^FMLE\/3\.0 \(compatible; Lavf/);
    expect(readStreamName(commands[1])).toBe('cam1');
    expect(readPublishParams(commands[4])).toEqual({ name: 'cam1', type: 'live' });
    expect(messages.find((m) => m.typeId === RtmpMessageType.CommandAmf0 && parseCommand(m).name === 'publish')?.streamId).toBe(1);
  });

  it('switches to FFmpeg’s chunk size before media', () => {
    const scs = messages.find((m) => m.typeId === RtmpMessageType.SetChunkSize);
    expect(scs?.payload.readUInt32BE(0)).toBe(4096);
  });

  it('carries @setDataFrame onMetaData with the stream description', () => {
    const data = messages.filter((m) => m.typeId === RtmpMessageType.DataAmf0).map((m) => parseDataMessage(m));
    expect(data).toHaveLength(1);
    expect(data[0].name).toBe('@setDataFrame');
    expect(metadataOf(data[0])).toMatchObject({ width: 640, height: 360, videocodecid: 7, audiocodecid: 10, audiosamplerate: 44100 });
  });

  it('carries sequence headers and every frame with ffprobe’s timestamps', () => {
    const video = messages.filter((m) => m.typeId === RtmpMessageType.Video);
    const audio = messages.filter((m) => m.typeId === RtmpMessageType.Audio);
    const vPackets = video.map((m) => ({ m, p: parseFlvVideoTag(m.payload) }));
    const aPackets = audio.map((m) => ({ m, p: parseFlvAudioTag(m.payload) }));

    const vConfig = videoTrackFromSequenceStart(vPackets.find((x) => x.p.kind === 'sequenceStart')!.p);
    expect(vConfig.track).toMatchObject({ codec: 'H264', width: 640, height: 360, codecString: 'avc1.64001e' });
    const aTrack: AudioTrack = audioTrackFromSequenceStart(aPackets.find((x) => x.p.kind === 'sequenceStart')!.p);
    expect(aTrack).toMatchObject({ codec: 'AAC', clockRate: 44100, channels: 1, codecString: 'mp4a.40.2' });

    const vFrames = vPackets.filter((x) => x.p.kind === 'codedFrames').map((x) => accessUnitFromFlvVideo(x.p, x.m.timestamp, 0, vConfig.nalLengthSize));
    const aFrames = aPackets.filter((x) => x.p.kind === 'codedFrames').map((x) => accessUnitFromFlvAudio(x.p, x.m.timestamp, aTrack, 1));
    const pv = probe.packets.filter((p) => p.stream_index === 0);
    const pa = probe.packets.filter((p) => p.stream_index === 1);
    expect(vFrames.map((u) => [u.dts / 90, u.pts / 90, u.key])).toEqual(pv.map((p) => [p.dts, p.pts, p.flags.startsWith('K')]));
    expect(aFrames.map((u) => Math.round((u.dts * 1000) / 44100))).toEqual(pa.map((p) => p.dts));
    // FLV AVC packets = 5-byte header + AVCC NAL units; ffprobe's size is the AVCC part.
    expect(vPackets.filter((x) => x.p.kind === 'codedFrames').map((x) => x.p.data.length)).toEqual(pv.map((p) => Number(p.size)));
    expect(video.every((m) => m.streamId === 1)).toBe(true);
  });
});

describe('captured FFmpeg play request', () => {
  const messages = replay(rtmpFixture('ffmpeg-play.c2s.bin'), 1460);

  it('connects, creates a stream, asks its length and plays with start -2000', () => {
    const commands = commandsOf(messages);
    expect(commands.map((c) => c.name)).toEqual(['connect', 'createStream', 'getStreamLength', 'play']);
    expect(readConnectParams(commands[0])).toMatchObject({ app: 'live', flashVer: 'LNX 9,0,124,2' });
    expect(readConnectParams(commands[0]).raw).toMatchObject({ fpad: false, capabilities: 15, audioCodecs: 4071, videoCodecs: 252, videoFunction: 1 });
    expect(readPlayParams(commands[3])).toEqual({ name: 'cam1', start: -2000, duration: -1, reset: true });
  });

  it('announces its window and buffer length', () => {
    const ack = messages.find((m) => m.typeId === RtmpMessageType.WindowAckSize);
    expect(parseWindowAckSize(ack!.payload)).toBe(2_500_000);
    const uc = messages.filter((m) => m.typeId === RtmpMessageType.UserControl).map((m) => parseUserControl(m.payload));
    expect(uc).toContainEqual({ type: 'SetBufferLength', streamId: 1, bufferLength: 3000 });
  });
});
