// Screen capture per OS: Windows ddagrab (Desktop Duplication, FFmpeg ≥ 6, GPU frames) with
// gdigrab as the fallback, Linux x11grab, macOS avfoundation ("Capture screen N" devices).
import { encodeAndPublishArgs, fitVideoFilter, type OutputOptions } from './output';

export type DesktopMethod = 'ddagrab' | 'gdigrab' | 'x11grab' | 'avfoundation';

/** Methods to try in order on this OS with this FFmpeg (ddagrab is a filter, the others input devices). */
export function desktopCaptureMethods(platform: NodeJS.Platform, caps: { filters: readonly string[]; inputDevices: readonly string[] }): DesktopMethod[] {
  if (platform === 'win32') {
    const out: DesktopMethod[] = [];
    if (caps.filters.includes('ddagrab')) out.push('ddagrab');
    if (caps.inputDevices.includes('gdigrab')) out.push('gdigrab');
    return out;
  }
  if (platform === 'darwin') return caps.inputDevices.includes('avfoundation') ? ['avfoundation'] : [];
  return caps.inputDevices.includes('x11grab') ? ['x11grab'] : [];
}

export interface DesktopOptions extends OutputOptions {
  method: DesktopMethod;
  /** ddagrab: output (monitor) index; avfoundation: the screen's video device index; x11grab: unused. */
  screen?: number;
  /** x11grab: the X display, e.g. ":0.0" (defaults to $DISPLAY at build time by the caller). */
  display?: string;
  /** x11grab: a region "WxH+X,Y"; whole screen when omitted. */
  region?: { width: number; height: number; x: number; y: number };
  drawMouse?: boolean;
}

function captureInput(o: DesktopOptions): string[] {
  const mouse = o.drawMouse ?? true;
  const fps = String(o.fps);
  switch (o.method) {
    case 'ddagrab':
      // Frames stay on the GPU (D3D11); hwdownload brings them to system memory for any encoder.
      return ['-f', 'lavfi', '-i', `ddagrab=output_idx=${o.screen ?? 0}:framerate=${fps}:draw_mouse=${mouse ? 1 : 0},hwdownload,format=bgra`];
    case 'gdigrab':
      return ['-f', 'gdigrab', '-framerate', fps, '-draw_mouse', mouse ? '1' : '0', '-i', 'desktop'];
    case 'x11grab': {
      const r = o.region;
      const size = r ? ['-video_size', `${r.width}x${r.height}`] : [];
      const at = r ? `+${r.x},${r.y}` : '';
      return ['-f', 'x11grab', '-framerate', fps, '-draw_mouse', mouse ? '1' : '0', ...size, '-i', `${o.display ?? ':0.0'}${at}`];
    }
    case 'avfoundation':
      // "<video index>:none": the screen device, no audio.
      return ['-f', 'avfoundation', '-framerate', fps, '-capture_cursor', mouse ? '1' : '0', '-pixel_format', 'nv12', '-i', `${o.screen ?? 1}:none`];
  }
}

export function desktopCaptureArgs(o: DesktopOptions): string[] {
  // Capture devices are already real time: no -re.
  return [...captureInput(o), ...encodeAndPublishArgs(o, { input: 0, filter: fitVideoFilter(o.width, o.height, o.fps) }, null)];
}
