// Playlist text (RFC 8216 §4; LL-HLS tags from draft-pantos-hls-rfc8216bis §4.4.3.7, §4.4.4.9,
// §4.4.5.3). Pure functions of the segmenter's state.
import type { Track } from '../../protocols/media/types';
import type { HlsSegmenter } from './segmenter';

export const MEDIA_PLAYLIST_NAME = 'stream.m3u8';

// File names carry the muxer's prefix: a new muxer (after a restart of the stream) restarts its
// numbering, and a client or cache must not mistake its seg0 for the previous one's.
export function segmentFileName(prefix: string, variant: HlsSegmenter['variant'], msn: number): string {
  return `${prefix}_seg${msn}.${variant === 'mpegts' ? 'ts' : 'mp4'}`;
}

export function partFileName(prefix: string, id: number): string {
  return `${prefix}_part${id}.mp4`;
}

export function initFileName(prefix: string): string {
  return `${prefix}_init.mp4`;
}

function codecsOf(tracks: readonly Track[]): string[] {
  const out: string[] = [];
  for (const t of tracks) {
    if (t.codecString) out.push(t.codecString);
    else if (t.kind === 'audio' && t.codec === 'AAC') out.push('mp4a.40.2');
    else if (t.kind === 'audio' && t.codec === 'Opus') out.push('opus');
  }
  return out;
}

/** Target duration: whole seconds, ≥ every EXTINF (§4.3.3.1), never below the configured one. */
export function targetDurationS(seg: HlsSegmenter, configuredS: number): number {
  return Math.max(1, Math.ceil(configuredS - 1e-6), Math.ceil(seg.maxSegmentDurationS - 1e-6));
}

/** The multivariant playlist (§4.3.4.2): one variant, with CODECS and RESOLUTION. */
export function multivariantPlaylist(seg: HlsSegmenter, query: string): string {
  let peakBps = 0;
  let bytes = 0;
  let seconds = 0;
  for (const s of seg.segments) {
    if (s.duration > 0) peakBps = Math.max(peakBps, (s.data.length * 8) / s.duration);
    bytes += s.data.length;
    seconds += s.duration;
  }
  if (seconds === 0) {
    // LL-HLS before the first segment is complete: estimate from its parts (one part alone
    // would overstate the peak: the key frame's part is the largest).
    for (const p of seg.currentParts) {
      bytes += p.data.length;
      seconds += p.duration;
    }
    if (seconds > 0) peakBps = (bytes * 8) / seconds;
  }
  const avg = seconds > 0 ? Math.round((bytes * 8) / seconds) : 0;
  const attrs = [`BANDWIDTH=${Math.max(1, Math.round(peakBps))}`];
  if (avg > 0) attrs.push(`AVERAGE-BANDWIDTH=${avg}`);
  const codecs = codecsOf(seg.tracks);
  if (codecs.length > 0) attrs.push(`CODECS="${codecs.join(',')}"`);
  const video = seg.tracks.find((t) => t.kind === 'video');
  if (video?.kind === 'video' && video.width && video.height) attrs.push(`RESOLUTION=${video.width}x${video.height}`);
  // Credentials given as ?user=&pass= must reach the media playlist too (players do not carry
  // the query over by themselves).
  const uri = query ? `${MEDIA_PLAYLIST_NAME}?${query}` : MEDIA_PLAYLIST_NAME;
  const version = seg.variant === 'mpegts' ? 3 : seg.variant === 'fmp4' ? 7 : 9;
  return ['#EXTM3U', `#EXT-X-VERSION:${version}`, '#EXT-X-INDEPENDENT-SEGMENTS', '', `#EXT-X-STREAM-INF:${attrs.join(',')}`, uri, ''].join('\n');
}

function withQuery(uri: string, query: string): string {
  return query ? `${uri}?${query}` : uri;
}

function dateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The media playlist. `query` is appended to every URI (credentials in ?user=&pass=), without
 * the _HLS_ directives.
 */
export function mediaPlaylist(seg: HlsSegmenter, opts: { prefix: string; segmentDurationS: number; partDurationS: number; query: string }): string {
  const target = targetDurationS(seg, opts.segmentDurationS);
  const listed = seg.listedSegments();
  const lowLatency = seg.variant === 'lowLatency';
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${seg.variant === 'mpegts' ? 3 : seg.variant === 'fmp4' ? 7 : 9}`, `#EXT-X-TARGETDURATION:${target}`];
  let partTarget = 0;
  if (lowLatency) {
    partTarget = Math.max(opts.partDurationS, seg.maxPartDurationS);
    // §4.4.3.8: PART-HOLD-BACK ≥ 2 × PART-TARGET; 3 × as the spec recommends.
    lines.push(`#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${(partTarget * 3).toFixed(5)}`);
    lines.push(`#EXT-X-PART-INF:PART-TARGET=${partTarget.toFixed(5)}`);
  }
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${listed[0]?.msn ?? seg.currentMsn}`);
  if (seg.init) lines.push(`#EXT-X-MAP:URI="${withQuery(initFileName(opts.prefix), opts.query)}"`);
  lines.push('');
  // Parts are listed only near the live edge (§4.4.4.9: remove them after three target durations).
  let partsFromMsn = Number.POSITIVE_INFINITY;
  if (lowLatency) {
    let age = 0;
    partsFromMsn = seg.currentMsn;
    for (let i = listed.length - 1; i >= 0 && age < 3 * target; i--) {
      age += listed[i].duration;
      partsFromMsn = listed[i].msn;
    }
  }
  const partLine = (p: { id: number; duration: number; independent: boolean }) =>
    `#EXT-X-PART:DURATION=${p.duration.toFixed(5)},URI="${withQuery(partFileName(opts.prefix, p.id), opts.query)}"${p.independent ? ',INDEPENDENT=YES' : ''}`;
  for (const s of listed) {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${dateTime(s.programDateMs)}`);
    if (s.msn >= partsFromMsn) for (const p of s.parts) lines.push(partLine(p));
    lines.push(`#EXTINF:${s.duration.toFixed(5)},`, withQuery(segmentFileName(opts.prefix, seg.variant, s.msn), opts.query));
  }
  if (lowLatency) {
    for (const p of seg.currentParts) lines.push(partLine(p));
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${withQuery(partFileName(opts.prefix, seg.upcomingPartId), opts.query)}"`);
  }
  lines.push('');
  return lines.join('\n');
}
