// Streams screen logic: preview player choice by codec, LAN host choices, per-path bitrate
// history, kick lists, VLC playlist, compatibility warnings.
import { describe, expect, it } from 'vitest';
import { CONN_KINDS, RelayboxApiError, type ConnKind, type PathInfo } from '../../../src/shared/api';
import { defaultConfig } from '../../../src/shared/config';
import { createEngine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { previewCandidates, summarizeTracks } from '../../../src/renderer/src/features/streams/preview-choice';
import {
  compatWarnings, formatUptime, kickListsOf, kickSession, rateHistory, readersByType, vlcPlaylist,
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
  it('kicks through the lists MediaMTX names for each session type, TLS ones included', () => {
    expect(kickListsOf('rtmpConn')).toEqual(['rtmpconns', 'rtmpsconns']);
    expect(kickListsOf('rtmpsConn')).toEqual(['rtmpsconns']);
    expect(kickListsOf('rtspSession')).toEqual(['rtspsessions', 'rtspssessions', 'rtspconns', 'rtspsconns']);
    expect(kickListsOf('rtspsSession')).toEqual(['rtspssessions', 'rtspsconns']);
    expect(kickListsOf('rtspsConn')).toEqual(['rtspsconns']);
    expect(kickListsOf('webRTCSession')).toEqual(['webrtcsessions']);
    // HLS muxers and HTTP-FLV readers have no kick endpoint.
    expect(kickListsOf('hlsMuxer')).toEqual([]);
    expect(kickListsOf('httpflvConn')).toEqual([]);
    expect(kickListsOf('constructor')).toEqual([]);
    // Every list named is one the API has.
    for (const t of ['rtmpConn', 'rtmpsConn', 'rtspSession', 'rtspsSession', 'rtspConn', 'rtspsConn', 'webRTCSession']) {
      for (const k of kickListsOf(t)) expect(CONN_KINDS).toContain(k);
    }
  });

  it('falls back from the plain list to the TLS one only on 404', async () => {
    const tried: ConnKind[] = [];
    const api = (fail: (kind: ConnKind) => Error | undefined) => ({
      kickConn: async (kind: ConnKind) => { tried.push(kind); const e = fail(kind); if (e) throw e; },
    });
    // An RTSPS session the engine reports as rtspSession: the plain list does not know it.
    expect(await kickSession(api((k) => (k === 'rtspsessions' ? new RelayboxApiError('not found', 404) : undefined)), 'rtspSession', 'id1')).toBe('rtspssessions');
    expect(tried).toEqual(['rtspsessions', 'rtspssessions']);
    tried.length = 0;
    // An RTSPS reader listed with its connection id: only the TLS connection list knows it.
    expect(await kickSession(api((k) => (k === 'rtspsconns' ? undefined : new RelayboxApiError('not found', 404))), 'rtspSession', 'c1')).toBe('rtspsconns');
    expect(tried).toEqual(['rtspsessions', 'rtspssessions', 'rtspconns', 'rtspsconns']);
    tried.length = 0;
    await expect(kickSession(api(() => new RelayboxApiError('forbidden', 403)), 'rtmpConn', 'id1')).rejects.toThrow('forbidden');
    expect(tried).toEqual(['rtmpconns']);
    await expect(kickSession(api(() => undefined), 'hlsMuxer', 'x')).rejects.toThrow(/no API list can kick a hlsMuxer/);
  });

  it('reports the last list\'s 404 when a real engine knows the id in none', async () => {
    const api = createEngineApi(createEngine({ config: { ...defaultConfig(), logDestinations: [] } }));
    await expect(kickSession(api, 'rtmpConn', 'nope')).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/rtmpsconn "nope" not found/) });
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
