// The offline clip of an `alwaysAvailable` path: `alwaysAvailableFile` re-encoded, or a slate
// generated from `alwaysAvailableTracks` (default H.264 + AAC 48 kHz stereo, what OBS publishes).
// FFmpeg renders it once to an MPEG-TS file in a cache directory (keyed by the inputs); the
// engine's own demuxer turns that into one loop of access units.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlwaysAvailableTrack, PathConf } from '../../../shared/config';
import type { OfflineSlate } from '../core/always-available';
import type { AccessUnit } from '../protocols/media/types';
import { tsAccessUnits } from '../protocols/mpegts/access-units';
import { parseTs } from '../protocols/mpegts/demuxer';

export const DEFAULT_SLATE_TRACKS: AlwaysAvailableTrack[] = [{ codec: 'H264' }, { codec: 'MPEG4Audio', sampleRate: 48000, channelCount: 2 }];
const SLATE_SECONDS = 2;
const SLATE_FPS = 30;
const RENDER_TIMEOUT_MS = 60_000;
/** Part of the cache key: bump when slateArgs changes what is rendered. */
const CLIP_FORMAT_VERSION = 1;

export function defaultSlateCacheDir(): string {
  return join(tmpdir(), 'relaybox-offline-clips');
}

/** FFmpeg arguments producing the clip at `out` (MPEG-TS, keyframe every second, no B-frames). */
export function slateArgs(conf: Pick<PathConf, 'alwaysAvailableFile' | 'alwaysAvailableTracks'>, out: string, withText: boolean): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  const encoder = (codec: string) =>
    codec === 'H265'
      ? ['-c:v', 'libx265', '-x265-params', 'repeat-headers=1:bframes=0:log-level=error']
      : ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-x264-params', 'repeat-headers=1'];
  const video = (codec: string) => [...encoder(codec), '-pix_fmt', 'yuv420p', '-g', String(SLATE_FPS), '-r', String(SLATE_FPS)];
  if (conf.alwaysAvailableFile) {
    // The file's first video and audio; re-encoded so the loop starts at a keyframe and has no B-frames.
    args.push('-i', conf.alwaysAvailableFile, '-map', '0:v:0', '-map', '0:a:0?', ...video('H264'), '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-t', '10');
    return [...args, '-f', 'mpegts', out];
  }
  const tracks = conf.alwaysAvailableTracks.length > 0 ? conf.alwaysAvailableTracks : DEFAULT_SLATE_TRACKS;
  const v = tracks.find((t) => t.codec === 'H264' || t.codec === 'H265');
  const a = tracks.find((t) => t.codec === 'MPEG4Audio' || t.codec === 'Opus');
  const unsupported = tracks.filter((t) => t !== v && t !== a);
  if (unsupported.length > 0) throw new Error(`alwaysAvailableTracks: ${unsupported.map((t) => t.codec).join(', ')} cannot be generated here (H264, H265, MPEG4Audio, Opus; one video and one audio track)`);
  if (v) {
    const text = withText ? ",drawtext=text='Stream offline':fontcolor=white:fontsize=56:x=(w-tw)/2:y=(h-th)/2" : '';
    args.push('-f', 'lavfi', '-i', `color=c=0x202428:s=1280x720:r=${SLATE_FPS}:d=${SLATE_SECONDS}${text}`);
  }
  if (a) {
    const rate = a.sampleRate ?? 48000;
    const layout = (a.channelCount ?? 2) === 1 ? 'mono' : 'stereo';
    args.push('-f', 'lavfi', '-i', `anullsrc=r=${a.codec === 'Opus' ? 48000 : rate}:cl=${layout}`);
  }
  if (v) args.push(...video(v.codec));
  if (a) args.push('-c:a', a.codec === 'Opus' ? 'libopus' : 'aac', '-ac', String(a.channelCount ?? 2));
  if (a && a.codec !== 'Opus') args.push('-ar', String(a.sampleRate ?? 48000));
  args.push('-t', String(SLATE_SECONDS));
  return [...args, '-f', 'mpegts', out];
}

function runFfmpeg(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpeg, args, { timeout: RENDER_TIMEOUT_MS, maxBuffer: 1 << 20 }, (err, _out, stderr) => {
      if (err) reject(new Error(`FFmpeg could not render the offline clip: ${String(stderr).trim().split('\n').slice(-3).join(' ') || err.message}`));
      else resolve();
    });
  });
}

/** One loop of units from a rendered clip: starts at the first video keyframe, in time order. */
export function slateFromTs(buf: Buffer): OfflineSlate {
  const ts = parseTs(buf);
  if (!ts.pmt) throw new Error('the offline clip has no PMT');
  const media = tsAccessUnits(ts.pmt, ts.pes);
  const { tracks } = media;
  const at = (u: AccessUnit) => u.dts / tracks[u.track].clockRate;
  const units = [...media.units].sort((x, y) => at(x) - at(y));
  const video = tracks.findIndex((t) => t.kind === 'video');
  const first = video < 0 ? 0 : units.findIndex((u) => u.track === video && u.key);
  if (first < 0) throw new Error('the offline clip has no keyframe');
  const loop = units.slice(first);
  if (loop.length === 0) throw new Error('the offline clip is empty');
  // One frame (video) or one audio frame past the last unit, so loops join without a gap.
  const ref = video >= 0 ? video : loop[0].track;
  const refUnits = loop.filter((u) => u.track === ref);
  const step = refUnits.length > 1 ? (refUnits[refUnits.length - 1].dts - refUnits[0].dts) / (refUnits.length - 1) : tracks[ref].clockRate / SLATE_FPS;
  const durationS = (refUnits[refUnits.length - 1].dts + step) / tracks[ref].clockRate - at(loop[0]);
  // Audio past the end of the loop would overlap the next loop's start.
  const endS = at(loop[0]) + durationS;
  return { tracks, units: loop.filter((u) => at(u) < endS), durationS };
}

/**
 * The clip for a path's settings, rendered once per distinct input (file and its mtime, or the
 * track list) into `cacheDir`.
 */
export async function loadOfflineSlate(conf: Pick<PathConf, 'alwaysAvailableFile' | 'alwaysAvailableTracks'>, ffmpeg: string, cacheDir = defaultSlateCacheDir()): Promise<OfflineSlate> {
  const key = `v${CLIP_FORMAT_VERSION}:` + (conf.alwaysAvailableFile
    ? `file:${conf.alwaysAvailableFile}:${(await stat(conf.alwaysAvailableFile)).mtimeMs}`
    : `tracks:${JSON.stringify(conf.alwaysAvailableTracks)}`);
  const out = join(cacheDir, `clip-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.ts`);
  let buf = await readFile(out).catch(() => null);
  if (!buf) {
    await mkdir(cacheDir, { recursive: true });
    const partial = `${out}.${process.pid}.partial`;
    try {
      await runFfmpeg(ffmpeg, slateArgs(conf, partial, !conf.alwaysAvailableFile));
    } catch (err) {
      // drawtext needs FFmpeg built with freetype and a font: a plain slate is better than none.
      if (conf.alwaysAvailableFile) throw err;
      await runFfmpeg(ffmpeg, slateArgs(conf, partial, false));
    }
    await rename(partial, out);
    buf = await readFile(out);
  }
  return slateFromTs(buf);
}
