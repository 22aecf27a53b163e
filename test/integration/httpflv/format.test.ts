// The FLV output format on the core's Stream (no sockets): header layout, serialize-once, and
// the tracks FLV leaves out.
import { describe, expect, it } from 'vitest';
import { Stream } from '../../../src/main/engine/core/stream';
import { collectingLogger } from '../../../src/main/engine/log/collecting-logger';
import { FlvTagType, parseFlvFile } from '../../../src/main/engine/protocols/flv/file';
import { parseFlvAudioTag } from '../../../src/main/engine/protocols/flv/audio-tag';
import { parseFlvScriptTag } from '../../../src/main/engine/protocols/flv/script-tag';
import { parseFlvVideoTag } from '../../../src/main/engine/protocols/flv/video-tag';
import type { Track } from '../../../src/main/engine/protocols/media/types';
import { createFlvFormat, selectFlvTracks } from '../../../src/main/engine/servers/httpflv/format';
import { AAC_TRACK, OPUS_TRACK, audioUnit, videoUnit } from '../../fakes/media';

// Parameter sets of x264's 640x360 High profile output (an avcC needs a parsable SPS).
const H264_TRACK: Track = {
  kind: 'video',
  codec: 'H264',
  clockRate: 90000,
  sps: Buffer.from('6764001eacd940a02ff970110000030001000003003c0f162d96', 'hex'),
  pps: Buffer.from('68ebe3cb22c0', 'hex'),
  width: 640,
  height: 360,
};

function collect(stream: Stream, format = createFlvFormat()): Buffer[] {
  const items: Buffer[] = [];
  stream.addReader({ format, sink: { write: (b: Buffer) => (items.push(b), true) } });
  return items;
}

describe('HTTP-FLV format', () => {
  it('starts with the file header, onMetaData and both sequence headers', () => {
    const stream = new Stream({ tracks: [H264_TRACK, AAC_TRACK] });
    const items = collect(stream);
    stream.writeUnit(videoUnit(0, true));
    stream.writeUnit(audioUnit(0));
    const { header, tags } = parseFlvFile(Buffer.concat(items));
    expect(header).toMatchObject({ hasVideo: true, hasAudio: true });
    expect(tags.map((t) => t.type)).toEqual([FlvTagType.Script, FlvTagType.Video, FlvTagType.Audio, FlvTagType.Video, FlvTagType.Audio]);
    expect(parseFlvScriptTag(tags[0].body)).toMatchObject({ name: 'onMetaData' });
    expect(parseFlvVideoTag(tags[1].body)).toMatchObject({ codec: 'H264', kind: 'sequenceStart' });
    expect(parseFlvAudioTag(tags[2].body)).toMatchObject({ codec: 'AAC', kind: 'sequenceStart' });
    expect(parseFlvVideoTag(tags[3].body)).toMatchObject({ codec: 'H264', kind: 'codedFrames' });
    // Every tag's PreviousTagSize is right (players check it when seeking back).
    for (const tag of tags) expect(tag.previousTagSize).toBe(11 + tag.body.length);
  });

  it('encodes each unit once: every reader gets the very same Buffer', () => {
    const stream = new Stream({ tracks: [H264_TRACK, AAC_TRACK] });
    const a = collect(stream, createFlvFormat());
    const b = collect(stream, createFlvFormat());
    stream.writeUnit(videoUnit(0, true));
    stream.writeUnit(videoUnit(1, false));
    expect(a.length).toBe(3);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBe(b[i]);
  });

  it('a late reader gets the header and the cached GOP, timestamps unchanged', () => {
    const stream = new Stream({ tracks: [H264_TRACK, AAC_TRACK] });
    for (let n = 0; n < 5; n++) stream.writeUnit(videoUnit(100 + n, n === 0));
    const { tags } = parseFlvFile(Buffer.concat(collect(stream)));
    const frames = tags.filter((t) => t.type === FlvTagType.Video).slice(1);
    expect(frames.map((t) => t.timestamp)).toEqual([0, 1, 2, 3, 4].map((n) => Math.round(((100 + n) * 3000) / 90)));
    expect(parseFlvVideoTag(frames[0].body).frameType).toBe(1);
  });

  it('carries Opus as Enhanced RTMP audio', () => {
    const stream = new Stream({ tracks: [H264_TRACK, OPUS_TRACK] });
    const items = collect(stream);
    stream.writeUnit(videoUnit(0, true));
    stream.writeUnit(audioUnit(0));
    const { tags } = parseFlvFile(Buffer.concat(items));
    const audio = tags.filter((t) => t.type === FlvTagType.Audio).map((t) => parseFlvAudioTag(t.body));
    expect(audio.map((p) => [p.codec, p.kind])).toEqual([['Opus', 'sequenceStart'], ['Opus', 'codedFrames']]);
  });

  it('leaves out a second track of a kind, and video without parameter sets, with one log line', () => {
    const noSps: Track = { kind: 'video', codec: 'H264', clockRate: 90000 };
    const tracks: Track[] = [H264_TRACK, noSps, AAC_TRACK, OPUS_TRACK];
    const sel = selectFlvTracks(tracks);
    expect([sel.video, sel.audio]).toEqual([0, 2]);
    expect(sel.skipped.map((s) => s.index)).toEqual([1, 3]);
    // Without SPS/PPS there is no avcC, and players cannot decode length-prefixed NAL units.
    const alone = selectFlvTracks([noSps, AAC_TRACK]);
    expect(alone.video).toBe(-1);
    expect(alone.skipped[0].reason).toMatch(/track 0 \(video H264\): no sequence header/);

    const log = collectingLogger();
    const stream = new Stream({ tracks });
    const items = collect(stream, createFlvFormat(log));
    stream.writeUnit(videoUnit(0, true, 100, 0));
    stream.writeUnit(videoUnit(0, true, 100, 1)); // left-out track: nothing
    stream.writeUnit(audioUnit(0, 20, 3)); // left-out track: nothing
    const { tags } = parseFlvFile(Buffer.concat(items));
    expect(tags.length).toBe(4); // metadata, two sequence headers, one frame
    expect(log.messages()).toHaveLength(1);
    expect(log.messages()[0]).toMatch(/track 1 \(video H264\): FLV carries one video track; track 3 \(audio Opus\): FLV carries one audio track/);
  });

  it('shifts a stream that starts before 0 ms so FLV timestamps stay unsigned', () => {
    const stream = new Stream({ tracks: [H264_TRACK] });
    const items = collect(stream);
    stream.writeUnit({ ...videoUnit(0, true), dts: -9000, pts: -9000 });
    stream.writeUnit({ ...videoUnit(0, false), dts: -6000, pts: -3000 });
    const { tags } = parseFlvFile(Buffer.concat(items));
    const frames = tags.filter((t) => t.type === FlvTagType.Video).slice(1);
    expect(frames.map((t) => t.timestamp)).toEqual([0, 33]);
    expect(parseFlvVideoTag(frames[1].body).compositionTime).toBe(34); // round(66.7) − round(33.3)
  });
});
