// The seam between this layer's SDP (rtpmap/fmtp strings) and the RTP layer's codec parameters
// (rtp/sdp-fmtp): FFmpeg's captured ANNOUNCE becomes tracks, and tracks become an SDP that reads
// back to the same tracks.
import { describe, expect, it } from 'vitest';
import { parseSdp, rtspSessionSdp, sdpAttribute, sdpRtpFormats, sdpRtpMedia, writeSdp } from '../../../../src/main/engine/protocols/rtsp/sdp';
import { fmtpForTrack, trackFromRtpmap } from '../../../../src/main/engine/protocols/rtp/sdp-fmtp';
import { parseRequest } from '../../../../src/main/engine/protocols/rtsp/request';
import { replay } from '../../../fixtures/rtsp/replay';
import { rtspFixture } from '../../../fixtures/rtsp/load';

describe('SDP ↔ tracks', () => {
  const announce = replay(rtspFixture('ffmpeg-publish-tcp.c2s.bin'), 65536).flatMap((i) => (i.kind === 'request' && i.request.method === 'ANNOUNCE' ? [i.request] : []))[0];
  const tracks = parseSdp(announce.body).media.map((m) => {
    const [format] = sdpRtpFormats(m);
    return trackFromRtpmap(format.rtpmap!, format.fmtp);
  });

  it('reads H.264 (with SPS/PPS) and AAC from what FFmpeg announced', () => {
    expect(tracks[0]).toMatchObject({ kind: 'video', codec: 'H264', clockRate: 90000, width: 160, height: 120 });
    expect(tracks[0]?.kind === 'video' && tracks[0].sps?.[0] === 0x67 && tracks[0].pps?.[0] === 0x68).toBe(true);
    expect(tracks[1]).toMatchObject({ kind: 'audio', codec: 'AAC', clockRate: 44100, channels: 1 });
  });

  it('writes tracks as an SDP that reads back to the same tracks', () => {
    const media = tracks.map((t, i) => sdpRtpMedia({ type: t!.kind, payloadType: 96 + i, ...fmtpForTrack(t!)!, control: `trackID=${i}` }));
    const text = writeSdp(rtspSessionSdp({ name: 'cam1', media }));
    const back = parseSdp(text).media.map((m) => {
      const [format] = sdpRtpFormats(m);
      expect(sdpAttribute(m.attributes, 'control')).toMatch(/^trackID=\d$/);
      return trackFromRtpmap(format.rtpmap!, format.fmtp);
    });
    expect(back).toEqual(tracks);
    // And it travels in a DESCRIBE-like message body unchanged.
    const wire = Buffer.from(`ANNOUNCE rtsp://h/cam1 RTSP/1.0\r\nCSeq: 1\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    expect(parseRequest(wire).body.toString()).toBe(text);
  });
});
