// Validity checks for the playlists the HLS server emits. Two independent views:
// - hls.js's own M3U8Parser (the parser the player page runs; no separate m3u8 parser package is
//   installed) must read the playlist without a playlistParsingError and find what is listed;
// - a small checker of the RFC 8216 / draft-pantos-hls-rfc8216bis rules for the tags we emit,
//   which hls.js tolerates silently (it is a lenient player, not a validator).
import { M3U8Parser, PlaylistLevelType } from 'hls.js';
import { expect } from 'vitest';

/** Every tag the server emits; anything else is a typo or an unexpected addition. */
const KNOWN_TAGS = new Set([
  'EXTM3U', 'EXT-X-VERSION', 'EXT-X-INDEPENDENT-SEGMENTS', 'EXT-X-STREAM-INF', 'EXT-X-TARGETDURATION',
  'EXT-X-MEDIA-SEQUENCE', 'EXT-X-MAP', 'EXT-X-PROGRAM-DATE-TIME', 'EXTINF', 'EXT-X-PART', 'EXT-X-PART-INF',
  'EXT-X-SERVER-CONTROL', 'EXT-X-PRELOAD-HINT',
]);

function tagsOf(text: string): { name: string; value: string; line: number }[] {
  const lines = text.split('\n');
  // §4.1: the first line is #EXTM3U; lines end in LF (we never emit CR).
  expect(lines[0]).toBe('#EXTM3U');
  expect(text.includes('\r')).toBe(false);
  const out: { name: string; value: string; line: number }[] = [];
  lines.forEach((l, i) => {
    if (!l.startsWith('#EXT')) return;
    const colon = l.indexOf(':');
    const name = (colon < 0 ? l : l.slice(0, colon)).slice(1);
    expect(KNOWN_TAGS.has(name), `unknown tag "${name}" on line ${i + 1}`).toBe(true);
    out.push({ name, value: colon < 0 ? '' : l.slice(colon + 1), line: i });
  });
  return out;
}

function attr(value: string, name: string): string | undefined {
  return new RegExp(`(?:^|,)${name}=("[^"]*"|[^,]*)`).exec(value)?.[1]?.replace(/^"|"$/g, '');
}

/** §4.3.4.2: each EXT-X-STREAM-INF has BANDWIDTH and is followed by a URI line. */
export function checkMultivariantPlaylist(text: string, url = 'http://127.0.0.1/p/index.m3u8'): void {
  const lines = text.split('\n');
  const tags = tagsOf(text);
  const variants = tags.filter((t) => t.name === 'EXT-X-STREAM-INF');
  expect(variants.length).toBeGreaterThan(0);
  for (const v of variants) {
    expect(Number(attr(v.value, 'BANDWIDTH'))).toBeGreaterThan(0);
    expect(lines[v.line + 1] ?? '').toMatch(/^[^#\s]\S*$/);
  }
  const parsed = M3U8Parser.parseMasterPlaylist(text, url);
  expect(parsed.playlistParsingError).toBeNull();
  expect(parsed.levels.length).toBe(variants.length);
}

export interface CheckedMediaPlaylist {
  target: number;
  msn: number;
  /** EXTINF durations, oldest first. */
  durations: number[];
  /** EXT-X-PART durations (all listed parts). */
  partDurations: number[];
  partTarget?: number;
}

/**
 * A media playlist: RFC 8216 §4.3.3.1 (EXTINF rounded ≤ TARGETDURATION), §4.3.3.2 (one media
 * sequence before the first segment), §4.3.2.1 (every EXTINF followed by its URI), §4.3.2.5 and
 * §7 (EXT-X-MAP needs version ≥ 6); for LL-HLS, rfc8216bis §4.4.3.7 (PART-INF present with
 * parts), §4.4.4.9 (each part ≤ PART-TARGET), §4.4.3.8 (PART-HOLD-BACK ≥ 2 × PART-TARGET),
 * §4.4.5.3 (PRELOAD-HINT TYPE=PART with a URI). hls.js must parse it without error and find the
 * same segments and parts.
 */
export function checkMediaPlaylistText(text: string, url = 'http://127.0.0.1/p/stream.m3u8'): CheckedMediaPlaylist {
  const lines = text.split('\n');
  const tags = tagsOf(text);
  const one = (name: string) => {
    const found = tags.filter((t) => t.name === name);
    expect(found.length, `${name} count`).toBe(1);
    return found[0];
  };
  const version = Number(one('EXT-X-VERSION').value);
  const target = Number(one('EXT-X-TARGETDURATION').value);
  expect(Number.isInteger(target) && target > 0).toBe(true);
  const seqTag = one('EXT-X-MEDIA-SEQUENCE');
  const msn = Number(seqTag.value);
  expect(Number.isInteger(msn) && msn >= 0).toBe(true);
  const infs = tags.filter((t) => t.name === 'EXTINF');
  if (infs.length > 0) expect(seqTag.line).toBeLessThan(infs[0].line);
  const durations = infs.map((t) => {
    const d = Number(/^([\d.]+),/.exec(t.value)?.[1]);
    expect(d).toBeGreaterThan(0);
    expect(Math.round(d)).toBeLessThanOrEqual(target);
    expect(lines[t.line + 1] ?? '').toMatch(/^[^#\s]\S*$/);
    return d;
  });
  if (durations.some((d) => !Number.isInteger(d))) expect(version).toBeGreaterThanOrEqual(3);
  const map = tags.filter((t) => t.name === 'EXT-X-MAP');
  if (map.length > 0) {
    expect(version).toBeGreaterThanOrEqual(6);
    expect(attr(map[0].value, 'URI')).toBeTruthy();
  }
  for (const t of tags.filter((x) => x.name === 'EXT-X-PROGRAM-DATE-TIME')) expect(Number.isNaN(Date.parse(t.value))).toBe(false);

  const parts = tags.filter((t) => t.name === 'EXT-X-PART');
  const partInf = tags.filter((t) => t.name === 'EXT-X-PART-INF');
  let partTarget: number | undefined;
  const partDurations: number[] = [];
  if (parts.length > 0 || partInf.length > 0) {
    expect(partInf.length).toBe(1);
    partTarget = Number(attr(partInf[0].value, 'PART-TARGET'));
    expect(partTarget).toBeGreaterThan(0);
    for (const p of parts) {
      const d = Number(attr(p.value, 'DURATION'));
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(partTarget + 1e-9);
      expect(attr(p.value, 'URI')).toBeTruthy();
      partDurations.push(d);
    }
    const control = one('EXT-X-SERVER-CONTROL').value;
    expect(attr(control, 'CAN-BLOCK-RELOAD')).toBe('YES');
    expect(Number(attr(control, 'PART-HOLD-BACK'))).toBeGreaterThanOrEqual(2 * partTarget);
    const hint = one('EXT-X-PRELOAD-HINT').value;
    expect(attr(hint, 'TYPE')).toBe('PART');
    expect(attr(hint, 'URI')).toBeTruthy();
  }

  const details = M3U8Parser.parseLevelPlaylist(text, url, 0, PlaylistLevelType.MAIN, 0, null);
  expect(details.playlistParsingError).toBeNull();
  expect(details.live).toBe(true);
  expect(details.targetduration).toBe(target);
  expect(details.fragments.length).toBe(durations.length);
  expect(details.partList?.length ?? 0).toBe(parts.length);
  if (details.fragments.length > 0) expect(details.fragments[0].sn).toBe(msn);
  return { target, msn, durations, partDurations, partTarget };
}
