// Real FFmpeg against the protocol layer on 127.0.0.1 (one short session per case): FFmpeg is the
// judge that our handshake, control messages, commands, chunking and FLV bodies are right.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFlvFile } from '../../../../src/main/engine/protocols/flv/file';
import { parseFlvVideoTag } from '../../../../src/main/engine/protocols/flv/video-tag';
import { parseFlvAudioTag } from '../../../../src/main/engine/protocols/flv/audio-tag';
import { audioTrackFromSequenceStart, videoTrackFromSequenceStart } from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import { metadataForTracks } from '../../../../src/main/engine/protocols/flv/script-tag';
import { rtmpMessageFromAccessUnit, rtmpSequenceStartMessage } from '../../../../src/main/engine/protocols/rtmp/media-message';
import { RtmpMessageType, type RtmpMessage } from '../../../../src/main/engine/protocols/rtmp/message';
import type { AudioTrack, Track, VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { hasFfmpeg, runFfmpegAgainstMiniServer } from '../../../fixtures/rtmp/ffmpeg-rtmp';
import { rtmpFixture } from '../../../fixtures/rtmp/load';

const tmp = mkdtempSync(join(tmpdir(), 'relaybox-rtmp-interop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function packets(file: string): string[] {
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=stream_index,pts,dts,size,flags', '-of', 'csv', file])
    .toString()
    .trim()
    .split('\n');
}

/**
 * The fixture clip converted the way the server will do it: FLV tags → tracks and access units
 * (our parsers) → RTMP messages (our builders).
 */
function playSource(): { tracks: Track[]; messages: RtmpMessage[] } {
  const { tags } = parseFlvFile(rtmpFixture('h264-aac.flv'));
  let video: VideoTrack | undefined;
  let audio: AudioTrack | undefined;
  let nalLengthSize = 4;
  const messages: RtmpMessage[] = [];
  for (const tag of tags) {
    if (tag.type === 9) {
      const p = parseFlvVideoTag(tag.body);
      if (p.kind === 'sequenceStart') {
        ({ track: video, nalLengthSize } = videoTrackFromSequenceStart(p));
        messages.push(rtmpSequenceStartMessage(video, tag.timestamp)!);
      } else if (p.kind === 'codedFrames') {
        messages.push(rtmpMessageFromAccessUnit(accessUnitFromFlvVideo(p, tag.timestamp, 0, nalLengthSize), video!));
      }
    } else if (tag.type === 8) {
      const p = parseFlvAudioTag(tag.body);
      if (p.kind === 'sequenceStart') {
        audio = audioTrackFromSequenceStart(p);
        messages.push(rtmpSequenceStartMessage(audio, tag.timestamp)!);
      } else {
        messages.push(rtmpMessageFromAccessUnit(accessUnitFromFlvAudio(p, tag.timestamp, audio!, 1), audio!));
      }
    }
  }
  return { tracks: [video!, audio!], messages };
}

describe.skipIf(!hasFfmpeg())('FFmpeg interop over 127.0.0.1', () => {
  it.each([1, 128, 4096, 65536])('FFmpeg plays what we serialize at chunk size %i, packet for packet', async (chunkSize) => {
    const { tracks, messages } = playSource();
    const run = await runFfmpegAgainstMiniServer((url) => ['-i', url, '-c', 'copy', '-f', 'flv', 'pipe:1'], {
      chunkSize,
      play: { metadata: metadataForTracks(tracks), messages },
    });
    expect(run.session.protocolError).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.session.usedDigest).toBe(true);
    const out = join(tmp, `play-${chunkSize}.flv`);
    writeFileSync(out, run.stdout);
    // Same packets (stream, pts, dts, size, key flag) as the file we started from.
    const original = join(tmp, 'original.flv');
    writeFileSync(original, rtmpFixture('h264-aac.flv'));
    expect(packets(out)).toEqual(packets(original));
  });

  it('FFmpeg decodes what we serialize without errors', async () => {
    const { tracks, messages } = playSource();
    const run = await runFfmpegAgainstMiniServer((url) => ['-i', url, '-f', 'null', '-'], { chunkSize: 4096, play: { metadata: metadataForTracks(tracks), messages } });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });

  it('accepts a live FFmpeg publish (digest handshake, commands, every frame)', async () => {
    const input = join(tmp, 'in.flv');
    writeFileSync(input, rtmpFixture('h264-aac.flv'));
    const run = await runFfmpegAgainstMiniServer((url) => ['-i', input, '-c', 'copy', '-f', 'flv', url], { chunkSize: 4096 });
    expect(run.exitCode).toBe(0);
    expect(run.session.protocolError).toBeUndefined();
    expect(run.session.usedDigest).toBe(true);
    expect(run.session.commands).toEqual(['connect', 'releaseStream', 'FCPublish', 'createStream', 'publish', 'FCUnpublish', 'deleteStream']);
    const video = run.session.messages.filter((m) => m.typeId === RtmpMessageType.Video);
    expect(video.filter((m) => parseFlvVideoTag(m.payload).kind === 'codedFrames')).toHaveLength(30);
  });
});
