// A capture device as FFmpeg lists it, with the string to pass back to FFmpeg to open it.

export type DeviceBackend = 'dshow' | 'avfoundation' | 'v4l2' | 'alsa' | 'pulse';
export type DeviceKind = 'video' | 'audio' | 'screen';

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

/** "[dshow @ 000001c4a8d3e2c0] text" → "text"; lines without that prefix give null. */
export function stripLogPrefix(line: string, component: RegExp): string | null {
  const m = /^\[([^\]]+) @ [0-9a-fA-Fx]+\] ?(.*)$/.exec(line);
  if (!m || !component.test(m[1])) return null;
  return m[2];
}
