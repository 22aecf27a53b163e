// Which codecs a media file holds, asked of FFmpeg itself (`ffmpeg -i FILE` prints the streams
// and exits with "At least one output file must be specified").
import { execFile } from 'node:child_process';
import { parseInputStreams, type MediaStreamsInfo } from './media-file';

export function probeMediaFile(ffmpegPath: string, file: string): Promise<MediaStreamsInfo | { error: string }> {
  return new Promise((resolve) => {
    execFile(ffmpegPath, ['-hide_banner', '-nostdin', '-i', file], { timeout: 15_000, windowsHide: true, encoding: 'utf8' }, (_err, _out, stderr) => {
      const info = parseInputStreams(String(stderr));
      if (info.video || info.audio) resolve(info);
      else resolve({ error: String(stderr).trim().split(/\r?\n/).pop() || `${file}: no audio or video stream` });
    });
  });
}
