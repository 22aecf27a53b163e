// Publish an FLV file into a path through the stream core, the way a protocol server does
// (addPublisher → setTracks → writeUnit), with no RTMP in between. For integration tests of
// readers (HTTP-FLV, HLS, RTSP, WebRTC…) that need a real H.264+AAC stream:
//
//   const file = await makeTestClip(join(dir, 'clip.flv'));          // ffmpeg, once per file
//   const clip = readFlvClip(await readFile(file));
//   const pub = await publishFlvClip(engine.paths, { path: 'cam1', clip, loops: Infinity });
//   …                                                                 // readers read
//   await pub.stop();                                                 // path goes not ready
import { execFile } from 'node:child_process';
import type { PathManager } from '../../src/main/engine/core/path-manager';
import type { PathPublisher } from '../../src/main/engine/core/path-requests';
import type { Stream } from '../../src/main/engine/core/stream';
import { accessUnitFromFlvAudio, accessUnitFromFlvVideo } from '../../src/main/engine/protocols/flv/access-unit';
import { parseFlvAudioTag } from '../../src/main/engine/protocols/flv/audio-tag';
import { FlvTagType, parseFlvFile, type FlvTag } from '../../src/main/engine/protocols/flv/file';
import { audioTrackFromMp3Packet, audioTrackFromSequenceStart, videoTrackFromSequenceStart } from '../../src/main/engine/protocols/flv/sequence-header';
import { parseFlvVideoTag } from '../../src/main/engine/protocols/flv/video-tag';
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../../src/main/engine/protocols/media/types';

/** The tracks and access units of an FLV file, in file order. */
export interface FlvClip {
  tracks: Track[];
  units: AccessUnit[];
  /** From the first unit to one frame past the last (ms): the timestamp step between loops. */
  durationMs: number;
}

export interface TestClipOptions {
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Keyframe interval in frames (default: one per second). */
  gop?: number;
}

/**
 * Generates an H.264 + AAC (48 kHz stereo) FLV with ffmpeg's testsrc2 and a sine tone; resolves
 * to `file`. Rejects with ffmpeg's stderr if it fails.
 */
export function makeTestClip(file: string, opts: TestClipOptions = {}): Promise<string> {
  const { seconds = 4, width = 640, height = 360, fps = 30 } = opts;
  const gop = opts.gop ?? fps;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
    '-c:v', 'libx264', '-g', String(gop), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ac', '2', '-t', String(seconds), '-f', 'flv', file,
  ];
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', args, { timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`ffmpeg could not make ${file}: ${err.message}\n${stderr}`));
      else resolve(file);
    });
  });
}

function tracksOf(tags: readonly FlvTag[]): { video?: VideoTrack; nalLengthSize: number; audio?: AudioTrack } {
  const out: { video?: VideoTrack; nalLengthSize: number; audio?: AudioTrack } = { nalLengthSize: 4 };
  for (const tag of tags) {
    if (tag.type === FlvTagType.Video && !out.video) {
      const packet = parseFlvVideoTag(tag.body);
      if (packet.kind !== 'sequenceStart') continue;
      const config = videoTrackFromSequenceStart(packet);
      out.video = config.track;
      out.nalLengthSize = config.nalLengthSize;
    } else if (tag.type === FlvTagType.Audio && !out.audio) {
      const packet = parseFlvAudioTag(tag.body);
      if (packet.kind === 'sequenceStart') out.audio = audioTrackFromSequenceStart(packet);
      else if (packet.codec === 'MP3') out.audio = audioTrackFromMp3Packet(packet);
    }
    if (out.video && out.audio) break;
  }
  return out;
}

/** Reads an FLV file held in memory: video is track 0 (if any), audio the next one. */
export function readFlvClip(data: Buffer): FlvClip {
  const { tags } = parseFlvFile(data);
  const found = tracksOf(tags);
  const tracks: Track[] = [];
  const videoIndex = found.video ? tracks.push(found.video) - 1 : -1;
  const audioIndex = found.audio ? tracks.push(found.audio) - 1 : -1;
  if (tracks.length === 0) throw new Error('FLV clip has no track with a usable sequence header');
  const units: AccessUnit[] = [];
  for (const tag of tags) {
    if (tag.type === FlvTagType.Video && videoIndex >= 0) {
      const packet = parseFlvVideoTag(tag.body);
      if (packet.kind === 'codedFrames') units.push(accessUnitFromFlvVideo(packet, tag.timestamp, videoIndex, found.nalLengthSize));
    } else if (tag.type === FlvTagType.Audio && audioIndex >= 0) {
      const packet = parseFlvAudioTag(tag.body);
      if (packet.kind === 'codedFrames') units.push(accessUnitFromFlvAudio(packet, tag.timestamp, found.audio!, audioIndex));
    }
  }
  if (units.length === 0) throw new Error('FLV clip has no coded frames');
  return { tracks, units, durationMs: clipDurationMs(tracks, units) };
}

