// A media file played as a live stream: `-re` for real-time pacing, looped with -stream_loop -1
// or played once, copied when its codecs already fit FLV/RTMP (H.264 + AAC), else encoded.
import { publishArgs } from '../presets';
import { encodeAndPublishArgs, fitVideoFilter, type OutputOptions } from './output';

export interface MediaStreamsInfo {
  /** Codec names as FFmpeg prints them ("h264", "hevc", "aac", "opus"), or null when absent. */
  video: string | null;
  audio: string | null;
}

/**
 * Reads the codecs from `ffmpeg -i FILE` stderr ("Stream #0:0[0x1](und): Video: h264 (High) …").
 * Uses FFmpeg itself because ffprobe is not always shipped beside it (ffmpeg-static has none).
 */
export function parseInputStreams(stderr: string): MediaStreamsInfo {
  const info: MediaStreamsInfo = { video: null, audio: null };
  for (const m of stderr.matchAll(/^\s*Stream #0:\d+\S*: (Video|Audio): (\w+)/gm)) {
    // Cover art in MP3/M4A is an attached picture, not a video track.
    const end = stderr.indexOf('\n', m.index);
    const line = stderr.slice(m.index, end < 0 ? undefined : end);
    if (m[1] === 'Video' && !info.video && !/attached pic/.test(line)) info.video = m[2];
    if (m[1] === 'Audio' && !info.audio) info.audio = m[2];
  }
  return info;
}

/** FLV over RTMP (without Enhanced RTMP) carries H.264 video and AAC audio. */
export function fitsRtmp(s: MediaStreamsInfo): boolean {
  return (s.video === null || s.video === 'h264') && (s.audio === null || s.audio === 'aac') && (s.video ?? s.audio) !== null;
}

export interface MediaFileOptions extends OutputOptions {
  file: string;
  loop: boolean;
  streams: MediaStreamsInfo;
  /** Force encoding even when copying would work (e.g. to change size or bitrate). */
  forceEncode?: boolean;
}

export function mediaFileArgs(o: MediaFileOptions): string[] {
  const input = ['-re', ...(o.loop ? ['-stream_loop', '-1'] : []), '-i', o.file];
  if (fitsRtmp(o.streams) && !o.forceEncode) {
    const maps = [...(o.streams.video ? ['-map', '0:v:0'] : []), ...(o.streams.audio ? ['-map', '0:a:0'] : [])];
    return [...input, ...maps, '-c', 'copy', ...publishArgs(o.url)];
  }
  if (!o.streams.video) {
    // Audio only: encode to AAC, no picture.
    return [...input, '-map', '0:a:0', '-c:a', 'aac', '-b:a', `${o.audioBitrateKbps ?? 128}k`, '-ar', '48000', ...publishArgs(o.url)];
  }
  return [...input, ...encodeAndPublishArgs(o, { input: 0, filter: fitVideoFilter(o.width, o.height, o.fps) }, o.streams.audio ? 0 : null)];
}
