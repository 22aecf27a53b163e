// Real FFmpeg clients for protocol tests: publishers, ffprobe, decoders. Every process started
// here is tracked and killed by stopAll() (call it in afterEach/afterAll).
import { spawn, type ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();

export interface Proc {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

export function run(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d) => { if (err.length < 200_000) err += d; });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { children.delete(child); resolve(code); }));
  return { child, stderr: () => err, exited, kill: (s = 'SIGKILL') => { child.kill(s); } };
}

export async function stopAll(): Promise<void> {
  const waits = [...children].map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGKILL'); }));
  await Promise.all(waits);
}

/** H.264 + AAC test pattern published as OBS does (`-f flv rtmp://…`), for `seconds` (default: until killed). */
export function publishTestPattern(url: string, opts: { seconds?: number; size?: string; fps?: number; audio?: boolean; format?: string; extra?: string[] } = {}): Proc {
  const fps = opts.fps ?? 30;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${opts.size ?? '640x360'}:rate=${fps}`];
  if (opts.audio !== false) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p');
  if (opts.audio !== false) args.push('-c:a', 'aac', '-b:a', '96k');
  if (opts.seconds) args.push('-t', String(opts.seconds));
  args.push(...(opts.extra ?? []), '-f', opts.format ?? 'flv', url);
  return run('ffmpeg', args);
}

export interface ProbedStream {
  codec_name: string;
  codec_type: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

/** Runs a command to its end (killed after timeoutS); its stdout, stderr and exit code. */
export async function runToEnd(cmd: string, args: string[], timeoutS = 30): Promise<{ out: string; err: string; code: number | null }> {
  const p = run(cmd, args);
  let out = '';
  p.child.stdout!.removeAllListeners('data');
  p.child.stdout!.setEncoding('utf8');
  p.child.stdout!.on('data', (d) => (out += d));
  const timer = setTimeout(() => p.kill(), timeoutS * 1000);
  const code = await p.exited;
  clearTimeout(timer);
  return { out, err: p.stderr(), code };
}

/** ffprobe's streams for a URL, or the error it printed. */
export async function probe(url: string, extra: string[] = [], timeoutS = 15): Promise<{ streams: ProbedStream[]; error: string; code: number | null }> {
  const { out, err, code } = await runToEnd('ffprobe', ['-v', 'error', '-rw_timeout', String(timeoutS * 1_000_000), ...extra, '-show_entries', 'stream=codec_name,codec_type,width,height,sample_rate', '-of', 'json', url], timeoutS);
  let streams: ProbedStream[] = [];
  try { streams = (JSON.parse(out || '{}').streams ?? []) as ProbedStream[]; } catch { /* error below */ }
  return { streams, error: err, code };
}

/** Decodes `frames` video frames; returns FFmpeg's error output (empty = clean decode). */
export async function decode(input: string[], frames = 60, timeoutS = 20): Promise<{ code: number | null; errors: string }> {
  const p = run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', ...input, '-frames:v', String(frames), '-f', 'null', '-']);
  const timer = setTimeout(() => p.kill(), timeoutS * 1000);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, errors: p.stderr().trim() };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, tries = 100, everyMs = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
