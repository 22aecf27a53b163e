// The pipelines contract (issue 7 §6): Relaybox's own FFmpeg pipelines (test pattern, media
// file, desktop, camera + microphone, restream of any FFmpeg input) that publish into local
// paths, their live status, and what this machine's FFmpeg can do. Browser-safe: zod only.
//
// Definitions are stored in Relaybox's own settings file (relaybox.settings.json beside the
// media config, section "pipelines"), never in the MediaMTX-compatible config.
import { z } from 'zod';
import { checkPathName } from './config/path-name';

export const PIPELINE_KINDS = ['testPattern', 'file', 'desktop', 'camera', 'restream'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

/** 'auto' = the best H.264 encoder that opens on this machine (hardware first, else libx264). */
export const PIPELINE_ENCODERS = ['auto', 'libx264', 'h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_videotoolbox'] as const;
export const DESKTOP_METHODS = ['auto', 'ddagrab', 'gdigrab', 'x11grab', 'avfoundation'] as const;
export const CAMERA_BACKENDS = ['dshow', 'v4l2', 'avfoundation'] as const;
export const MIC_BACKENDS = ['dshow', 'alsa', 'pulse', 'avfoundation'] as const;

/** Pipeline names appear in API URLs (/v3/relaybox/pipelines/…/{name}): no "/". */
export const PIPELINE_NAME = /^[0-9a-zA-Z_\-.]{1,64}$/;

export function checkPipelineName(name: string): string | undefined {
  return PIPELINE_NAME.test(name) ? undefined : 'a pipeline name is 1–64 characters from 0-9 a-z A-Z _ - .';
}

const pathName = z.string().refine((p) => checkPathName(p) === undefined, 'not a valid path name: use 0-9 a-z A-Z _ - / . without a leading or trailing "/"');
const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** What every pipeline shares: where it publishes and how it encodes. */
const output = {
  /** The Relaybox path it publishes to; default: the pipeline's name. */
  path: pathName.optional(),
  /** Start with the server (and keep running until stopped). */
  autoStart: z.boolean().default(true),
  width: int(16, 7680).default(1280),
  height: int(16, 4320).default(720),
  fps: int(1, 120).default(30),
  /** kbit/s; default: suggested for the size and rate (about 1.9 Mbit/s at 720p30). */
  bitrateKbps: int(100, 100_000).optional(),
  encoder: z.enum(PIPELINE_ENCODERS).default('auto'),
  audioBitrateKbps: int(32, 512).default(128),
};

export const TestPatternPipelineSchema = z.object({
  kind: z.literal('testPattern'),
  ...output,
  toneHz: z.number().min(20).max(20_000).default(440),
  /** Wall clock overlay, when FFmpeg has drawtext. */
  clock: z.boolean().default(true),
});

export const FilePipelineSchema = z.object({
  kind: z.literal('file'),
  ...output,
  file: z.string().min(1),
  loop: z.boolean().default(true),
  /** Encode even when the file's codecs could be copied (to change size or bitrate). */
  forceEncode: z.boolean().default(false),
});

export const DesktopPipelineSchema = z.object({
  kind: z.literal('desktop'),
  ...output,
  method: z.enum(DESKTOP_METHODS).default('auto'),
  /** ddagrab: monitor index; avfoundation: the screen's device index. */
  screen: int(0, 64).optional(),
  /** x11grab: the X display (default: $DISPLAY, else ":0.0"). */
  display: z.string().max(64).optional(),
  region: z.object({ width: int(16, 16384), height: int(16, 16384), x: int(0, 65535), y: int(0, 65535) }).optional(),
  drawMouse: z.boolean().default(true),
});

export const CameraPipelineSchema = z.object({
  kind: z.literal('camera'),
  ...output,
  /** `id` as the device list returns it (GET /v3/relaybox/pipelines/devices). */
  camera: z.object({
    backend: z.enum(CAMERA_BACKENDS),
    id: z.string().min(1),
    captureWidth: int(16, 7680).optional(),
    captureHeight: int(16, 4320).optional(),
    captureFps: int(1, 240).optional(),
  }).optional(),
  mic: z.object({ backend: z.enum(MIC_BACKENDS), id: z.string().min(1) }).optional(),
});

export const RestreamPipelineSchema = z.object({
  kind: z.literal('restream'),
  ...output,
  /** Any input FFmpeg opens (srt://, udp://, rtsp://, http(s)://…); may carry credentials. */
  input: z.string().min(1),
  /** Encode with the output settings instead of copying the codecs. */
  transcode: z.boolean().default(false),
});

export const PipelineDefSchema = z
  .discriminatedUnion('kind', [TestPatternPipelineSchema, FilePipelineSchema, DesktopPipelineSchema, CameraPipelineSchema, RestreamPipelineSchema])
  .superRefine((d, ctx) => {
    if (d.kind === 'camera' && !d.camera && !d.mic) ctx.addIssue({ code: 'custom', path: ['camera'], message: 'choose a camera, a microphone or both' });
  });

/** A stored pipeline definition, defaults filled in. */
export type PipelineDef = z.output<typeof PipelineDefSchema>;
/** What a client sends to create one (defaults may be omitted). */
export type PipelineDefInput = z.input<typeof PipelineDefSchema>;

export type PipelineState = 'idle' | 'starting' | 'running' | 'retrying' | 'failed' | 'stopped';

/** Live numbers from FFmpeg's `-progress` output. */
export interface FfmpegStats {
  frame: number;
  fps: number;
  /** kbit/s; 0 while FFmpeg says N/A. */
  bitrateKbps: number;
  /** 1 = real time. */
  speed: number;
  dropFrames: number;
  dupFrames: number;
  /** Output timestamp in milliseconds. */
  outTimeMs: number;
  totalSize: number;
  /** True on the block FFmpeg writes as it exits. */
  end: boolean;
}

export interface PipelineStatus {
  state: PipelineState;
  /** Why the last run ended (FFmpeg's own error line), redacted. */
  reason: string | null;
  /** PID of the current FFmpeg, while one runs. */
  pid: number | null;
  /** Restarts since the last stable run. */
  restarts: number;
  /** While `retrying`: when the next start happens (ms since epoch). */
  retryAt: number | null;
  stats: FfmpegStats | null;
}

export interface PipelineInfo {
  name: string;
  def: PipelineDef;
  /** The path it publishes to. */
  path: string;
  status: PipelineStatus;
  /** The FFmpeg command of the current or last run, passwords redacted; null before the first. */
  command: string | null;
}

export type DeviceBackend = 'dshow' | 'avfoundation' | 'v4l2' | 'alsa' | 'pulse';
export type DeviceKind = 'video' | 'audio' | 'screen';

/** A capture device as FFmpeg lists it, with the string to pass back to FFmpeg to open it. */
export interface CaptureDevice {
  backend: DeviceBackend;
  /** What the device carries; a dshow device may be both, or neither known ("none"). */
  kinds: DeviceKind[];
  /** Human-readable name, exactly as FFmpeg printed it (UTF-8, may be non-ASCII). */
  name: string;
  /**
   * What to give FFmpeg: the dshow name, or its alternative name when the name is ambiguous;
   * the avfoundation index; the v4l2 node; the alsa/pulse source name.
   */
  id: string;
  /** dshow: the "@device_…" moniker, unique even for two identical webcams. */
  alternativeName?: string;
  /** avfoundation: index in its list; dshow: 0-based position among devices of the same name (-video_device_number). */
  index?: number;
  description?: string;
  /** The source FFmpeg marks with "*" (default). */
  isDefault?: boolean;
}

export interface DeviceListing {
  devices: CaptureDevice[];
  /** Per-backend problems worth showing ("pulse: Cannot list sources: …"). */
  warnings: string[];
}

/** Which FFmpeg runs the pipelines, or why none can. */
export type FfmpegInfo =
  | { path: string; source: 'settings' | 'ffmpeg-static' | 'path'; version: string }
  | { error: string };

export interface PipelineCapabilities {
  ffmpeg: FfmpegInfo;
  platform: string;
  /** Empty when FFmpeg is missing; `error` then says why. */
  encoders: string[];
  /** Hardware H.264 encoders that opened on this machine ('auto' picks the first). */
  workingHardwareH264: string[];
  inputDevices: string[];
  /** Desktop capture methods this FFmpeg supports here, in the order 'auto' tries them. */
  desktopMethods: string[];
  drawtext: boolean;
  error?: string;
}
