// FLV files FFmpeg wrote, parsed tag by tag and checked against ffprobe; then re-muxed with our
// builders and checked again (byte-equal bodies, and ffprobe reading our file).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FLV_FILE_HEADER_SIZE,
  FlvTagReader,
  FlvTagType,
  buildFlvFileHeader,
  buildFlvTag,
  flvTagFromAccessUnit,
  parseFlvFile,
  parseFlvFileHeader,
  writeFlvTagHeader,
  type FlvTag,
} from '../../../../src/main/engine/protocols/flv/file';
import { parseFlvVideoTag } from '../../../../src/main/engine/protocols/flv/video-tag';
import { parseFlvAudioTag } from '../../../../src/main/engine/protocols/flv/audio-tag';
import {
  audioTrackFromMp3Packet,
  audioTrackFromSequenceStart,
  flvAudioSequenceStartBody,
  flvVideoSequenceStartBody,
  videoTrackFromSequenceStart,
} from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import { buildOnMetaDataBody, metadataForTracks, parseFlvScriptTag } from '../../../../src/main/engine/protocols/flv/script-tag';
import { FlvError } from '../../../../src/main/engine/protocols/flv/errors';
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { probeFixture, rtmpFixture } from '../../../fixtures/rtmp/load';

interface Demuxed {
  video?: VideoTrack;
  audio?: AudioTrack;
  units: Array<{ au: AccessUnit; tag: FlvTag }>;
  metadata?: Record<string, unknown>;
}

/** Our demuxer, in a dozen lines: what the HTTP-FLV/RTMP ingest path does per tag. */
function demux(tags: FlvTag[]): Demuxed {
  const out: Demuxed = { units: [] };
  let nalLengthSize = 4;
  for (const tag of tags) {
    if (tag.type === FlvTagType.Script) {
      out.metadata = parseFlvScriptTag(tag.body).args[0] as Record<string, unknown>;
    } else if (tag.type === FlvTagType.Video) {
      const p = parseFlvVideoTag(tag.body);
      if (p.kind === 'sequenceStart') ({ track: out.video, nalLengthSize } = videoTrackFromSequenceStart(p));
      else if (p.kind === 'codedFrames') out.units.push({ au: accessUnitFromFlvVideo(p, tag.timestamp, 0, nalLengthSize), tag });
    } else if (tag.type === FlvTagType.Audio) {
      const p = parseFlvAudioTag(tag.body);
      if (p.kind === 'sequenceStart') out.audio = audioTrackFromSequenceStart(p);
      else {
        out.audio ??= audioTrackFromMp3Packet(p);
        out.units.push({ au: accessUnitFromFlvAudio(p, tag.timestamp, out.audio, 1), tag });
      }
    }
  }
  return out;
}

const files = [
  { file: 'h264-aac.flv', probe: 'h264-aac.probe.json', video: { width: 640, height: 360, codecString: 'avc1.64001e' }, audio: { codec: 'AAC', clockRate: 44100, channels: 1 } },
  { file: 'h264-444-cqm.flv', probe: 'h264-444-cqm.probe.json', video: { width: 318, height: 174, codecString: 'avc1.f4000c' } },
  { file: 'h264-interlaced.flv', probe: 'h264-interlaced.probe.json', video: { width: 352, height: 288, codecString: 'avc1.640015' } },
  { file: 'mp3.flv', probe: 'mp3.probe.json', audio: { codec: 'MP3', clockRate: 44100, channels: 1 } },
];

