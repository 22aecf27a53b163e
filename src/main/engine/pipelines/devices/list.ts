// Runs FFmpeg's own device listing for this OS and parses it.
import { execFile } from 'node:child_process';
import { parseAvfoundationDevices } from './avfoundation';
import { parseDshowDevices } from './dshow';
import { parseFfmpegSources } from './linux-sources';
import type { DeviceListing } from '../../../../shared/pipelines';
import type { CaptureDevice } from './types';
import { listVideoNodes } from './video-nodes';

function run(path: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Listing exits non-zero by design ("Immediate exit requested"); the output is what counts.
    execFile(path, args, { timeout: 15_000, windowsHide: true, maxBuffer: 4 << 20, encoding: 'utf8' }, (_err, stdout, stderr) =>
      resolve({ stdout: String(stdout), stderr: String(stderr) }));
  });
}

export type { DeviceListing };

export async function listCaptureDevices(ffmpegPath: string, platform: NodeJS.Platform = process.platform): Promise<DeviceListing> {
  if (platform === 'win32') {
    const r = await run(ffmpegPath, ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy']);
    return { devices: parseDshowDevices(r.stderr), warnings: [] };
  }
  if (platform === 'darwin') {
    const r = await run(ffmpegPath, ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']);
    return { devices: parseAvfoundationDevices(r.stderr), warnings: [] };
  }
  const devices: CaptureDevice[] = [];
  const warnings: string[] = [];
  for (const backend of ['v4l2', 'alsa', 'pulse'] as const) {
    const r = await run(ffmpegPath, ['-hide_banner', '-sources', backend]);
    const listing = parseFfmpegSources(r.stdout, backend);
    if (listing.error) warnings.push(`${backend}: ${listing.error}`);
    let found = listing.devices;
    if (backend === 'v4l2' && found.length === 0) found = await listVideoNodes();
    // ALSA's "null" sink is not a microphone.
    devices.push(...found.filter((d) => !(backend === 'alsa' && d.id === 'null')));
  }
  return { devices, warnings };
}
