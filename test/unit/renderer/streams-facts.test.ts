// Streams screen logic: preview player choice by codec, LAN host choices, per-path bitrate
// history, kick lists, VLC playlist, compatibility warnings.
import { describe, expect, it } from 'vitest';
import type { PathInfo } from '../../../src/shared/api';
import { previewCandidates, summarizeTracks } from '../../../src/renderer/src/features/streams/preview-choice';
import {
  compatWarnings, formatUptime, kickListOf, rateHistory, readersByType, vlcPlaylist,
} from '../../../src/renderer/src/features/streams/stream-facts';
import { sparklinePoints } from '../../../src/renderer/src/components/Sparkline';
import { addPathSamples } from '../../../src/renderer/src/store';
import { buildStreamUrls, hostChoices } from '../../../src/renderer/src/urls';

const urls = buildStreamUrls('cam1', '127.0.0.1', { rtmp: 1935, rtsp: 8554, hls: 8888, webrtc: 8889 });

describe('preview player choice', () => {
  it.each([
    [['H264'], ['flv', 'whep', 'hls']],
    [['H264', 'MPEG-4 Audio'], ['flv', 'whep', 'hls']],
    // FLV (mpegts.js) has no Opus: WebRTC first.
    [['H264', 'Opus'], ['whep', 'hls']],
    // Neither FLV nor browsers' WebRTC take H.265: HLS (fMP4) is the one left.
    [['H265', 'MPEG-4 Audio'], ['hls']],
    [['AV1', 'Opus'], ['hls']],
  ])('%j → %j', (tracks, expected) => {
    expect(previewCandidates(tracks, urls)).toEqual(expected);
  });

  it('skips players whose listener is off', () => {
    expect(previewCandidates(['H264'], { hls: urls.hls })).toEqual(['hls']);
    expect(previewCandidates(['H264'], {})).toEqual([]);
    expect(summarizeTracks(['MPEG-4 Audio', 'H264'])).toEqual({ video: 'H264', audio: 'MPEG-4 Audio' });
  });
});

describe('hosts for URLs', () => {
  it('lists the page host first, then loopback and each LAN address once', () => {
    expect(hostChoices('127.0.0.1', ['192.168.1.20', '10.0.0.5'])).toEqual([
      { host: '127.0.0.1', role: 'local' },
      { host: '192.168.1.20', role: 'lan' },
      { host: '10.0.0.5', role: 'lan' },
    ]);
    expect(hostChoices('192.168.1.20', ['192.168.1.20'])).toEqual([
      { host: '192.168.1.20', role: 'page' },
      { host: '127.0.0.1', role: 'local' },
    ]);
  });
});

describe('per-path bitrate', () => {
  const path = (name: string, bytesReceived: number) => ({ name, bytesReceived }) as PathInfo;

  it('keeps a bounded history per listed path and forgets paths that went away', () => {
    let s = addPathSamples({}, [path('a', 0), path('b', 0)], 1000, 3);
    s = addPathSamples(s, [path('a', 1000)], 2000, 3);
    s = addPathSamples(s, [path('a', 3000)], 3000, 3);
    s = addPathSamples(s, [path('a', 6000)], 4000, 3);
    expect(Object.keys(s)).toEqual(['a']);
    expect(s.a.map((x) => x.bytesIn)).toEqual([1000, 3000, 6000]);
    expect(rateHistory(s.a)).toEqual([2000, 3000]);
  });

  it('draws a sparkline scaled to its maximum, bottom-up', () => {
    expect(sparklinePoints([0, 5, 10], 20, 10)).toBe('0.0,10.0 10.0,5.0 20.0,0.0');
    expect(sparklinePoints([0, 0], 20, 10)).toBe('0.0,10.0 20.0,10.0');
    expect(sparklinePoints([1], 20, 10)).toBe('');
  });
});

describe('sessions and facts', () => {
  it('kicks through the list MediaMTX names for each session type', () => {
    expect(kickListOf('rtmpConn')).toBe('rtmpconns');
    expect(kickListOf('rtspSession')).toBe('rtspsessions');
    expect(kickListOf('webRTCSession')).toBe('webrtcsessions');
    // HLS muxers and HTTP-FLV readers have no kick endpoint.
    expect(kickListOf('hlsMuxer')).toBeUndefined();
    expect(kickListOf('httpflvConn')).toBeUndefined();
  });

  it('counts readers by protocol, most first', () => {
    const readers = [{ type: 'hlsMuxer', id: '1' }, { type: 'rtmpConn', id: '2' }, { type: 'rtmpConn', id: '3' }];
    expect(readersByType(readers)).toEqual([['rtmpConn', 2], ['hlsMuxer', 1]]);
  });

  it('formats uptime', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(formatUptime('2026-01-01T00:00:00Z', t0 + 65_000)).toBe('1:05');
    expect(formatUptime('2026-01-01T00:00:00Z', t0 + 3_723_000)).toBe('1:02:03');
    expect(formatUptime(null, t0)).toBeUndefined();
  });

  it('writes an .m3u that VLC opens with low network caching', () => {
    expect(vlcPlaylist('live/cam1', 'rtsp://127.0.0.1:8554/live/cam1')).toBe(
      '#EXTM3U\n#EXTINF:-1,live/cam1\n#EXTVLCOPT:network-caching=300\nrtsp://127.0.0.1:8554/live/cam1\n',
    );
    expect(vlcPlaylist('a\nb', 'u')).toContain('#EXTINF:-1,a b\n');
  });

  it('warns where a protocol cannot carry a codec', () => {
    expect(compatWarnings(['H264', 'MPEG-4 Audio'])).toEqual(['aac_webrtc']);
    expect(compatWarnings(['H265', 'Opus'])).toEqual(['video_not_h264', 'opus_rtmp']);
    expect(compatWarnings(['Opus'])).toEqual(['no_video', 'opus_rtmp']);
    expect(compatWarnings([])).toEqual([]);
  });
});
