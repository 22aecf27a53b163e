// `ffmpeg -hide_banner -sources v4l2|alsa|pulse` (stdout):
//   Auto-detected sources for alsa:
//   * hw:CARD=PCH,DEV=0 [HDA Intel PCH, ALC3246 Analog] (audio)
// "*" marks the default; the "(types)" suffix exists since FFmpeg 5.0; when the device cannot be
// enumerated FFmpeg prints "Cannot list sources: …" instead.
import type { CaptureDevice, DeviceBackend, DeviceKind } from './types';

export interface SourcesListing {
  devices: CaptureDevice[];
  /** "Generic error in an external library" etc., when FFmpeg could not list. */
  error: string | null;
}

export function parseFfmpegSources(stdout: string, backend: Extract<DeviceBackend, 'v4l2' | 'alsa' | 'pulse'>): SourcesListing {
  const devices: CaptureDevice[] = [];
  const fallbackKind: DeviceKind = backend === 'v4l2' ? 'video' : 'audio';
  // Descriptions run to the "]" that closes the entry (a "]" inside one is followed by more text).
  const re = /^([* ]) (\S+) \[([\s\S]*?)\](?: \(([^)\n]*)\))?[ \t]*\r?$/gm;
  for (const m of stdout.matchAll(re)) {
    const types = m[4] === undefined ? [] : m[4].split(',').map((s) => s.trim());
    const kinds = types.filter((t): t is DeviceKind => t === 'video' || t === 'audio');
    devices.push({
      backend, kinds: kinds.length ? kinds : [fallbackKind], name: m[3].replace(/\s*\r?\n\s*/g, ' ').trim() || m[2], id: m[2],
      description: m[3].replace(/\s*\r?\n\s*/g, ' ').trim(), isDefault: m[1] === '*',
    });
  }
  const err = /^Cannot list sources: (.*)$/m.exec(stdout);
  return { devices, error: err ? err[1].trim() : null };
}
