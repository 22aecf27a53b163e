// Choosing the H.264 entry of an offer ourselves (DESIGN §9), on Chromium-shaped offers: bytes
// only, no sockets.
import { describe, expect, it } from 'vitest';
import { checkOfferOutline, chooseH264, OfferError, profileLevelIdOfSps } from '../../../src/main/engine/servers/webrtc/offer-codecs';

// The video section as Chromium writes it: modes 0 and 1 of several profiles, each with RTX.
const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 112',
  'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=recvonly', 'a=ice-ufrag:abcd', 'a=ice-pwd:0123456789012345678901',
  'a=fingerprint:sha-256 00:11', 'a=setup:actpass', 'a=rtcp-mux',
  'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000', 'a=rtcp-fb:102 nack', 'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000', 'a=fmtp:103 apt=102',
  'a=rtpmap:104 H264/90000', 'a=rtcp-fb:104 nack', 'a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:105 rtx/90000', 'a=fmtp:105 apt=104',
  'a=rtpmap:106 H264/90000', 'a=rtcp-fb:106 nack', 'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034',
  'a=rtpmap:107 rtx/90000', 'a=fmtp:107 apt=106',
  'a=rtpmap:112 H264/90000', 'a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=640034',
  '',
].join('\r\n');

describe('chooseH264', () => {
  it.each([
    ['High stream → the High mode-1 entry', '64001f', 106, true],
    ['Constrained Baseline stream → the 42e0 mode-1 entry', '42c01e', 104, true],
    ['Main stream (not offered) → High, mode 1', '4d0028', 106, false],
    ['unknown profile → High, mode 1', undefined, 106, false],
  ])('%s', (_what, profile, pt, matched) => {
    const c = chooseH264(OFFER, profile);
    expect(c.payloadType).toBe(pt);
    expect(c.profileMatched).toBe(matched);
    expect(c.fmtp).toMatch(/packetization-mode=1/);
    // Only the chosen H.264 entry, its RTX and the other codecs remain; nothing else refers to the removed ones.
    const mline = c.sdp.split('\r\n').find((l) => l.startsWith('m=video'))!;
    const rtx = pt === 106 ? 107 : 105;
    expect(mline).toBe(`m=video 9 UDP/TLS/RTP/SAVPF 96 97 ${pt} ${rtx}`);
    for (const gone of [102, 103, 112, pt === 106 ? 104 : 106]) expect(c.sdp).not.toMatch(new RegExp(`a=(rtpmap|fmtp|rtcp-fb):${gone} `));
    expect(c.sdp).toMatch(/a=ice-ufrag:abcd\r\n/);
    expect(c.sdp.endsWith('\r\n')).toBe(true);
  });

  it('refuses an offer without a packetization-mode=1 entry', () => {
    expect(() => chooseH264(OFFER.replace(/packetization-mode=1/g, 'packetization-mode=0'), '64001f')).toThrow(OfferError);
  });
});

describe('checkOfferOutline', () => {
  it.each([
    ['text', 'hello', /v=0/],
    ['no media', 'v=0\r\ns=-\r\n', /no media/],
    ['audio only', 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:x\r\na=ice-ufrag:y\r\n', /no video/],
    ['no fingerprint', OFFER.replace(/a=fingerprint:[^\r]*\r\n/, ''), /fingerprint/],
    ['no ICE credentials', OFFER.replace(/a=ice-ufrag:[^\r]*\r\n/, ''), /ICE/],
  ])('refuses %s with a reason', (_what, sdp, reason) => {
    expect(() => checkOfferOutline(sdp)).toThrow(reason);
  });

  it('accepts a complete offer', () => {
    expect(() => checkOfferOutline(OFFER)).not.toThrow();
  });
});

describe('profileLevelIdOfSps', () => {
  it('reads profile_idc, constraint flags and level_idc (RFC 6184 §8.1)', () => {
    expect(profileLevelIdOfSps(Buffer.from([0x67, 0x64, 0x00, 0x1f, 0xac]))).toBe('64001f');
    expect(profileLevelIdOfSps(Buffer.from([0x67, 0x64]))).toBeUndefined();
    expect(profileLevelIdOfSps(undefined)).toBeUndefined();
  });
});
