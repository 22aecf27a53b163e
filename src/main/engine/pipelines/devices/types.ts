// Capture devices as FFmpeg lists them: helpers shared by the per-OS parsers.
// The device shapes are part of the API contract (src/shared/pipelines.ts).
export type { CaptureDevice, DeviceBackend, DeviceKind } from '../../../../shared/pipelines';

/** "[dshow @ 000001c4a8d3e2c0] text" → "text"; lines without that prefix give null. */
export function stripLogPrefix(line: string, component: RegExp): string | null {
  const m = /^\[([^\]]+) @ [0-9a-fA-Fx]+\] ?(.*)$/.exec(line);
  if (!m || !component.test(m[1])) return null;
  return m[2];
}
