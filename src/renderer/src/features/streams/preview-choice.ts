// Which player previews a stream. HTTP-FLV through mpegts.js starts fastest and is proven here,
// but FLV (and mpegts.js) carries only H.264 with AAC/MP3; WebRTC carries H.264 with Opus (the
// engine transcodes AAC to Opus for it, DESIGN §6); HLS in fMP4 carries everything else, and
// whether the browser decodes it (H.265, AV1) is left to the browser.
import type { StreamUrls } from '../../urls';

export type PreviewKind = 'flv' | 'whep' | 'hls';

const VIDEO = ['H264', 'H265', 'AV1', 'VP9', 'VP8'];

export interface TrackSummary {
  video?: string;
  audio?: string;
}

/** Codec names as /v3/paths lists them (MediaMTX names: "H264", "MPEG-4 Audio", "Opus"). */
export function summarizeTracks(tracks: readonly string[]): TrackSummary {
  return { video: tracks.find((t) => VIDEO.includes(t)), audio: tracks.find((t) => !VIDEO.includes(t)) };
}

function flvCarries({ video, audio }: TrackSummary): boolean {
  return video === 'H264' && (audio === undefined || audio === 'MPEG-4 Audio' || audio === 'MPEG-1/2 Audio');
}

function webrtcCarries({ video, audio }: TrackSummary): boolean {
  return video === 'H264' && (audio === undefined || audio === 'Opus' || audio === 'MPEG-4 Audio');
}

/** Players to try, best first; the preview moves to the next one when a player fails. */
export function previewCandidates(tracks: readonly string[], urls: Pick<StreamUrls, 'flv' | 'whep' | 'hls'>): PreviewKind[] {
  const s = summarizeTracks(tracks);
  const out: PreviewKind[] = [];
  if (urls.flv && flvCarries(s)) out.push('flv');
  if (urls.whep && webrtcCarries(s)) out.push('whep');
  if (urls.hls) out.push('hls');
  return out;
}

export const PREVIEW_LABELS: Record<PreviewKind, string> = {
  flv: 'HTTP-FLV (mpegts.js)',
  whep: 'WebRTC (WHEP)',
  hls: 'HLS (hls.js)',
};
