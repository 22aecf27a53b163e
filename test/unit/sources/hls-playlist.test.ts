// The M3U8 subset the HLS source reads (RFC 8216): variants, segments, EXT-X-MAP, sequence numbers.
import { describe, expect, it } from 'vitest';
import { parseAttributeList, parsePlaylist, pickVariant } from '../../../src/main/engine/sources/hls-playlist';

describe('parsePlaylist', () => {
  it('reads a multivariant playlist and picks the highest bandwidth', () => {
    const p = parsePlaylist([
      '#EXTM3U',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360',
      'low/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2500000,CODECS="avc1.640028,mp4a.40.2"',
      'high/index.m3u8',
      '',
    ].join('\r\n'));
    expect(p.kind).toBe('multivariant');
    if (p.kind !== 'multivariant') return;
    expect(p.variants).toEqual([{ uri: 'low/index.m3u8', bandwidth: 800000 }, { uri: 'high/index.m3u8', bandwidth: 2500000 }]);
    expect(pickVariant(p.variants)?.uri).toBe('high/index.m3u8');
  });

  it('reads a low-latency fMP4 media playlist: whole segments with sequence numbers and the map, parts skipped', () => {
    const p = parsePlaylist([
      '#EXTM3U',
      '#EXT-X-VERSION:9',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:41',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z',
      '#EXTINF:1.00000,',
      'seg41.mp4',
      '#EXT-X-DISCONTINUITY',
      '#EXTINF:0.96667,',
      'seg42.mp4',
      '#EXT-X-PART:DURATION=0.20000,URI="part43_0.mp4",INDEPENDENT=YES',
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part43_1.mp4"',
    ].join('\n'));
    expect(p).toEqual({
      kind: 'media',
      targetDuration: 2,
      ended: false,
      segments: [
        { sequence: 41, uri: 'seg41.mp4', duration: 1, mapUri: 'init.mp4', discontinuity: false },
        { sequence: 42, uri: 'seg42.mp4', duration: 0.96667, mapUri: 'init.mp4', discontinuity: true },
      ],
    });
  });

  it('reads an ended MPEG-TS playlist without a map', () => {
    const p = parsePlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,title\na.ts\n#EXT-X-ENDLIST\n');
    expect(p).toMatchObject({ kind: 'media', ended: true, segments: [{ sequence: 0, uri: 'a.ts', duration: 4, mapUri: undefined }] });
  });

  it('rejects what is not a playlist', () => {
    expect(() => parsePlaylist('<html>404</html>')).toThrow(/#EXTM3U/);
  });

  it('parses quoted attribute values with commas', () => {
    expect([...parseAttributeList('BANDWIDTH=5,CODECS="a,b",URI="x.m3u8"')]).toEqual([['BANDWIDTH', '5'], ['CODECS', 'a,b'], ['URI', 'x.m3u8']]);
  });
});
