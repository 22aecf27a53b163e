// Real encoder output for the muxer tests, made by FFmpeg in a temp dir and turned into access
// units by readers that do not share code with the muxers: FLV (H.264 with B-frames + AAC) through
// the FLV readers; H.265 and Opus through FFmpeg's MPEG-TS muxer and our demuxer.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlvFile, FlvTagType } from '../../../../src/main/engine/protocols/flv/file';
import { parseFlvVideoTag } from '../../../../src/main/engine/protocols/flv/video-tag';
import { parseFlvAudioTag } from '../../../../src/main/engine/protocols/flv/audio-tag';
import { audioTrackFromSequenceStart, videoTrackFromSequenceStart } from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import { parseAv1SequenceHeader } from '../../../../src/main/engine/protocols/av1/sequence-header';
import { Av1ObuType, splitObus } from '../../../../src/main/engine/protocols/av1/obu';
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { parseTs } from '../../../../src/main/engine/protocols/mpegts/demuxer';
import { tsAccessUnits } from '../../../../src/main/engine/protocols/mpegts/access-units';

export interface MediaInput {
  tracks: Track[];
  units: AccessUnit[];
  /** The file FFmpeg wrote. */
  file: string;
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-nostdin', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Stderr of a decode to null (empty when FFmpeg found nothing wrong). */
export function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  if (r.status !== 0) return `exit ${r.status}: ${r.stderr}`;
  return r.stderr;
}

export interface ProbeStream {
  index: number;
  codec_name: string;
  codec_type: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  time_base: string;
}

export interface ProbePacket {
  stream_index: number;
  pts: number;
  dts: number;
  flags: string;
  size: string;
}

export function ffprobe(file: string): { streams: ProbeStream[]; packets: ProbePacket[] } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as { streams: ProbeStream[]; packets: ProbePacket[] };
}

const SRC = (seconds: number) => ['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=30`, '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100`, '-t', String(seconds)];

/** H.264 (B-frames, GOP 30) + AAC 44.1 kHz stereo in FLV, read through the FLV readers. */
export function flvH264Aac(dir: string, seconds = 2): MediaInput {
  const file = join(dir, 'in.flv');
  ffmpeg([...SRC(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'flv', file]);
  const { tags } = parseFlvFile(readFileSync(file));
  const tracks: Track[] = [];
  const units: AccessUnit[] = [];
  let video = -1;
  let audio = -1;
  let nalLengthSize = 4;
  for (const tag of tags) {
    if (tag.type === FlvTagType.Video) {
      const packet = parseFlvVideoTag(tag.body);
      if (packet.kind === 'sequenceStart') {
        const config = videoTrackFromSequenceStart(packet);
        nalLengthSize = config.nalLengthSize;
        video = tracks.push(config.track) - 1;
      } else if (packet.kind === 'codedFrames' && video >= 0) {
        units.push(accessUnitFromFlvVideo(packet, tag.timestamp, video, nalLengthSize));
      }
    } else if (tag.type === FlvTagType.Audio) {
      const packet = parseFlvAudioTag(tag.body);
      if (packet.kind === 'sequenceStart') audio = tracks.push(audioTrackFromSequenceStart(packet)) - 1;
      else if (packet.kind === 'codedFrames' && audio >= 0) units.push(accessUnitFromFlvAudio(packet, tag.timestamp, tracks[audio] as AudioTrack, audio));
    }
  }
  return { tracks, units, file };
}

/** H.265 (B-frames) + Opus 48 kHz stereo written by FFmpeg's MPEG-TS muxer, read by our demuxer. */
export function tsH265Opus(dir: string, seconds = 2): MediaInput {
  const file = join(dir, 'in-hevc.ts');
  ffmpeg([...SRC(seconds), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'bframes=2:keyint=30:log-level=error', '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-f', 'mpegts', file]);
  const parsed = parseTs(readFileSync(file));
  const media = tsAccessUnits(parsed.pmt!, parsed.pes);
  return { tracks: media.tracks, units: media.units, file };
}

/** AV1 (libaom, GOP 30) as a low-overhead OBU stream, split into temporal units at delimiters. */
export function obuAv1(dir: string, seconds = 1): MediaInput {
  const file = join(dir, 'in.obu');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', String(seconds), '-c:v', 'libaom-av1', '-cpu-used', '8', '-g', '30', '-f', 'obu', file]);
  const obus = splitObus(readFileSync(file));
  const temporalUnits: Buffer[][] = [];
  for (const o of obus) {
    if (o.type === Av1ObuType.TemporalDelimiter) temporalUnits.push([]);
    temporalUnits[temporalUnits.length - 1].push(o.data);
  }
  const sequenceHeader = obus.find((o) => o.type === Av1ObuType.SequenceHeader)!;
  const header = parseAv1SequenceHeader(sequenceHeader.payload);
  const track: VideoTrack = { kind: 'video', codec: 'AV1', clockRate: 90000, av1SequenceHeader: Buffer.from(sequenceHeader.data), width: header.maxFrameWidth, height: header.maxFrameHeight };
  // A temporal unit that repeats the sequence header is where libaom starts a key frame.
  const units = temporalUnits.map((tu, i): AccessUnit => {
    const payload = Buffer.concat(tu);
    return { track: 0, dts: i * 3000, pts: i * 3000, key: splitObus(payload).some((o) => o.type === Av1ObuType.SequenceHeader), payload };
  });
  return { tracks: [track], units, file };
}

export const hasGstreamer = spawnSync('gst-launch-1.0', ['--version']).status === 0;

/**
 * Demuxes and decodes a file with GStreamer (its own tsdemux/qtdemux, not FFmpeg's): '' when the
 * pipeline reached the end without an error, else what it printed. One sink per stream.
 */
export function gstreamerDecodeErrors(file: string, streams: number): string {
  const branches = Array.from({ length: streams }, () => ['d.', '!', 'queue', '!', 'fakesink']).flat();
  const r = spawnSync('gst-launch-1.0', ['-q', 'filesrc', `location=${file}`, '!', 'decodebin', 'name=d', ...branches], { encoding: 'utf8', timeout: 20_000 });
  if (r.status === 0 && !/ERROR|WARNING/.test(r.stdout + r.stderr)) return '';
  return `exit ${r.status ?? r.signal}: ${r.stdout}${r.stderr}`;
}
