// SDP parse/write and control URL resolution. The FFmpeg description is captured
// (ffmpeg-publish-tcp ANNOUNCE); the others are modelled on what GStreamer's rtsp-server,
// live555 (VLC's server) and Hikvision/Dahua cameras answer to DESCRIBE, quirks included.
import { describe, expect, it } from 'vitest';
import {
  parseSdp, rtspSessionSdp, sdpAttribute, sdpDirection, sdpRtpFormats, sdpRtpMedia, writeSdp,
} from '../../../../src/main/engine/protocols/rtsp/sdp';
import { resolveControlUrl } from '../../../../src/main/engine/protocols/rtsp/url';
import { contentBaseOf } from '../../../../src/main/engine/protocols/rtsp/headers/content-base';
import { RtspMessageReader } from '../../../../src/main/engine/protocols/rtsp/message-reader';
import { RtspError } from '../../../../src/main/engine/protocols/rtsp/errors';
import { rtspFixture } from '../../../fixtures/rtsp/load';

const gstreamer = [
  'v=0', 'o=- 1188340656180883 1 IN IP4 127.0.0.1', 's=Session streamed with GStreamer', 'i=rtsp-server', 't=0 0',
  'a=tool:GStreamer', 'a=type:broadcast', 'a=control:*', 'a=range:npt=0-',
  'm=video 0 RTP/AVP 96', 'c=IN IP4 0.0.0.0', 'b=AS:2097', 'a=rtpmap:96 H264/90000', 'a=framerate:30',
  'a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z2QAKKzZQHgCJ+XARAAAAwBAAAAPI8YMZYA=,aOvjyyLA;profile-level-id=640028',
  'a=control:stream=0', 'a=ts-refclk:local', 'a=mediaclk:sender', '',
].join('\r\n');

const live555 = [
  'v=0', 'o=- 1604481227443811 1 IN IP4 10.0.0.5', 's=Session streamed by "testOnDemandRTSPServer"', 'i=h264', 't=0 0',
  'a=tool:LIVE555 Streaming Media v2020.01.01', 'a=type:broadcast', 'a=control:*', 'a=range:npt=0-', 'a=x-qt-text-nam:Session streamed by "testOnDemandRTSPServer"',
  'm=video 0 RTP/AVP 96', 'c=IN IP4 0.0.0.0', 'b=AS:500', 'a=rtpmap:96 H264/90000',
  'a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==', 'a=control:track1',
  'm=audio 0 RTP/AVP 0', 'c=IN IP4 0.0.0.0', 'a=control:track2', '',
].join('\r\n');

// Hikvision: absolute control URLs with a query, e= line, odd attributes.
const hikvision = [
  'v=0', 'o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64', 's=Media Presentation', 'e=NONE', 'b=AS:5050', 't=0 0',
  'a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast',
  'm=video 0 RTP/AVP 96', 'c=IN IP4 0.0.0.0', 'b=AS:5000', 'a=recvonly', 'a=x-dimensions:1920,1080',
  'a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast',
  'a=rtpmap:96 H264/90000', 'a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z01AKI2NQDwBE/LCAAAOEAACvyAI,aO44gA==',
  'a=Media_header:MEDIAINFO=494D4B48010100000400000100000000000000000000000000000000000000000000000000000000;', 'a=appversion:1.0', '',
].join('\r\n');

// LF-only, trailing spaces, blank lines, no o=, no t=, `c=IN IP4` without address, H.265 + Opus.
const sloppy = 'v=0 \ns=  \n\nc=IN IP4\nm=video 0 RTP/AVP 96  \na=rtpmap:96 H265/90000 \na=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwB4mZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwB4oAPAgBDllmZpJMrgEAAAAwAQAAADAeCA; sprop-pps=RAHBcrRiQA==\na=control:trackID=0\nm=audio 0 RTP/AVP 111\na=rtpmap:111 opus/48000/2\na=fmtp:111 sprop-stereo=1\na=control:trackID=1\na=sendonly\n';

