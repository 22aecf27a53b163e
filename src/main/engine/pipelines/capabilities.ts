// What an FFmpeg binary can do, from its own listings (`-encoders`, `-devices`, `-protocols`,
// `-filters`). Parsers are pure; probeCapabilities runs them once per binary path + mtime.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';

export interface FfmpegCapabilities {
  /** Encoder names as listed, e.g. "libx264", "h264_nvenc", "aac". */
  encoders: string[];
  /** Hardware H.264 encoders that actually opened on this machine (a listed encoder may lack its GPU/driver). */
  workingHardwareH264: string[];
  /** Input (demuxing) devices, e.g. "x11grab", "v4l2", "alsa", "dshow", "avfoundation". */
  inputDevices: string[];
  inputProtocols: string[];
  outputProtocols: string[];
  filters: string[];
  /** drawtext needs libfreetype; without it the test pattern has no clock overlay. */
  drawtext: boolean;
}

/** Rows after the " ------" separator: " V....D libx264   description". */
export function parseEncoderList(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*-{3,}\s*$/.test(l));
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s([VAS.][F.][S.][X.][B.][D.])\s+(\S+)/.exec(line);
    if (m) out.push(m[2]);
  }
  return out;
}

/** `-devices`: " DE alsa  ALSA audio output"; names may be aliases joined by commas ("video4linux2,v4l2"). */
export function parseDeviceList(text: string): { input: string[]; output: string[] } {
  const input: string[] = [];
  const output: string[] = [];
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*--\s*$/.test(l));
  for (const line of lines.slice(start + 1)) {
    const m = /^\s([D ])([E ])\s(\S+)/.exec(line);
    if (!m) continue;
    const names = m[3].split(',');
    if (m[1] === 'D') input.push(...names);
    if (m[2] === 'E') output.push(...names);
  }
  return { input, output };
}

/** `-protocols`: "Input:" then indented names, "Output:" then indented names. */
export function parseProtocolList(text: string): { input: string[]; output: string[] } {
  const input: string[] = [];
  const output: string[] = [];
  let section: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^Input:\s*$/.test(line)) section = input;
    else if (/^Output:\s*$/.test(line)) section = output;
    else if (section && /^\s+\S+\s*$/.test(line)) section.push(line.trim());
  }
  return { input, output };
}

/** `-filters`: " T.C drawtext   V->V   description" after the legend. */
export function parseFilterList(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s([T.][S.][C.])\s+(\S+)\s+\S+->\S+/.exec(line);
    if (m) out.push(m[2]);
  }
  return out;
}

/** Hardware H.264 encoders in order of preference (NVIDIA, Intel, AMD, Apple). */
export const HARDWARE_H264_ENCODERS = ['h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_videotoolbox'] as const;

function runFfmpeg(path: string, args: string[], timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * Debian lists h264_nvenc and h264_qsv even on machines without the GPU, so a listed hardware
 * encoder is tried on one tiny frame before a preset may pick it.
 */
export async function encoderOpens(path: string, encoder: string): Promise<boolean> {
  const r = await runFfmpeg(path, ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=256x144:r=30',
    '-frames:v', '1', '-c:v', encoder, '-f', 'null', '-']);
  return r.code === 0;
}

const cache = new Map<string, Promise<FfmpegCapabilities | { error: string }>>();

/** Capabilities of the binary at `path`, cached per path + mtime (a replaced binary is probed again). */
export async function probeCapabilities(path: string): Promise<FfmpegCapabilities | { error: string }> {
  let key: string;
  try {
    key = `${path}\0${(await stat(path)).mtimeMs}`;
  } catch (e) {
    return { error: `${path}: ${(e as Error).message}` };
  }
  let p = cache.get(key);
  if (!p) {
    p = probeUncached(path);
    cache.set(key, p);
  }
  return p;
}

async function probeUncached(path: string): Promise<FfmpegCapabilities | { error: string }> {
  const q = (flag: string) => runFfmpeg(path, ['-hide_banner', flag]);
  const [enc, dev, proto, filt] = await Promise.all([q('-encoders'), q('-devices'), q('-protocols'), q('-filters')]);
  if (enc.code !== 0) return { error: `${path} -encoders failed: ${enc.stderr.trim().split('\n').pop() ?? `exit ${enc.code}`}` };
  const encoders = parseEncoderList(enc.stdout);
  const devices = parseDeviceList(dev.stdout);
  const protocols = parseProtocolList(proto.stdout);
  const filters = parseFilterList(filt.stdout);
  const workingHardwareH264: string[] = [];
  for (const e of HARDWARE_H264_ENCODERS) {
    if (encoders.includes(e) && (await encoderOpens(path, e))) workingHardwareH264.push(e);
  }
  return {
    encoders, workingHardwareH264, inputDevices: devices.input,
    inputProtocols: protocols.input, outputProtocols: protocols.output,
    filters, drawtext: filters.includes('drawtext'),
  };
}
