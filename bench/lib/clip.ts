// The benchmark's input: a 720p30 H.264 (4 Mbit/s) + AAC (128 kbit/s) FLV clip, generated once
// with FFmpeg and cached, then held in memory as FLV tags for the paced publisher.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseFlvFile, FlvTagType, type FlvTag } from '../../src/main/engine/protocols/flv/file';
import { videoFingerprint } from './video-fingerprint';

export const CLIP_SECONDS = 60;
export const CLIP_FPS = 30;
/** GOP of 2 s, OBS's default keyframe interval: what a reader without a GOP cache waits for. */
export const CLIP_GOP_FRAMES = 60;

/**
 * testsrc2 with temporal noise: a moving pattern whose frames all differ (the latency probe
 * identifies frames by their bytes) and that is complex enough for x264 to reach 4 Mbit/s.
 * B-frames stay on (x264 veryfast default, like OBS), so composition offsets are exercised.
 */
const ffmpegArgs = (gopFrames: number) => [
  '-hide_banner', '-loglevel', 'error', '-y',
  '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${CLIP_FPS},noise=alls=12:allf=t`,
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
  '-t', String(CLIP_SECONDS),
  '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
  '-b:v', '4M', '-maxrate', '4M', '-bufsize', '4M',
  '-g', String(gopFrames), '-keyint_min', String(gopFrames), '-sc_threshold', '0',
  '-c:a', 'aac', '-b:a', '128k', '-ar', '44100', '-ac', '2',
  '-f', 'flv',
];

/**
 * Generates the clip into `cacheDir` unless it is there already; returns its path. `gopFrames`
 * other than the default (bench:hls cuts 1 s segments, so it wants a key frame every second)
 * gives a second cached clip.
 */
export function ensureClip(cacheDir: string, log: (line: string) => void, gopFrames = CLIP_GOP_FRAMES): string {
  const gop = gopFrames === CLIP_GOP_FRAMES ? '' : `-gop${gopFrames}`;
  const file = join(cacheDir, `clip-720p${CLIP_FPS}-4M-aac-${CLIP_SECONDS}s${gop}.flv`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  log(`generating the ${CLIP_SECONDS} s test clip with ffmpeg (once; cached in ${file})…`);
  const partial = `${file}.partial`;
  const r = spawnSync('ffmpeg', [...ffmpegArgs(gopFrames), partial], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  if (r.error) throw new Error(`cannot run ffmpeg to generate the clip: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ffmpeg failed to generate the clip (exit ${r.status}): ${String(r.stderr).slice(-500)}`);
  renameSync(partial, file);
  return file;
}

export interface ClipTag {
  type: number;
  /** Timestamp in the clip, ms. */
  timestamp: number;
  body: Buffer;
  /** Sequence header (AVC/AAC config) or metadata: sent once, not on every loop. */
  config: boolean;
  /** Video frame fingerprint, or undefined when not a coded video frame or not unique in the clip. */
  fingerprint?: number;
}

export interface Clip {
  file: string;
  tags: ClipTag[];
  /** Loop length: last timestamp + one frame, so looping keeps the frame spacing. */
  loopMs: number;
  fps: number;
  videoFrames: number;
  /** Average payload bit rates of the coded frames, bit/s. */
  videoBitrate: number;
  audioBitrate: number;
  /** Coded video frames whose fingerprint is unique in the clip (usable for latency). */
  uniqueFingerprints: number;
}

/** True for an AVC sequence header (FLV 10.1 §E.4.3.1: AVCPacketType 0) or AAC config (AACPacketType 0). */
function isConfigTag(tag: FlvTag): boolean {
  if (tag.type === FlvTagType.Script) return true;
  if (tag.type === FlvTagType.Video) return (tag.body[0] & 0x0f) === 7 && tag.body[1] === 0;
  if (tag.type === FlvTagType.Audio) return tag.body[0] >> 4 === 10 && tag.body[1] === 0;
  return false;
}

export function loadClip(file: string): Clip {
  const { tags } = parseFlvFile(readFileSync(file));
  const out: ClipTag[] = tags
    .filter((t) => t.type === FlvTagType.Audio || t.type === FlvTagType.Video || t.type === FlvTagType.Script)
    .map((t) => ({ type: t.type, timestamp: t.timestamp, body: t.body, config: isConfigTag(t) }));
  const frames = out.filter((t) => t.type === FlvTagType.Video && !t.config);
  const seen = new Map<number, number>();
  for (const t of frames) {
    const fp = videoFingerprint(t.body);
    seen.set(fp, (seen.get(fp) ?? 0) + 1);
  }
  let unique = 0;
  for (const t of frames) {
    const fp = videoFingerprint(t.body);
    if (seen.get(fp) === 1) {
      t.fingerprint = fp;
      unique++;
    }
  }
  const lastTs = out.reduce((m, t) => Math.max(m, t.timestamp), 0);
  const loopMs = lastTs + Math.round(1000 / CLIP_FPS);
  // The rate the looping publisher really sends at (frames per loop), which readers are held to.
  const fps = frames.length > 0 ? (frames.length * 1000) / loopMs : CLIP_FPS;
  const bits = (type: number) => out.filter((t) => t.type === type && !t.config).reduce((n, t) => n + t.body.length * 8, 0);
  return {
    file,
    tags: out,
    loopMs,
    fps: Math.round(fps * 100) / 100,
    videoFrames: frames.length,
    videoBitrate: (bits(FlvTagType.Video) * 1000) / loopMs,
    audioBitrate: (bits(FlvTagType.Audio) * 1000) / loopMs,
    uniqueFingerprints: unique,
  };
}
