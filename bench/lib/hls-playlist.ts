// Just enough of an HLS playlist for the benchmark's clients (RFC 8216 §4; LL-HLS parts from
// draft-pantos-hls-rfc8216bis §4.4.4.9): the variant URI of a multivariant playlist, and the
// segments and parts of a media playlist with their media sequence numbers. Servers under test
// are trusted to write valid playlists (the HLS tests check ours).

export interface PlaylistSegment {
  uri: string;
  msn: number;
  /** Seconds (EXTINF). */
  duration: number;
}

export interface PlaylistPart {
  uri: string;
  /** Media sequence number of the segment the part belongs to, and its index in it. */
  msn: number;
  index: number;
  duration: number;
}

export interface MediaPlaylist {
  segments: PlaylistSegment[];
  parts: PlaylistPart[];
  /** The segment being written: the one after the last complete segment. */
  nextMsn: number;
  /** Parts of `nextMsn` listed so far (the next part to ask for is this index). */
  partsOfNext: number;
}

/** The first variant URI of a multivariant playlist, or undefined for a media playlist. */
export function variantUri(text: string): string | undefined {
  if (!text.includes('#EXT-X-STREAM-INF')) return undefined;
  return text.split('\n').find((l) => l.length > 0 && !l.startsWith('#'))?.trim();
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  let msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  const segments: PlaylistSegment[] = [];
  const parts: PlaylistPart[] = [];
  let index = 0;
  let duration = NaN;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) {
      duration = Number(line.slice(8).split(',')[0]);
    } else if (line.startsWith('#EXT-X-PART:')) {
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      const d = Number(/DURATION=([\d.]+)/.exec(line)?.[1]);
      if (uri) parts.push({ uri, msn, index: index++, duration: d });
    } else if (line.length > 0 && !line.startsWith('#')) {
      segments.push({ uri: line, msn, duration });
      msn++;
      index = 0;
    }
  }
  return { segments, parts, nextMsn: msn, partsOfNext: index };
}