const unitMs = (au: AccessUnit, tracks: readonly Track[]): number => (au.dts * 1000) / tracks[au.track].clockRate;

function clipDurationMs(tracks: readonly Track[], units: readonly AccessUnit[]): number {
  let start = Infinity;
  let end = 0;
  tracks.forEach((_t, index) => {
    const ms = units.filter((u) => u.track === index).map((u) => unitMs(u, tracks));
    if (ms.length === 0) return;
    const step = ms.length > 1 ? (ms[ms.length - 1] - ms[0]) / (ms.length - 1) : 0;
    start = Math.min(start, ms[0]);
    end = Math.max(end, ms[ms.length - 1] + step);
  });
  return Math.max(1, Math.round(end - start));
}

export interface FlvPublishOptions {
  path: string;
  clip: FlvClip;
  /** 1 = real time (default), 4 = four times as fast, Infinity = as fast as possible. */
  speed?: number;
  /** How many times to play the clip (default 1); Infinity plays until stop(). */
  loops?: number;
  /** Remove the publisher when the last loop ends (default true), as a publisher that quits. */
  closeAtEnd?: boolean;
  /** Session id shown in the API (default "flv-publisher-<path>"). */
  id?: string;
}

export interface FlvPublication {
  readonly publisher: PathPublisher;
  readonly stream: Stream;
  /** Units written so far. */
  readonly unitsWritten: number;
  /** Video units (frames) written so far. */
  readonly framesWritten: number;
  /** Settles when the last loop was written or stop() was called; rejects if writing threw. */
  readonly done: Promise<void>;
  /** Stop writing and remove the publisher (readers are ended). Idempotent. */
  stop(reason?: string): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes `clip` into `path` as an 'internal' session (no credentials are checked), paced by
 * the units' timestamps. Each loop continues the timestamps of the previous one, so readers see
 * one continuous stream. Rejects if the core refuses the publisher.
 */
export async function publishFlvClip(paths: Pick<PathManager, 'addPublisher'>, opts: FlvPublishOptions): Promise<FlvPublication> {
  const { clip, path } = opts;
  const speed = opts.speed ?? 1;
  const loops = opts.loops ?? 1;
  const closeAtEnd = opts.closeAtEnd ?? true;
  let stopped = false;
  const res = await paths.addPublisher({
    path,
    query: '',
    ip: '127.0.0.1',
    protocol: 'internal',
    type: 'flvFilePublisher',
    id: opts.id ?? `flv-publisher-${path}`,
    session: { close: () => { stopped = true; } },
  });
  if (!res.ok) throw new Error(`publishing the FLV clip to "${path}" was refused (${res.code}): ${res.message}`);
  const publisher = res.publisher;
  const stream = publisher.setTracks(clip.tracks);
  const firstMs = unitMs(clip.units[0], clip.tracks);
  let unitsWritten = 0;
  let framesWritten = 0;

  const run = async (): Promise<void> => {
    const startedAt = performance.now();
    for (let loop = 0; loop < loops && !stopped; loop++) {
      const loopOffsetMs = loop * clip.durationMs;
      for (const au of clip.units) {
        const track = clip.tracks[au.track];
        const dueMs = (unitMs(au, clip.tracks) - firstMs + loopOffsetMs) / speed;
        const waitMs = dueMs - (performance.now() - startedAt);
        if (waitMs >= 1) await sleep(waitMs);
        // Faster than real time: still let sockets and timers run between bursts.
        else if (unitsWritten % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
        if (stopped || publisher.closed) return;
        const offset = Math.round((loopOffsetMs * track.clockRate) / 1000);
        // A fresh unit object per write: the core keeps references (GOP cache, queues). The
        // payload buffers are shared between loops; nothing writes into them.
        stream.writeUnit({ ...au, dts: au.dts + offset, pts: au.pts + offset });
        unitsWritten++;
        if (track.kind === 'video') framesWritten++;
      }
    }
  };
  const done = run().finally(() => {
    if (closeAtEnd || stopped) publisher.close('FLV clip ended');
  });

  return {
    publisher,
    stream,
    get unitsWritten() {
      return unitsWritten;
    },
    get framesWritten() {
      return framesWritten;
    },
    done,
    async stop(reason = 'FLV publication stopped') {
      stopped = true;
      publisher.close(reason);
      await done.catch(() => undefined);
    },
  };
}
