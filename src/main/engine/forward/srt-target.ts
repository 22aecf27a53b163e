// Forward to srt:// destinations through FFmpeg (DESIGN §6: FFmpeg only where we lack the
// format): one supervised FFmpeg reads the path back from our own RTMP (or RTSP) listener and
// copies it, without transcoding, into MPEG-TS over SRT. It needs an FFmpeg built with libsrt;
// `ffmpeg -protocols` tells, and the destination fails with a clear message when it is missing.
import { execFile } from 'node:child_process';
import type { Config, PathConf } from '../../../shared/config';
import { parseAddress } from '../../../shared/config';
import { FfmpegSupervisor } from '../pipelines/supervisor';
import { parseProtocolList } from '../pipelines/capabilities';
import { isFfmpegFound, resolveFfmpeg } from '../pipelines/ffmpeg';
import type { ForwardDriverContext } from './driver';
import { ForwardUnsupportedError } from './errors';

export interface SrtForwardOptions {
  /** Where FFmpeg reads the path from, e.g. rtmp://127.0.0.1:1935/cam1 (see localReadInput). */
  input: { url: string; args: string[] };
  /** FFmpeg binary; default: resolved as DESIGN §7 says (settings → ffmpeg-static → PATH). */
  ffmpegPath?: string;
}

const outputProtocols = new Map<string, Promise<string[]>>();

/** Output protocols of an FFmpeg binary, asked once per path. */
function ffmpegOutputProtocols(ffmpeg: string): Promise<string[]> {
  let p = outputProtocols.get(ffmpeg);
  if (!p) {
    p = new Promise((resolve) => {
      execFile(ffmpeg, ['-hide_banner', '-protocols'], { timeout: 10_000 }, (_err, stdout) => resolve(parseProtocolList(String(stdout ?? '')).output));
    });
    outputProtocols.set(ffmpeg, p);
  }
  return p;
}

/** Loopback host for a listen address (":1935" and "0.0.0.0:1935" listen on loopback too). */
function loopbackHost(address: string): string {
  const { host } = parseAddress(address);
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The URL FFmpeg reads `path` from: our RTMP listener, else our RTSP listener (TCP). Legacy
 * plain-text read credentials of the path are added; hashed ones or authInternalUsers that
 * require a password cannot be, and the read is then refused (the error says so).
 */
export function localReadInput(config: Config, path: string, conf: PathConf): { url: string; args: string[] } {
  const user = conf.readUser && !/^(sha256|argon2):/.test(conf.readUser) ? conf.readUser : '';
  const pass = conf.readPass && !/^(sha256|argon2):/.test(conf.readPass) ? conf.readPass : '';
  if (config.rtmp) {
    const query = user ? `?user=${encodeURIComponent(user)}&pass=${encodeURIComponent(pass)}` : '';
    return { url: `rtmp://${loopbackHost(config.rtmpAddress)}:${parseAddress(config.rtmpAddress).port}/${path}${query}`, args: [] };
  }
  if (config.rtsp) {
    const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(pass)}@` : '';
    return { url: `rtsp://${auth}${loopbackHost(config.rtspAddress)}:${parseAddress(config.rtspAddress).port}/${path}`, args: ['-rtsp_transport', 'tcp'] };
  }
  throw new ForwardUnsupportedError('SRT forward reads the path back through the RTMP or RTSP listener; enable rtmp or rtsp');
}

/** Runs FFmpeg until it fails (reject with its own error line) or ctx.signal aborts (resolve). */
export async function forwardToSrt(ctx: ForwardDriverContext, opts: SrtForwardOptions): Promise<void> {
  let ffmpeg = opts.ffmpegPath;
  if (!ffmpeg) {
    const found = await resolveFfmpeg();
    if (!isFfmpegFound(found)) throw new ForwardUnsupportedError(`SRT forward needs FFmpeg: ${found.error}`);
    ffmpeg = found.path;
  }
  if (!(await ffmpegOutputProtocols(ffmpeg)).includes('srt')) {
    throw new ForwardUnsupportedError(`SRT forward needs an FFmpeg built with libsrt; ${ffmpeg} lists no srt protocol in "ffmpeg -protocols"`);
  }
  if (ctx.signal.aborted) return;
  const supervisor = new FfmpegSupervisor({
    name: 'ffmpeg',
    ffmpegPath: ffmpeg,
    args: [...opts.input.args, '-i', opts.input.url, '-c', 'copy', '-f', 'mpegts', ctx.dest],
    log: ctx.log,
    // The forward manager owns retries and their backoff: one run per attempt.
    backoff: { maxRetries: 0 },
  });
  let sent = 0;
  supervisor.on('stats', (s) => {
    if (s.totalSize > sent) ctx.addBytes(s.totalSize - sent);
    sent = Math.max(sent, s.totalSize);
  });
  const ended = new Promise<string>((resolve) => {
    supervisor.on('state', (st) => {
      if (st.state === 'failed' || st.state === 'stopped') resolve(st.reason ?? 'FFmpeg exited');
    });
  });
  const onAbort = (): void => void supervisor.stop();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    supervisor.start();
    const reason = await ended;
    if (ctx.signal.aborted) return;
    throw new Error(`SRT forward (FFmpeg): ${reason}`);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await supervisor.stop();
  }
}