const tmp = mkdtempSync(join(tmpdir(), 'relaybox-flv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ffprobePackets(path: string): string[] {
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=stream_index,pts,dts,size,flags', '-of', 'csv', path])
    .toString()
    .trim()
    .split('\n');
}

describe.each(files)('$file (written by FFmpeg)', ({ file, probe, video, audio }) => {
  const bytes = rtmpFixture(file);
  const { header, tags } = parseFlvFile(bytes);
  const reference = probeFixture(probe);
  const d = demux(tags);

  it('has a valid header and consistent PreviousTagSize fields', () => {
    expect(header).toMatchObject({ version: 1, dataOffset: 9, hasVideo: !!video, hasAudio: !!audio });
    for (const t of tags) expect(t.previousTagSize).toBe(11 + t.body.length);
  });

  it('yields tracks matching ffprobe', () => {
    if (video) expect(d.video).toMatchObject(video);
    if (audio) expect(d.audio).toMatchObject(audio);
    const vs = reference.streams.find((s) => s.width !== undefined);
    if (vs) expect([d.video?.width, d.video?.height]).toEqual([vs.width, vs.height]);
    const as = reference.streams.find((s) => s.sample_rate !== undefined);
    if (as) expect([d.audio?.clockRate, d.audio?.channels]).toEqual([Number(as.sample_rate), as.channels]);
  });

  it('yields every packet with ffprobe’s dts, pts, size and key flag', () => {
    const ours = d.units.map(({ au }) => {
      const track = au.track === 0 ? d.video! : d.audio!;
      const ms = (t: number) => Math.round((t * 1000) / track.clockRate);
      const size = au.nalus ? au.nalus.reduce((n, x) => n + 4 + x.length, 0) : au.payload!.length;
      return [ms(au.dts), ms(au.pts), size, au.key];
    });
    const theirs = reference.packets.map((p) => [p.dts, p.pts, Number(p.size), p.flags.startsWith('K')]);
    expect(ours).toEqual(theirs);
  });

  it('parses the same when fed in small slices', () => {
    for (const slice of [1, 7, 1000]) {
      const reader = new FlvTagReader();
      const got: FlvTag[] = [];
      for (let i = 0; i < bytes.length; i += slice) got.push(...reader.feed(bytes.subarray(i, i + slice)));
      expect(got.map((t) => [t.type, t.timestamp, t.body.toString('base64')])).toEqual(tags.map((t) => [t.type, t.timestamp, t.body.toString('base64')]));
    }
  });

  it('re-muxes to byte-identical media tag bodies, and ffprobe reads our file the same', () => {
    const tracks: Track[] = [d.video, d.audio].filter((t): t is VideoTrack | AudioTrack => t !== undefined);
    const parts = [buildFlvFileHeader({ audio: !!d.audio, video: !!d.video }), buildFlvTag(FlvTagType.Script, 0, buildOnMetaDataBody(metadataForTracks(tracks)))];
    if (d.video) parts.push(buildFlvTag(FlvTagType.Video, 0, flvVideoSequenceStartBody(d.video)));
    const aacHeader = d.audio && flvAudioSequenceStartBody(d.audio);
    if (aacHeader) parts.push(buildFlvTag(FlvTagType.Audio, 0, aacHeader));
    for (const { au, tag } of d.units) {
      const ours = flvTagFromAccessUnit(au, au.track === 0 ? d.video! : d.audio!);
      expect(ours.subarray(11, ours.length - 4).toString('hex')).toBe(tag.body.toString('hex'));
      expect(ours.readUIntBE(4, 3)).toBe(tag.timestamp);
      parts.push(ours);
    }
    const path = join(tmp, `remux-${file}`);
    writeFileSync(path, Buffer.concat(parts));
    expect(ffprobePackets(path)).toEqual(ffprobePackets(join(tmp, file)));
  });

  // ffprobe needs the original on disk next to our copy.
  writeFileSync(join(tmp, file), bytes);
});

describe('FLV framing', () => {
  it('writes the 13-byte file header', () => {
    expect(buildFlvFileHeader({ audio: true, video: true }).toString('hex')).toBe('464c5601050000000900000000');
    expect(buildFlvFileHeader({ audio: false, video: true })[4]).toBe(1);
    expect(FLV_FILE_HEADER_SIZE).toBe(13);
  });

  it('writes timestamps above 24 bits into the extension byte and wraps at 32 bits', () => {
    const t = buildFlvTag(FlvTagType.Video, 0x12345678, Buffer.from([1, 2]));
    expect(t.toString('hex')).toBe('09' + '000002' + '345678' + '12' + '000000' + '0102' + '0000000d');
    const wrapped = Buffer.alloc(11);
    writeFlvTagHeader(wrapped, 0, 8, 0, 2 ** 32 + 7);
    expect(wrapped.readUIntBE(4, 3)).toBe(7);
    expect(new FlvTagReader().feed(Buffer.concat([buildFlvFileHeader({ audio: false, video: true }), t]))[0].timestamp).toBe(0x12345678);
  });

  it.each<[string, string, string, object?]>([
    ['a non-FLV signature', '474554202f20485454', 'BAD_HEADER'],
    ['DataOffset below 9', '464c560105 00000008', 'BAD_HEADER'],
    ['a tag above the size limit', '464c560105 00000009 00000000 09 001000 000000 00 000000', 'TAG_TOO_LARGE', { maxTagSize: 100 }],
    ['reserved tag header bits', '464c560105 00000009 00000000 c9 000001 000000 00 000000', 'INVALID'],
  ])('rejects %s', (_name, wire, code, options) => {
    const reader = new FlvTagReader(options);
    expect(() => reader.feed(Buffer.from(wire.replace(/\s+/g, ''), 'hex'))).toThrow(expect.objectContaining({ name: 'FlvError', code }));
  });

  it('skips header bytes up to a larger DataOffset', () => {
    const file = Buffer.concat([Buffer.from('464c56010100000010', 'hex'), Buffer.alloc(7), Buffer.alloc(4), buildFlvTag(9, 5, Buffer.from([0x17, 2, 0, 0, 0]))]);
    const { header, tags } = parseFlvFile(file);
    expect(header.dataOffset).toBe(16);
    expect(tags.map((t) => t.timestamp)).toEqual([5]);
  });

  it('reports a file shorter than its header', () => {
    expect(() => parseFlvFile(Buffer.from('464c56', 'hex'))).toThrow(FlvError);
    expect(() => parseFlvFileHeader(Buffer.from('464c56', 'hex'))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});
