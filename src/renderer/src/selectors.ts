// Values derived from the raw store state.
import type { EngineStatus, PathInfo } from '../../shared/api';
import type { GlobalConf } from '../../shared/config';
import type { ProtocolPorts } from './urls';

/** The config keys that decide plain vs encrypted URLs (the store loads them from the global config). */
export type EncryptionSettings = Pick<GlobalConf, 'rtspEncryption' | 'rtmpEncryption' | 'hlsEncryption' | 'webrtcEncryption' | 'playbackEncryption'>;

export const ENCRYPTION_KEYS = ['rtspEncryption', 'rtmpEncryption', 'hlsEncryption', 'webrtcEncryption', 'playbackEncryption'] as const satisfies readonly (keyof EncryptionSettings)[];

const URL_LISTENERS = ['rtmp', 'rtmps', 'rtsp', 'rtsps', 'hls', 'webrtc'] as const;

/**
 * Ports of the enabled media listeners, for building URLs. The engine disables plain RTSP/RTMP
 * under "strict" and RTSPS/RTMPS under "no"; the modes are applied here too, so URLs follow the
 * config even before a status event reports the listeners it changed.
 */
export function protocolPorts(status: EngineStatus | undefined, enc?: Partial<EncryptionSettings>): ProtocolPorts {
  const out: ProtocolPorts = {};
  const off = new Set<string>();
  if (enc?.rtspEncryption === 'strict') off.add('rtsp');
  if (enc?.rtspEncryption === 'no') off.add('rtsps');
  if (enc?.rtmpEncryption === 'strict') off.add('rtmp');
  if (enc?.rtmpEncryption === 'no') off.add('rtmps');
  for (const l of status?.listeners ?? []) {
    if (l.state === 'disabled' || off.has(l.name)) continue;
    for (const name of URL_LISTENERS) if (l.name === name) out[name] = l.port;
  }
  const https = { hls: enc?.hlsEncryption === true, webrtc: enc?.webrtcEncryption === true, playback: enc?.playbackEncryption === true };
  if (https.hls || https.webrtc || https.playback) out.https = https;
  return out;
}

export interface Totals {
  streams: number;
  ready: number;
  readers: number;
  bytesIn: number;
  bytesOut: number;
}

export function pathTotals(paths: readonly PathInfo[]): Totals {
  const t: Totals = { streams: paths.length, ready: 0, readers: 0, bytesIn: 0, bytesOut: 0 };
  for (const p of paths) {
    if (p.ready) t.ready++;
    t.readers += p.readers.length;
    t.bytesIn += p.bytesReceived;
    t.bytesOut += p.bytesSent;
  }
  return t;
}

/** Bytes per second between two samples, or 0 when the counter went backwards (restart). */
export function rate(prevBytes: number, prevMs: number, bytes: number, ms: number): number {
  if (ms <= prevMs || bytes < prevBytes) return 0;
  return ((bytes - prevBytes) * 1000) / (ms - prevMs);
}

export interface ByteSample {
  at: number;
  bytesIn: number;
  bytesOut: number;
}

/** In/out bytes per second between the last two samples. */
export function totalRates(samples: readonly ByteSample[]): { inRate: number; outRate: number } {
  if (samples.length < 2) return { inRate: 0, outRate: 0 };
  const [a, b] = samples.slice(-2);
  return { inRate: rate(a.bytesIn, a.at, b.bytesIn, b.at), outRate: rate(a.bytesOut, a.at, b.bytesOut, b.at) };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

export function formatBitrate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(1)} Mbit/s`;
  if (bits >= 1e3) return `${(bits / 1e3).toFixed(0)} kbit/s`;
  return `${bits.toFixed(0)} bit/s`;
}
