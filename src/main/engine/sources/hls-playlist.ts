// The part of an M3U8 playlist (RFC 8216) an HLS source needs: the variants of a multivariant
// playlist, and the segments, init section and end of a media playlist. LL-HLS partial segments
// (EXT-X-PART, draft-pantos-hls-rfc8216bis §4.4.4.9) are skipped: the source reads whole segments.
// Text only, no I/O.

export interface HlsVariant {
  uri: string;
  bandwidth: number;
}

export interface HlsSegment {
  /** Media sequence number (EXT-X-MEDIA-SEQUENCE + index, RFC 8216 §6.3.2). */
  sequence: number;
  uri: string;
  duration: number;
  /** EXT-X-MAP URI in effect for this segment (fMP4), if any. */
  mapUri?: string;
  /** EXT-X-DISCONTINUITY before this segment. */
  discontinuity: boolean;
}

export interface HlsMediaPlaylist {
  targetDuration: number;
  segments: HlsSegment[];
  /** EXT-X-ENDLIST: no segment will be added. */
  ended: boolean;
}

export type HlsPlaylist = { kind: 'multivariant'; variants: HlsVariant[] } | ({ kind: 'media' } & HlsMediaPlaylist);

/** RFC 8216 §4.2: attribute lists, `KEY=value` or `KEY="quoted, value"`, comma separated. */
export function parseAttributeList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const v = m[2];
    out.set(m[1], v.startsWith('"') ? v.slice(1, -1) : v);
  }
  return out;
}

export function parsePlaylist(text: string): HlsPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines[0]?.replace(/^\uFEFF/, '') !== '#EXTM3U') throw new Error('not an M3U8 playlist (no #EXTM3U on the first line)');
  const variants: HlsVariant[] = [];
  const segments: HlsSegment[] = [];
  let targetDuration = 0;
  let mediaSequence = 0;
  let ended = false;
  let mapUri: string | undefined;
  let pendingVariant: number | undefined;
  let pendingDuration: number | undefined;
  let discontinuity = false;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (!line.startsWith('#')) {
      if (pendingVariant !== undefined) {
        variants.push({ uri: line, bandwidth: pendingVariant });
        pendingVariant = undefined;
      } else if (pendingDuration !== undefined) {
        segments.push({ sequence: mediaSequence + segments.length, uri: line, duration: pendingDuration, mapUri, discontinuity });
        pendingDuration = undefined;
        discontinuity = false;
      }
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXT-X-STREAM-INF':
        pendingVariant = Number(parseAttributeList(value).get('BANDWIDTH') ?? 0) || 0;
        break;
      case '#EXT-X-TARGETDURATION':
        targetDuration = Number(value) || 0;
        break;
      case '#EXT-X-MEDIA-SEQUENCE':
        mediaSequence = Number(value) || 0;
        break;
      case '#EXTINF':
        pendingDuration = Number.parseFloat(value.split(',')[0]) || 0;
        break;
      case '#EXT-X-MAP':
        mapUri = parseAttributeList(value).get('URI');
        break;
      case '#EXT-X-DISCONTINUITY':
        discontinuity = true;
        break;
      case '#EXT-X-ENDLIST':
        ended = true;
        break;
      default:
        break;
    }
  }
  if (variants.length > 0) return { kind: 'multivariant', variants };
  return { kind: 'media', targetDuration, segments, ended };
}

/** The variant to pull: the highest bandwidth (what a player on a fast link would settle on). */
export function pickVariant(variants: readonly HlsVariant[]): HlsVariant | undefined {
  let best: HlsVariant | undefined;
  for (const v of variants) if (!best || v.bandwidth > best.bandwidth) best = v;
  return best;
}
