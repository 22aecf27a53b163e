// FFmpeg for the packaged app (DESIGN §7): ffmpeg-static's path points inside app.asar, which
// Electron can read but not exec; electron-builder's asarUnpack puts the binary beside it.
import { ffmpegStaticPath, unpackedAsarPath } from './engine/pipelines/ffmpeg';

/** ffmpeg-static's binary as this app can execute it, or null when the package is absent. */
export function packagedFfmpegPath(isPackaged: boolean, staticPath: string | null = ffmpegStaticPath()): string | null {
  if (!staticPath) return null;
  return isPackaged ? unpackedAsarPath(staticPath) : staticPath;
}
