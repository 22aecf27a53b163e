// Values derived from the raw store state.
import type { EngineStatus, PathInfo } from '../../shared/api';
import type { ProtocolPorts } from './urls';

/** Ports of the enabled media listeners, for building URLs. */
export function protocolPorts(status: EngineStatus | undefined): ProtocolPorts {
  const out: ProtocolPorts = {};
  for (const l of status?.listeners ?? []) {
    if (l.state === 'disabled') continue;
    if (l.name === 'rtmp' || l.name === 'rtsp' || l.name === 'hls' || l.name === 'webrtc') out[l.name] = l.port;
  }
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
