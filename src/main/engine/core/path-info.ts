// Runtime state of a path as the control API shows it: MediaMTX v3 `Path` field names, so
// /v3/paths/list|get answers like MediaMTX's. Same shape as PathInfo in src/shared/api.ts.
import type { Track } from '../protocols/media/types';

export interface PathInfo {
  name: string;
  confName: string;
  source: { type: string; id: string } | null;
  ready: boolean;
  readyTime: string | null;
  /** MediaMTX ≥ 1.13 names for ready/readyTime; same values here. */
  available: boolean;
  availableTime: string | null;
  online: boolean;
  onlineTime: string | null;
  tracks: string[];
  bytesReceived: number;
  bytesSent: number;
  /** MediaMTX ≥ 1.13 names for bytesReceived/bytesSent; same values. */
  inboundBytes: number;
  outboundBytes: number;
  readers: { type: string; id: string }[];
}

/** The codec names MediaMTX's API uses (its format.Codec() strings). */
export function mediamtxCodecName(track: Track): string {
  switch (track.codec) {
    case 'AAC':
      return 'MPEG-4 Audio';
    case 'MP3':
      return 'MPEG-1/2 Audio';
    default:
      return track.codec;
  }
}