describe('parseSdp', () => {
  it('reads GStreamer rtsp-server', () => {
    const sdp = parseSdp(gstreamer);
    expect(sdp.origin?.sessionId).toBe('1188340656180883');
    expect(sdp.name).toBe('Session streamed with GStreamer');
    expect(sdp.info).toBe('rtsp-server');
    expect(sdpAttribute(sdp.attributes, 'control')).toBe('*');
    expect(sdpAttribute(sdp.attributes, 'range')).toBe('npt=0-');
    const [video] = sdp.media;
    expect(video.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '0.0.0.0' });
    expect(video.bandwidths).toEqual([{ type: 'AS', value: 2097 }]);
    expect(sdpAttribute(video.attributes, 'control')).toBe('stream=0');
    expect(sdpAttribute(video.attributes, 'ts-refclk')).toBe('local');
    expect(sdpRtpFormats(video)[0]).toMatchObject({ payloadType: 96, rtpmap: 'H264/90000', fmtp: expect.stringContaining('profile-level-id=640028') });
    expect(resolveControlUrl('stream=0', 'rtsp://h:8554/test/')).toBe('rtsp://h:8554/test/stream=0');
  });

  it('reads live555 with a static payload type (no rtpmap)', () => {
    const sdp = parseSdp(live555);
    expect(sdp.media.map((m) => sdpAttribute(m.attributes, 'control'))).toEqual(['track1', 'track2']);
    expect(sdpRtpFormats(sdp.media[1])).toEqual([{ payloadType: 0 }]);
    expect(resolveControlUrl('track2', 'rtsp://10.0.0.5:8554/h264')).toBe('rtsp://10.0.0.5:8554/h264/track2');
  });

  it('reads Hikvision: absolute controls, e= line, recvonly', () => {
    const sdp = parseSdp(hikvision);
    expect(sdp.otherLines).toEqual(['e=NONE']);
    expect(sdp.bandwidths).toEqual([{ type: 'AS', value: 5050 }]);
    const [video] = sdp.media;
    expect(sdpDirection(sdp, video)).toBe('recvonly');
    const control = sdpAttribute(video.attributes, 'control');
    expect(resolveControlUrl(control, 'rtsp://192.168.1.64:554/Streaming/Channels/101/')).toBe('rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast');
    expect(sdpAttribute(video.attributes, 'Media_header')).toMatch(/^MEDIAINFO=494D/);
  });

  it('reads sloppy LF-only descriptions with missing fields', () => {
    const sdp = parseSdp(sloppy);
    expect(sdp.version).toBe(0);
    expect(sdp.origin).toBeUndefined();
    expect(sdp.connection).toBeUndefined();
    expect(sdp.name).toBe('');
    expect(sdp.media.map((m) => sdpRtpFormats(m)[0])).toEqual([
      { payloadType: 96, rtpmap: 'H265/90000', encoding: 'H265', clockRate: 90000, fmtp: expect.stringMatching(/^sprop-vps=QAEM.*sprop-pps=RAHBcrRiQA==$/) },
      { payloadType: 111, rtpmap: 'opus/48000/2', encoding: 'opus', clockRate: 48000, channels: 2, fmtp: 'sprop-stereo=1' },
    ]);
    expect(sdpDirection(sdp, sdp.media[1])).toBe('sendonly');
    expect(sdpDirection(sdp, sdp.media[0])).toBe('sendrecv');
    // Written back complete (o=, s=-, t=0 0) and read again the same.
    const written = writeSdp(sdp);
    expect(written).toMatch(/^v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 0 RTP\/AVP 96\r\n/);
    expect(parseSdp(written).media).toEqual(sdp.media);
  });

  it.each([['gstreamer', gstreamer], ['live555', live555], ['hikvision', hikvision]])('%s writes back byte for byte', (_, text) => {
    expect(writeSdp(parseSdp(text))).toBe(text);
  });

  it.each(['', '\r\n\r\n', 'hello', 'm=video', 'v=0\r\nm=video x RTP/AVP 96', '=0'])('rejects %j', (text) => {
    expect(() => parseSdp(text)).toThrow(RtspError);
  });
});

