// `ffmpeg -hide_banner -list_devices true -f dshow -i dummy` (stderr, UTF-8). Two formats exist:
// FFmpeg ≤ 4.3 prints section headers ("DirectShow video devices …", "DirectShow audio devices")
// then ` "Name"` lines; FFmpeg ≥ 4.4 prints `"Name" (video)` / `(audio)` / `(audio, video)` /
// `(none)`. Both follow each device with `Alternative name "@device_…"`.
import { stripLogPrefix, type CaptureDevice, type DeviceKind } from './types';

export function parseDshowDevices(stderr: string): CaptureDevice[] {
  const out: CaptureDevice[] = [];
  let section: DeviceKind | null = null;
  let last: CaptureDevice | null = null;
  for (const raw of stderr.split(/\r?\n/)) {
    const text = stripLogPrefix(raw, /^dshow$/);
    if (text === null) continue;
    if (/^DirectShow video devices/.test(text)) { section = 'video'; continue; }
    if (/^DirectShow audio devices/.test(text)) { section = 'audio'; continue; }
    const alt = /^\s*Alternative name "(.*)"\s*$/.exec(text);
    if (alt) {
      if (last) last.alternativeName = alt[1];
      continue;
    }
    const dev = /^\s*"(.*)"(?:\s+\(([^)]*)\))?\s*$/.exec(text);
    if (!dev) continue;
    let kinds: DeviceKind[];
    if (dev[2] !== undefined) {
      kinds = dev[2].split(',').map((s) => s.trim()).filter((k): k is DeviceKind => k === 'video' || k === 'audio');
    } else kinds = section ? [section] : [];
    last = { backend: 'dshow', kinds, name: dev[1], id: dev[1] };
    out.push(last);
  }
  return disambiguate(out);
}

/**
 * Two identical webcams share a friendly name; dshow opens the first unless told otherwise.
 * Give each its alternative name as id (dshow accepts it in place of the name), and its position
 * among the same-named devices for `-video_device_number` / `-audio_device_number`.
 */
function disambiguate(devs: CaptureDevice[]): CaptureDevice[] {
  const seen = new Map<string, number>();
  for (const d of devs) {
    const key = `${d.kinds.join(',')}\0${d.name}`;
    d.index = seen.get(key) ?? 0;
    seen.set(key, d.index + 1);
  }
  for (const d of devs) {
    const dup = devs.filter((o) => o.name === d.name && o.kinds.join(',') === d.kinds.join(',')).length > 1;
    if (dup && d.alternativeName) d.id = d.alternativeName;
  }
  return devs;
}
