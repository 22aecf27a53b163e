// Encoding presets (issue 7 §4): H.264 with the best encoder that works here, a keyframe every
// second (so a new reader starts within 1 s and HLS segments cut cleanly), CBR-ish rate control,
// AAC 128k; plus the command line as shown in the GUI and logs.
import { redact } from '../log';

export type H264Encoder = 'h264_nvenc' | 'h264_qsv' | 'h264_amf' | 'h264_videotoolbox' | 'libx264';

export interface VideoPreset {
  width: number;
  height: number;
  fps: number;
}

export const RESOLUTION_PRESETS = {
  '360p': { width: 640, height: 360 },
  '480p': { width: 854, height: 480 },
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  '1440p': { width: 2560, height: 1440 },
} as const;

export type ResolutionPreset = keyof typeof RESOLUTION_PRESETS;
export const FPS_PRESETS = [15, 24, 25, 30, 50, 60] as const;

/** A bitrate that looks fine for H.264 live at this size and rate (kbit/s). */
export function suggestedBitrateKbps(width: number, height: number, fps: number): number {
  const perPixelFrame = 0.07; // bits: ~2.5 Mbit/s at 720p30
  return Math.max(300, Math.round((width * height * fps * perPixelFrame) / 1000 / 100) * 100);
}

/** Preference order: dedicated hardware first, then x264. `working` = encoders verified to open. */
export function chooseH264Encoder(working: readonly string[]): H264Encoder {
  for (const e of ['h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_videotoolbox'] as const) if (working.includes(e)) return e;
  return 'libx264';
}

export interface H264Options {
  encoder: H264Encoder;
  fps: number;
  bitrateKbps: number;
}

/** -c:v … with a keyframe every second and CBR-like limits. */
export function h264EncodeArgs(o: H264Options): string[] {
  const b = `${o.bitrateKbps}k`;
  const gop = String(Math.max(1, Math.round(o.fps)));
  const rate = ['-b:v', b, '-maxrate', b, '-bufsize', `${o.bitrateKbps * 2}k`];
  const gopArgs = ['-g', gop, '-keyint_min', gop];
  switch (o.encoder) {
    case 'libx264':
      // zerolatency: no B-frames or lookahead; sc_threshold 0: no extra keyframes on scene cuts.
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
        ...gopArgs, '-sc_threshold', '0', ...rate, '-x264-params', 'nal-hrd=cbr'];
    case 'h264_nvenc':
      return ['-c:v', 'h264_nvenc', '-preset', 'p4', '-tune', 'll', '-rc', 'cbr', '-bf', '0', '-pix_fmt', 'yuv420p', ...gopArgs, ...rate];
    case 'h264_qsv':
      return ['-c:v', 'h264_qsv', '-preset', 'veryfast', '-bf', '0', '-pix_fmt', 'nv12', ...gopArgs, ...rate];
    case 'h264_amf':
      return ['-c:v', 'h264_amf', '-usage', 'lowlatency', '-rc', 'cbr', '-bf', '0', '-pix_fmt', 'nv12', ...gopArgs, ...rate];
    case 'h264_videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-realtime', '1', '-bf', '0', '-pix_fmt', 'nv12', ...gopArgs, ...rate];
  }
}

export function aacEncodeArgs(bitrateKbps = 128): string[] {
  return ['-c:a', 'aac', '-b:a', `${bitrateKbps}k`, '-ar', '48000', '-ac', '2'];
}

/** Where a pipeline publishes: the local RTMP listener and a path name (RTMP carries H.264/AAC as FLV). */
export function publishUrl(rtmpPort: number, path: string, host = '127.0.0.1'): string {
  if (!/^[0-9a-zA-Z_\-/.]+$/.test(path) || path.startsWith('/') || path.endsWith('/')) {
    throw new Error(`pipeline path "${path}": must match [0-9a-zA-Z_-/.] without leading or trailing "/"`);
  }
  return `rtmp://${host}:${rtmpPort}/${path}`;
}

export function publishArgs(url: string): string[] {
  return ['-f', 'flv', '-flvflags', 'no_duration_filesize', url];
}

/** Quotes an argument the way a POSIX shell user would paste it; display only, never executed. */
function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** The exact command for the GUI and logs, with passwords and tokens redacted. */
export function formatCommand(path: string, args: readonly string[]): string {
  return [path, ...args].map((a) => shellQuote(redact(a))).join(' ');
}
