// ffprobe/FFmpeg checks for recorded files: media duration from the packets, clean decode.
import { runToEnd } from '../../helpers/ffmpeg';

async function output(cmd: string, args: string[], timeoutS = 30): Promise<{ out: string; err: string; code: number | null }> {
  const r = await runToEnd(cmd, args, timeoutS);
  return { ...r, err: r.err.trim() };
}

/** Seconds from the first video packet's pts to the end of the last one, and ffprobe's errors. */
export async function videoDuration(file: string): Promise<{ seconds: number; errors: string }> {
  const r = await output('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file]);
  let first = Infinity;
  let end = -Infinity;
  for (const line of r.out.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (!Number.isFinite(pts)) continue;
    first = Math.min(first, pts);
    end = Math.max(end, pts + (Number.isFinite(dur) ? dur : 0));
  }
  return { seconds: Number.isFinite(first) ? end - first : 0, errors: r.code === 0 ? r.err : r.err || `ffprobe exit ${r.code}` };
}

/** Decodes the whole file; returns FFmpeg's error output ('' = clean). */
export async function decodeFile(file: string): Promise<string> {
  const r = await output('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return r.code === 0 ? r.err : r.err || `ffmpeg exit ${r.code}`;
}

/** ffprobe's stream codec names for a file or URL. */
export async function codecs(input: string): Promise<string[]> {
  const r = await output('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', input], 20);
  return r.out.split('\n').map((s) => s.trim()).filter(Boolean);
}
