// Which FFmpeg binary Relaybox runs (DESIGN §7): the settings path, then the `ffmpeg-static`
// package, then `ffmpeg` on PATH. A missing or broken FFmpeg is a status value, never a throw,
// because the GUI shows it and everything else keeps working without pipelines.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, extname, isAbsolute, join, sep } from 'node:path';

export type FfmpegSource = 'settings' | 'ffmpeg-static' | 'path';

export interface FfmpegFound {
  path: string;
  source: FfmpegSource;
  /** "5.1.9-0+deb12u1" from `ffmpeg -version`. */
  version: string;
}

export interface FfmpegMissing {
  /** What was tried and what went wrong, for the GUI. */
  error: string;
}

export type FfmpegResolution = FfmpegFound | FfmpegMissing;

export interface ResolveFfmpegOptions {
  /** The user's explicit choice in settings; when set and broken, nothing else is tried. */
  settingsPath?: string;
  /** True inside a packaged Electron app, where native binaries sit in app.asar.unpacked. */
  packaged?: boolean;
  /** Defaults to process.env.PATH / PATHEXT; tests pass their own. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where `ffmpeg-static` is looked up; `false` skips it (tests). */
  ffmpegStatic?: false | (() => string | null);
}

export function isFfmpegFound(r: FfmpegResolution): r is FfmpegFound {
  return 'path' in r;
}

/**
 * Electron can read files inside app.asar but cannot exec them; electron-builder puts
 * native binaries (asarUnpack) beside it in app.asar.unpacked.
 */
export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/g, '$1app.asar.unpacked$2');
}

/** `ffmpeg-static` exports the binary's path (or null on unsupported platforms). Loaded lazily: it is optional. */
export function ffmpegStaticPath(): string | null {
  try {
    // Bundled as CommonJS (electron-vite) and run by vitest: __filename exists in both.
    const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
    const mod = req('ffmpeg-static') as unknown;
    return typeof mod === 'string' ? mod : null;
  } catch {
    return null;
  }
}

/** The first executable `name` on PATH, trying PATHEXT extensions on Windows (where the shell would). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const win = platform === 'win32';
  const pathVar = (win ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  // Batch files (.bat/.cmd) only run through cmd.exe, i.e. a shell string; Node refuses to spawn
  // them without `shell` (CVE-2024-27980), so they are never picked.
  const exts = win && extname(name) === ''
    ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e && !/^\.(bat|cmd)$/i.test(e))
    : [''];
  const delim = win ? ';' : delimiter;
  for (const rawDir of pathVar.split(delim)) {
    // An empty PATH entry means the current directory on POSIX; never run binaries from there.
    const dir = rawDir.replace(/^"(.*)"$/, '$1');
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (isExecutableFile(candidate, win)) return candidate;
      if (win && ext) {
        const upper = join(dir, name + ext);
        if (isExecutableFile(upper, win)) return upper;
      }
    }
  }
  return null;
}

function isExecutableFile(p: string, win: boolean): boolean {
  try {
    const st = statSync(p);
    if (!st.isFile()) return false;
    return win || (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Runs `path -version`; the version string or an error message. */
export function ffmpegVersion(path: string, timeoutMs = 10_000): Promise<{ version: string } | { error: string }> {
  return new Promise((resolve) => {
    execFile(path, ['-hide_banner', '-version'], { timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (err, stdout) => {
      const version = parseFfmpegVersion(String(stdout));
      if (version) resolve({ version });
      else resolve({ error: err ? `${path}: ${err.message.split('\n')[0]}` : `${path}: not an FFmpeg binary (no "ffmpeg version" line)` });
    });
  });
}

/** "ffmpeg version 5.1.9-0+deb12u1 Copyright…" → "5.1.9-0+deb12u1". */
export function parseFfmpegVersion(text: string): string | null {
  const m = /^ffmpeg version (\S+)/m.exec(text);
  return m ? m[1] : null;
}

export async function resolveFfmpeg(opts: ResolveFfmpegOptions = {}): Promise<FfmpegResolution> {
  const tried: string[] = [];
  if (opts.settingsPath) {
    // An explicit choice that does not work is reported, not silently replaced by another binary.
    const p = opts.packaged ? unpackedAsarPath(opts.settingsPath) : opts.settingsPath;
    if (!isAbsolute(p) && !p.includes(sep) && !p.includes('/')) {
      const onPath = findOnPath(p, opts.env, opts.platform);
      if (!onPath) return { error: `FFmpeg from settings "${p}" was not found on PATH; fix the path in Settings → FFmpeg` };
      return check(onPath, 'settings', tried);
    }
    return check(p, 'settings', tried);
  }
  const staticPath = opts.ffmpegStatic === false ? null : (opts.ffmpegStatic ?? ffmpegStaticPath)();
  if (staticPath) {
    const r = await check(opts.packaged ? unpackedAsarPath(staticPath) : staticPath, 'ffmpeg-static', tried);
    if (isFfmpegFound(r)) return r;
  } else tried.push('ffmpeg-static: not installed');
  const onPath = findOnPath('ffmpeg', opts.env, opts.platform);
  if (onPath) {
    const r = await check(onPath, 'path', tried);
    if (isFfmpegFound(r)) return r;
  } else tried.push('PATH: no ffmpeg');
  return { error: `FFmpeg not found (${tried.join('; ')}); install FFmpeg or set its path in Settings → FFmpeg` };
}

async function check(path: string, source: FfmpegSource, tried: string[]): Promise<FfmpegResolution> {
  const v = await ffmpegVersion(path);
  if ('version' in v) return { path, source, version: v.version };
  tried.push(`${source}: ${v.error}`);
  return { error: source === 'settings' ? `FFmpeg from settings does not run: ${v.error}` : v.error };
}