describe('captured FFmpeg DESCRIBE exchange', () => {
  const c2s = new RtspMessageReader().feedAll(rtspFixture('ffprobe-tcp.c2s.bin')).flatMap((i) => (i.kind === 'request' ? [i.request] : []));
  const s2c = new RtspMessageReader().feedAll(rtspFixture('ffprobe-tcp.s2c.bin')).flatMap((i) => (i.kind === 'response' ? [i.response] : []));
  const describe_ = c2s.find((r) => r.method === 'DESCRIBE')!;
  const answer = s2c.find((r) => r.headers.get('content-type') === 'application/sdp')!;

  it('resolves each a=control to the URL FFmpeg used in SETUP (query included)', () => {
    const base = contentBaseOf(answer.headers, describe_.url);
    const controls = parseSdp(answer.body).media.map((m) => resolveControlUrl(sdpAttribute(m.attributes, 'control'), base));
    expect(controls).toEqual(c2s.filter((r) => r.method === 'SETUP').map((r) => r.url));
    expect(resolveControlUrl('*', base)).toBe(c2s.find((r) => r.method === 'PLAY')!.url);
  });

  it('writes the captured SDP back byte for byte', () => {
    expect(writeSdp(parseSdp(answer.body))).toBe(answer.body.toString());
  });
});

describe('building a description to serve', () => {
  it('makes a standard live SDP', () => {
    const sdp = rtspSessionSdp({
      name: 'cam1',
      media: [
        sdpRtpMedia({ type: 'video', payloadType: 96, rtpmap: 'H264/90000', fmtp: 'packetization-mode=1', control: 'trackID=0' }),
        sdpRtpMedia({ type: 'audio', payloadType: 97, rtpmap: 'MPEG4-GENERIC/48000/2', fmtp: 'streamtype=5; config=1190', control: 'trackID=1', bitrateKbps: 128 }),
      ],
    });
    expect(writeSdp(sdp)).toBe([
      'v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=cam1', 'c=IN IP4 0.0.0.0', 't=0 0', 'a=control:*', 'a=range:npt=0-',
      'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=fmtp:96 packetization-mode=1', 'a=control:trackID=0',
      'm=audio 0 RTP/AVP 97', 'b=AS:128', 'a=rtpmap:97 MPEG4-GENERIC/48000/2', 'a=fmtp:97 streamtype=5; config=1190', 'a=control:trackID=1', '',
    ].join('\r\n'));
  });
});

describe('resolveControlUrl (RFC 2326 §C.1.1)', () => {
  it.each([
    [undefined, 'rtsp://h/a/', 'rtsp://h/a/'],
    ['*', 'rtsp://h/a', 'rtsp://h/a'],
    ['', 'rtsp://h/a', 'rtsp://h/a'],
    ['trackID=0', 'rtsp://h/a', 'rtsp://h/a/trackID=0'],
    ['trackID=0', 'rtsp://h/a/', 'rtsp://h/a/trackID=0'],
    ['/trackID=0', 'rtsp://h/a/', 'rtsp://h/a/trackID=0'],
    ['rtsp://other/x/trackID=3', 'rtsp://h/a', 'rtsp://other/x/trackID=3'],
    ['RTSPS://other/x', 'rtsp://h/a', 'RTSPS://other/x'],
    ['?ch=1', 'rtsp://h/a', 'rtsp://h/a?ch=1'],
  ])('%j against %s', (control, base, expected) => {
    expect(resolveControlUrl(control, base)).toBe(expected);
  });
});
