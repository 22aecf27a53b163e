// Which published video frames an HLS segment or part holds, by the same fingerprint the paced
// publisher computed from the FLV tags (the last 32 bytes of each frame's last slice): MPEG-TS
// video PES payloads (Annex B) and fMP4 samples (length-prefixed NAL units) both end with the
// slice's last bytes. Parsed with the project's own demuxers.
import { parseTs } from '../../src/main/engine/protocols/mpegts/demuxer';
import { StreamType } from '../../src/main/engine/protocols/mpegts/constants';
import { parseFragments } from '../../src/main/engine/protocols/fmp4/box-parser';
import { TS_SYNC_BYTE } from '../../src/main/engine/protocols/mpegts/constants';
import { videoFingerprint } from './video-fingerprint';

/** Fingerprints of the H.264 frames in `data` (audio samples give fingerprints no frame has). */
export function mediaFrameFingerprints(data: Buffer): number[] {
  if (data.length === 0) return [];
  if (data[0] === TS_SYNC_BYTE) {
    return parseTs(data)
      .pes.filter((p) => p.streamType === StreamType.H264)
      .map((p) => videoFingerprint(p.data));
  }
  const out: number[] = [];
  for (const frag of parseFragments(data)) for (const traf of frag.tracks) for (const s of traf.samples) out.push(videoFingerprint(s.data));
  return out;
}
