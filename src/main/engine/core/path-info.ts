// Values of a path's runtime info as the control API shows it. The shape, PathInfo, is part of
// the API contract (src/shared/api.ts) and uses MediaMTX v3 `Path` field names.
import type { Track } from '../protocols/media/types';

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
