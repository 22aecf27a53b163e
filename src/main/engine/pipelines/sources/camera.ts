// Camera + microphone per OS: Windows dshow, Linux v4l2 with alsa or pulse, macOS avfoundation.
// Device identifiers come from ../devices (what FFmpeg itself lists).
import { publishArgs } from '../presets';
import { encodeAndPublishArgs, fitVideoFilter, type OutputOptions } from './output';

export type CameraBackend = 'dshow' | 'v4l2' | 'avfoundation';
export type MicBackend = 'dshow' | 'alsa' | 'pulse' | 'avfoundation';

export interface CameraOptions extends OutputOptions {
  /**
   * dshow: the device name, or its alternative name ("@device_pnp_…") when two devices share a
   * name; v4l2: "/dev/videoN"; avfoundation: the device index ("0") or its exact name.
   */
  camera?: { backend: CameraBackend; id: string; captureSize?: { width: number; height: number }; captureFps?: number };
  /** dshow: name or alternative name; alsa: "hw:CARD=…,DEV=0" or "default"; pulse: source name; avfoundation: index. */
  mic?: { backend: MicBackend; id: string };
}

function captureOptions(c: NonNullable<CameraOptions['camera']>): string[] {
  const out: string[] = [];
  if (c.captureFps) out.push('-framerate', String(c.captureFps));
  if (c.captureSize) out.push('-video_size', `${c.captureSize.width}x${c.captureSize.height}`);
  return out;
}

export function cameraArgs(o: CameraOptions): string[] {
  const { camera, mic } = o;
  if (!camera && !mic) throw new Error('camera pipeline: choose a camera, a microphone or both');
  const args: string[] = [];
  let videoInput: number | null = null;
  let audioInput: number | null = null;
  let inputs = 0;
  // dshow and avfoundation open camera and microphone as one input, which keeps them in sync.
  if (camera && mic && camera.backend === 'dshow' && mic.backend === 'dshow') {
    args.push('-f', 'dshow', '-rtbufsize', '256M', ...captureOptions(camera), '-i', `video=${camera.id}:audio=${mic.id}`);
    videoInput = audioInput = inputs++;
  } else if (camera && mic && camera.backend === 'avfoundation' && mic.backend === 'avfoundation') {
    args.push('-f', 'avfoundation', ...captureOptions(camera), '-i', `${camera.id}:${mic.id}`);
    videoInput = audioInput = inputs++;
  } else {
    if (camera) {
      if (camera.backend === 'dshow') args.push('-f', 'dshow', '-rtbufsize', '256M', ...captureOptions(camera), '-i', `video=${camera.id}`);
      else if (camera.backend === 'v4l2') args.push('-f', 'v4l2', ...captureOptions(camera), '-i', camera.id);
      else args.push('-f', 'avfoundation', ...captureOptions(camera), '-i', `${camera.id}:none`);
      videoInput = inputs++;
    }
    if (mic) {
      if (mic.backend === 'dshow') args.push('-f', 'dshow', '-i', `audio=${mic.id}`);
      else if (mic.backend === 'avfoundation') args.push('-f', 'avfoundation', '-i', `none:${mic.id}`);
      else args.push('-f', mic.backend, '-i', mic.id);
      audioInput = inputs++;
    }
  }
  if (videoInput === null) {
    // Microphone only: RTMP is fine with audio alone.
    return [...args, '-map', `${audioInput}:a:0`, '-c:a', 'aac', '-b:a', `${o.audioBitrateKbps ?? 128}k`, '-ar', '48000', ...publishArgs(o.url)];
  }
  return [...args, ...encodeAndPublishArgs(o, { input: videoInput, filter: fitVideoFilter(o.width, o.height, o.fps) }, audioInput)];
}
