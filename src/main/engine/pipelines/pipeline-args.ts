// From a stored pipeline definition to FFmpeg arguments, with what this machine's FFmpeg can do
// (encoders that open, drawtext, desktop capture methods).
import type { PipelineDef } from '../../../shared/pipelines';
import type { FfmpegCapabilities } from './capabilities';
import { chooseH264Encoder, publishArgs, suggestedBitrateKbps, type H264Encoder } from './presets';
import {
  cameraArgs, desktopCaptureArgs, desktopCaptureMethods, encodeAndPublishArgs, fitVideoFilter, mediaFileArgs, probeMediaFile,
  testPatternArgs, type OutputOptions,
} from './sources';

export interface PipelineArgsContext {
  ffmpegPath: string;
  caps: FfmpegCapabilities;
  /** rtmp://127.0.0.1:PORT/PATH */
  url: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

export interface PipelineArgs {
  args: string[];
  /** Other ways to the same result, tried in order when the first never starts (desktop capture). */
  fallbackArgs: string[][];
}

export function outputOptions(def: PipelineDef, caps: FfmpegCapabilities, url: string): OutputOptions {
  const encoder: H264Encoder = def.encoder === 'auto' ? chooseH264Encoder(caps.workingHardwareH264) : def.encoder;
  return {
    url, encoder, width: def.width, height: def.height, fps: def.fps,
    bitrateKbps: def.bitrateKbps ?? suggestedBitrateKbps(def.width, def.height, def.fps),
    audioBitrateKbps: def.audioBitrateKbps,
  };
}

/** Throws an Error whose message says what to fix (no FFmpeg support, unreadable file…). */
export async function pipelineArgs(def: PipelineDef, ctx: PipelineArgsContext): Promise<PipelineArgs> {
  const o = outputOptions(def, ctx.caps, ctx.url);
  const platform = ctx.platform ?? process.platform;
  switch (def.kind) {
    case 'testPattern':
      return { args: testPatternArgs({ ...o, drawtext: def.clock && ctx.caps.drawtext, toneHz: def.toneHz }), fallbackArgs: [] };
    case 'file': {
      const streams = await probeMediaFile(ctx.ffmpegPath, def.file);
      if ('error' in streams) throw new Error(`cannot read ${def.file}: ${streams.error}`);
      return { args: mediaFileArgs({ ...o, file: def.file, loop: def.loop, streams, forceEncode: def.forceEncode }), fallbackArgs: [] };
    }
    case 'desktop': {
      const methods = def.method === 'auto' ? desktopCaptureMethods(platform, ctx.caps) : [def.method];
      if (methods.length === 0) throw new Error(`this FFmpeg has no desktop capture for ${platform}`);
      const display = def.display ?? (ctx.env ?? process.env).DISPLAY;
      const all = methods.map((method) => desktopCaptureArgs({
        ...o, method, screen: def.screen, display, region: def.region, drawMouse: def.drawMouse,
      }));
      return { args: all[0], fallbackArgs: all.slice(1) };
    }
    case 'camera': {
      const c = def.camera;
      const camera = c && {
        backend: c.backend, id: c.id, captureFps: c.captureFps,
        captureSize: c.captureWidth && c.captureHeight ? { width: c.captureWidth, height: c.captureHeight } : undefined,
      };
      return { args: cameraArgs({ ...o, camera, mic: def.mic }), fallbackArgs: [] };
    }
    case 'restream': {
      // A live input paces itself: no -re. Optional streams ("?") so audio-only or video-only inputs work.
      const input = ['-i', def.input];
      if (!def.transcode) return { args: [...input, '-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy', ...publishArgs(ctx.url)], fallbackArgs: [] };
      const tail = encodeAndPublishArgs(o, { input: 0, filter: fitVideoFilter(o.width, o.height, o.fps) }, 0)
        .map((a) => (a === '0:a:0' ? '0:a:0?' : a));
      return { args: [...input, ...tail], fallbackArgs: [] };
    }
  }
}
