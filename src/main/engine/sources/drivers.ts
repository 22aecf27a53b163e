// Which driver pulls which `source` URL, and the MediaMTX API type its session shows as.
import { sourceScheme } from '../../../shared/config';
import type { SourceDriver } from './driver';
import { hlsSourceDriver } from './hls-source';
import { rtmpSourceDriver } from './rtmp-source';
import { rtspSourceDriver } from './rtsp-source';

export interface SourceKind {
  driver: SourceDriver;
  /** MediaMTX `source.type` in /v3/paths (rtspSource, rtmpSource, hlsSource). */
  type: string;
}

const rtsp: SourceKind = { driver: rtspSourceDriver, type: 'rtspSource' };
const rtmp: SourceKind = { driver: rtmpSourceDriver, type: 'rtmpSource' };

const kinds = new Map<string, SourceKind>([
  ['rtsp', rtsp],
  ['rtsps', rtsp],
  ['rtmp', rtmp],
  ['rtmps', rtmp],
  ['http', { driver: hlsSourceDriver, type: 'hlsSource' }],
  ['https', { driver: hlsSourceDriver, type: 'hlsSource' }],
]);

/** The driver for a source URL, or undefined (publisher, redirect, or a scheme not implemented). */
export function sourceKindFor(source: string): SourceKind | undefined {
  const scheme = sourceScheme(source);
  return scheme === undefined ? undefined : kinds.get(scheme);
}

/** Register a driver for URL schemes (tests, and drivers that live elsewhere). */
export function registerSourceDriver(schemes: readonly string[], kind: SourceKind): void {
  for (const s of schemes) kinds.set(s, kind);
}
