// `ffmpeg -hide_banner -f avfoundation -list_devices true -i ""` (stderr). The log component is
// "AVFoundation indev" since FFmpeg 5 and "AVFoundation input device" before; screens appear
// among the video devices as "Capture screen N".
import { stripLogPrefix, type CaptureDevice } from './types';

export function parseAvfoundationDevices(stderr: string): CaptureDevice[] {
  const out: CaptureDevice[] = [];
  let section: 'video' | 'audio' | null = null;
  for (const raw of stderr.split(/\r?\n/)) {
    const text = stripLogPrefix(raw, /^AVFoundation (?:indev|input device)$/);
    if (text === null) continue;
    if (/^AVFoundation video devices:/.test(text)) { section = 'video'; continue; }
    if (/^AVFoundation audio devices:/.test(text)) { section = 'audio'; continue; }
    const m = /^\[(\d+)\] (.*)$/.exec(text);
    if (!m || !section) continue;
    const index = Number(m[1]);
    const name = m[2].trimEnd();
    const kind = section === 'video' && /^Capture screen \d+$/.test(name) ? 'screen' : section;
    // Indexes are stable within one listing and unambiguous even for duplicate names.
    out.push({ backend: 'avfoundation', kinds: [kind], name, id: String(index), index });
  }
  return out;
}
