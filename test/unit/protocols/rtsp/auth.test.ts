// WWW-Authenticate / Authorization and Digest MD5: the RFC 2617 §3.5 example, and what FFmpeg
// actually sent after our 401 (test/fixtures/rtsp/ffprobe-digest.c2s.bin).
import { describe, expect, it } from 'vitest';
import {
  buildAuthorization, buildWwwAuthenticate, parseAuthorization, parseWwwAuthenticate, type RtspChallenge, type RtspCredentials,
} from '../../../../src/main/engine/protocols/rtsp/headers/auth';
import {
  basicAuthorization, digestAuthorization, digestResponse, validateDigest, validateDigestCredentials,
} from '../../../../src/main/engine/protocols/rtsp/headers/digest';
import { RtspError } from '../../../../src/main/engine/protocols/rtsp/errors';
import { RtspMessageReader } from '../../../../src/main/engine/protocols/rtsp/message-reader';
import { parseRtspUrl } from '../../../../src/main/engine/protocols/rtsp/url';
import { captureInfo, rtspFixture } from '../../../fixtures/rtsp/load';

describe('RFC 2617 §3.5 example', () => {
  const example = {
    method: 'GET', uri: '/dir/index.html', user: 'Mufasa', pass: 'Circle Of Life',
    realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nc: '00000001', cnonce: '0a4f113b',
  };

  it('computes the published response', () => {
    expect(digestResponse(example)).toBe('6629fae49393a05397450978507c4ef1');
    expect(validateDigest({ ...example, response: '6629fae49393a05397450978507c4ef1' })).toBe(true);
    expect(validateDigest({ ...example, response: '6629FAE49393A05397450978507C4EF1' })).toBe(true);
  });

  it.each([
    ['wrong password', { pass: 'circle of life' }],
    ['wrong uri', { uri: '/dir/index.htm' }],
    ['wrong method', { method: 'POST' }],
    ['wrong nonce', { nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c094' }],
    ['wrong nc', { nc: '00000002' }],
  ])('rejects a %s', (_, change) => {
    expect(validateDigest({ ...example, ...change, response: '6629fae49393a05397450978507c4ef1' })).toBe(false);
  });

  it('rejects responses of the wrong length without throwing', () => {
    for (const response of ['', '6629', '6629fae49393a05397450978507c4ef1aa', 'é'.repeat(32)]) {
      expect(validateDigest({ ...example, response })).toBe(false);
    }
  });

  it('parses the example Authorization header', () => {
    const value = 'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const c = parseAuthorization(value);
    expect(c).toEqual({
      scheme: 'digest', username: 'Mufasa', realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', uri: '/dir/index.html',
      response: '6629fae49393a05397450978507c4ef1', qop: 'auth', nc: '00000001', cnonce: '0a4f113b', opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    expect(validateDigestCredentials(c as Extract<RtspCredentials, { scheme: 'digest' }>, { ...example })).toBe(true);
  });

  it('the client side reproduces it from the challenge', () => {
    const challenge = parseWwwAuthenticate('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    const value = digestAuthorization({ challenge: challenge as Extract<RtspChallenge, { scheme: 'digest' }>, method: 'GET', uri: '/dir/index.html', user: 'Mufasa', pass: 'Circle Of Life', cnonce: '0a4f113b' });
    const c = parseAuthorization(value);
    expect(c).toMatchObject({ response: '6629fae49393a05397450978507c4ef1', qop: 'auth', nc: '00000001', opaque: '5ccc069c403ebaf9f0171e9517f40e41' });
  });
});

describe('Digest as FFmpeg sends it after a 401', () => {
  const info = captureInfo('ffprobe-digest');
  const requests = new RtspMessageReader().feedAll(rtspFixture('ffprobe-digest.c2s.bin')).flatMap((i) => (i.kind === 'request' ? [i.request] : []));
  const challenge = parseWwwAuthenticate(info.challenge!) as Extract<RtspChallenge, { scheme: 'digest' }>;

  it('the first request has no credentials; every later one has Digest', () => {
    expect(requests[0].headers.has('authorization')).toBe(false);
    expect(requests.slice(1).every((r) => r.headers.get('authorization')!.startsWith('Digest '))).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6])('request %i validates with the URL password (percent-decoded) and its own method/uri', (i) => {
    const r = requests[i];
    const c = parseAuthorization(r.headers.get('authorization')!) as Extract<RtspCredentials, { scheme: 'digest' }>;
    expect(c).toMatchObject({ username: 'alice', realm: 'relaybox', nonce: challenge.nonce });
    // FFmpeg hashes the full request URL as `uri` (RFC 2617 §3.2.2 allows the absolute form).
    expect(c.uri).toBe(r.url);
    const url = parseRtspUrl(info.args.at(-1)!.replace('PORT', '8554'));
    expect([url.user, url.pass]).toEqual(['alice', 'p@ss:w0rd']);
    const expected = { method: r.method, user: 'alice', pass: 'p@ss:w0rd', realm: 'relaybox', nonce: challenge.nonce };
    expect(validateDigestCredentials(c, expected)).toBe(true);
    expect(validateDigestCredentials(c, { ...expected, pass: 'p@ss:w0rD' })).toBe(false);
    expect(validateDigestCredentials(c, { ...expected, method: r.method === 'SETUP' ? 'PLAY' : 'SETUP' })).toBe(false);
    // Our client side produces the same value FFmpeg did.
    expect(parseAuthorization(digestAuthorization({ challenge, method: r.method, uri: r.url, user: 'alice', pass: 'p@ss:w0rd' }))).toEqual(c);
  });
});

describe('Digest as GStreamer sends it after a 401 offering qop=auth', () => {
  const info = captureInfo('gst-digest');
  const requests = new RtspMessageReader().feedAll(rtspFixture('gst-digest.c2s.bin')).flatMap((i) => (i.kind === 'request' ? [i.request] : []));
  const challenge = parseWwwAuthenticate(info.challenge!) as Extract<RtspChallenge, { scheme: 'digest' }>;

  it('answers in the RFC 2069 form (no qop), which a server must still accept', () => {
    expect(challenge.qop).toBe('auth');
    expect(requests.length).toBeGreaterThan(3);
    for (const r of requests.slice(1)) {
      const c = parseAuthorization(r.headers.get('authorization')!) as Extract<RtspCredentials, { scheme: 'digest' }>;
      expect(c.qop).toBeUndefined();
      expect(c.uri).toBe(r.url);
      const expected = { method: r.method, user: 'carol', pass: 's3cret', realm: 'relaybox', nonce: challenge.nonce };
      expect(validateDigestCredentials(c, expected)).toBe(true);
      expect(validateDigestCredentials(c, { ...expected, user: 'carol2' })).toBe(false);
    }
  });
});

describe('Basic as FFmpeg sends it after a 401', () => {
  const requests = new RtspMessageReader().feedAll(rtspFixture('ffprobe-basic.c2s.bin')).flatMap((i) => (i.kind === 'request' ? [i.request] : []));
  it('decodes to the URL credentials', () => {
    expect(parseAuthorization(requests[1].headers.get('authorization')!)).toEqual({ scheme: 'basic', user: 'bob', pass: 'secret' });
    expect(basicAuthorization('bob', 'secret')).toBe(requests[1].headers.get('authorization'));
  });
});

describe('header round trips', () => {
  const challenges: [string, RtspChallenge][] = [
    ['Basic realm="relaybox"', { scheme: 'basic', realm: 'relaybox' }],
    ['Digest realm="relaybox", nonce="abc"', { scheme: 'digest', realm: 'relaybox', nonce: 'abc' }],
    ['Digest realm="IP Camera(C1234)", nonce="0a1b", algorithm=MD5, qop="auth", opaque="x y", stale=FALSE', { scheme: 'digest', realm: 'IP Camera(C1234)', nonce: '0a1b', algorithm: 'MD5', qop: 'auth', opaque: 'x y', stale: false }],
    ['Digest realm="a \\"quoted\\" realm, with comma", nonce="n"', { scheme: 'digest', realm: 'a "quoted" realm, with comma', nonce: 'n' }],
  ];
  it.each(challenges)('WWW-Authenticate %s', (text, value) => {
    expect(parseWwwAuthenticate(text)).toEqual(value);
    expect(buildWwwAuthenticate(value)).toBe(text);
  });

  it('reads unquoted values and odd spacing as cameras send them', () => {
    expect(parseWwwAuthenticate('digest  realm=cam ,nonce=123,  stale=true')).toEqual({ scheme: 'digest', realm: 'cam', nonce: '123', stale: true });
  });

  const credentials: RtspCredentials[] = [
    { scheme: 'basic', user: 'u', pass: 'p:w@ß' },
    { scheme: 'basic', user: '', pass: '' },
    { scheme: 'digest', username: 'u', realm: 'r', nonce: 'n', uri: 'rtsp://h/p', response: '0'.repeat(32) },
    { scheme: 'digest', username: 'u"x', realm: 'r', nonce: 'n', uri: '*', response: 'f'.repeat(32), algorithm: 'MD5', qop: 'auth', nc: '0000000a', cnonce: 'c', opaque: 'o' },
  ];
  it.each(credentials)('Authorization %#', (c) => {
    expect(parseAuthorization(buildAuthorization(c))).toEqual(c);
  });

  it.each([
    'Bearer abc', 'Basic !!!', 'Basic dXNlcg==' /* no colon */, 'Digest realm="r"', 'Digest username="u", realm="r', '', 'Digest username=',
  ])('rejects %j with RtspError', (value) => {
    expect(() => parseAuthorization(value)).toThrow(RtspError);
  });

  it.each(['Negotiate', 'Basic', 'Digest realm="r"', 'Digest nonce="n"'])('rejects challenge %j', (value) => {
    expect(() => parseWwwAuthenticate(value)).toThrow(RtspError);
  });
});
