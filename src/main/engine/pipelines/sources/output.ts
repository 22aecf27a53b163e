// The common tail of every capture pipeline: encode (or copy) and publish to a Relaybox path.
import { aacEncodeArgs, h264EncodeArgs, publishArgs, type H264Encoder } from '../presets';

export interface OutputOptions {
  /** rtmp://127.0.0.1:PORT/PATH (see presets.publishUrl). */
  url: string;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  encoder: H264Encoder;
  audioBitrateKbps?: number;
}

/** Fit any input into width×height (letterboxed, never stretched) at a constant frame rate. */
export function fitVideoFilter(width: number, height: number, fps: number): string {
  return `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,fps=${fps},format=yuv420p`;
}

/** -map, encoders and the FLV/RTMP output; `audio` = index of the input carrying audio, or null. */
export function encodeAndPublishArgs(o: OutputOptions, video: { input: number; filter?: string }, audio: number | null): string[] {
  const args = ['-map', `${video.input}:v:0`];
  if (audio !== null) args.push('-map', `${audio}:a:0`);
  if (video.filter) args.push('-vf', video.filter);
  args.push(...h264EncodeArgs({ encoder: o.encoder, fps: o.fps, bitrateKbps: o.bitrateKbps }));
  if (audio !== null) args.push(...aacEncodeArgs(o.audioBitrateKbps ?? 128));
  args.push(...publishArgs(o.url));
  return args;
}
