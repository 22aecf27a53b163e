// Property and fuzz tests for every RTSP parser: the message reader gives the same items however
// the stream is split; random and mutated input yields a value or an RtspError (never another
// exception, never a hang) with bounded memory; every header builder round-trips through its
// parser. Deeper local runs: RELAYBOX_FUZZ_SCALE=50 npm exec -- vitest run test/unit/protocols/rtsp
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtspMessageReader, type RtspIncoming } from '../../../../src/main/engine/protocols/rtsp/message-reader';
import { rtspRequest, serializeRequest } from '../../../../src/main/engine/protocols/rtsp/request';
import { rtspResponse, serializeResponse } from '../../../../src/main/engine/protocols/rtsp/response';
import { interleavedFrame } from '../../../../src/main/engine/protocols/rtsp/interleaved-frame';
import { RtspError } from '../../../../src/main/engine/protocols/rtsp/errors';
import { buildTransport, parseTransport, parseTransports, type RtspTransport } from '../../../../src/main/engine/protocols/rtsp/headers/transport';
import { buildSession, parseSession } from '../../../../src/main/engine/protocols/rtsp/headers/session';
import { buildRtpInfo, parseRtpInfo } from '../../../../src/main/engine/protocols/rtsp/headers/rtp-info';
import { buildRange, parseRange, type RtspRange } from '../../../../src/main/engine/protocols/rtsp/headers/range';
import { buildAuthorization, buildWwwAuthenticate, parseAuthorization, parseWwwAuthenticate, type RtspCredentials } from '../../../../src/main/engine/protocols/rtsp/headers/auth';
import { validateDigest } from '../../../../src/main/engine/protocols/rtsp/headers/digest';
import { parseCSeq } from '../../../../src/main/engine/protocols/rtsp/headers/cseq';
import { parseSdp, writeSdp } from '../../../../src/main/engine/protocols/rtsp/sdp';
import { parseRtspUrl, streamTargetOf } from '../../../../src/main/engine/protocols/rtsp/url';
import { fuzzInput, returnsOrThrowsTyped, runs, slices } from '../../../fixtures/rtmp/fuzz-helpers';
import { rtspFixture } from '../../../fixtures/rtsp/load';
import { summary } from '../../../fixtures/rtsp/replay';

const captures = ['ffmpeg-publish-tcp', 'ffmpeg-publish-udp', 'ffprobe-tcp', 'ffprobe-digest', 'gst-tcp', 'gst-udp', 'gst-digest'].map((n) => rtspFixture(`${n}.c2s.bin`));
const answers = ['ffprobe-tcp', 'gst-udp'].map((n) => rtspFixture(`${n}.s2c.bin`));

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);
const headerValue = fc.stringMatching(/^[ -~]{0,40}$/).map((s) => s.trim());
const headers = fc.array(fc.tuple(token.filter((t) => t.toLowerCase() !== 'content-length'), headerValue), { maxLength: 6 });
const body = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));

/** One wire item: a request, a response or an interleaved frame. */
const wireItem: fc.Arbitrary<Buffer> = fc.oneof(
  fc.tuple(fc.constantFrom('OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY', 'ANNOUNCE', 'GET_PARAMETER', 'X-CUSTOM'), fc.webUrl().map((u) => u.replace(/^https?/, 'rtsp')), headers, body)
    .map(([m, u, h, b]) => serializeRequest(rtspRequest(m, u, h, b))),
  fc.tuple(fc.integer({ min: 100, max: 599 }), headers, body).map(([c, h, b]) => serializeResponse(rtspResponse(c, h, b))),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 2000 })).map(([ch, p]) => interleavedFrame(ch, p)),
);

function readAll(parts: Buffer[], options?: ConstructorParameters<typeof RtspMessageReader>[0]): RtspIncoming[] {
  const reader = new RtspMessageReader(options);
  return parts.flatMap((p) => reader.feed(p));
}

describe('RtspMessageReader properties', () => {
  it('random splits of valid streams give identical items', () => {
    fc.assert(
      fc.property(fc.array(wireItem, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }), (items, sizes) => {
        const stream = Buffer.concat(items);
        const whole = readAll([stream]);
        expect(whole).toHaveLength(items.length);
        expect(readAll(slices(stream, sizes)).map(summary)).toEqual(whole.map(summary));
      }),
      runs(300),
    );
  });

  it('random splits of captured streams give identical items', () => {
    fc.assert(
      fc.property(fc.constantFrom(...captures, ...answers), fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 10 }), (stream, sizes) => {
        expect(readAll(slices(stream, sizes)).map(summary)).toEqual(readAll([stream]).map(summary));
      }),
      runs(200),
    );
  });

  it('random and mutated bytes: items or RtspError, memory bounded by the limits', () => {
    const seeds = [...captures.map((c) => c.subarray(0, 1500)), ...answers.map((c) => c.subarray(0, 1500))];
    fc.assert(
      fc.property(fuzzInput(seeds, 2000), fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 8 }), (input, sizes) => {
        const reader = new RtspMessageReader({ maxHeaderBytes: 1024, maxBodyBytes: 4096 });
        try {
          for (const part of slices(input, sizes)) {
            reader.feed(part);
            expect(reader.pendingBytes).toBeLessThanOrEqual(65535 + 4);
          }
        } catch (e) {
          if (!(e instanceof RtspError)) throw e;
        }
      }),
      runs(1000),
    );
  });

  it('a header that never ends fails at maxHeaderBytes however it is split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (size) => {
        const reader = new RtspMessageReader({ maxHeaderBytes: 4096 });
        const junk = Buffer.alloc(size, 'a');
        let failed = false;
        try {
          for (let i = 0; i < 40 && !failed; i++) reader.feed(junk);
        } catch (e) {
          expect(e).toBeInstanceOf(RtspError);
          failed = true;
        }
        expect(failed || size * 40 <= 4096).toBe(true);
        expect(reader.pendingBytes).toBeLessThanOrEqual(4096);
      }),
      runs(100),
    );
  });
});

const port = fc.integer({ min: 0, max: 65534 });
const portPair = port.map((p): [number, number] => [p, p + 1]);
const transport: fc.Arbitrary<RtspTransport> = fc.record(
  {
    profile: fc.constantFrom('RTP/AVP', 'RTP/SAVP', 'RTP/AVPF'),
    lowerTransport: fc.constantFrom('UDP' as const, 'TCP' as const),
    delivery: fc.constantFrom('unicast' as const, 'multicast' as const),
    destination: fc.ipV4(),
    ttl: fc.integer({ min: 0, max: 255 }),
    clientPort: portPair,
    serverPort: portPair,
    interleaved: fc.integer({ min: 0, max: 254 }).map((c): [number, number] => [c, c + 1]),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    mode: fc.constantFrom('play' as const, 'record' as const),
  },
  { requiredKeys: ['profile', 'lowerTransport'] },
);
const range: fc.Arbitrary<RtspRange> = fc.oneof(
  fc.record({ kind: fc.constant('npt' as const), start: fc.oneof(fc.constant('now' as const), fc.integer({ min: 0, max: 1e7 }).map((n) => n / 1000)) }),
  fc.record({ kind: fc.constant('npt' as const), start: fc.integer({ min: 0, max: 1e6 }).map((n) => n / 1000), end: fc.integer({ min: 0, max: 1e7 }).map((n) => n / 1000) }),
);
const quotable = fc.stringMatching(/^[ -~]{0,24}$/);

describe('header round trips (build → parse)', () => {
  it('Transport', () => {
    fc.assert(fc.property(fc.array(transport, { minLength: 1, maxLength: 3 }), (ts) => {
      expect(parseTransports(ts.map(buildTransport).join(','))).toEqual(ts);
    }), runs(300));
  });
  it('Session', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9$_.+-]{1,32}$/), fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: undefined }), (id, timeout) => {
      const value = timeout === undefined ? { id } : { id, timeout };
      expect(parseSession(buildSession(value))).toEqual(value);
    }), runs(200));
  });
  it('RTP-Info', () => {
    const entry = fc.record({ url: fc.webUrl().map((u) => u.replace(/^https?/, 'rtsp')), seq: fc.integer({ min: 0, max: 65535 }), rtptime: fc.integer({ min: 0, max: 0xffffffff }) });
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), (entries) => {
      expect(parseRtpInfo(buildRtpInfo(entries))).toEqual(entries);
    }), runs(200));
  });
  it('Range', () => {
    fc.assert(fc.property(range, (r) => {
      expect(parseRange(buildRange(r))).toEqual(r);
    }), runs(200));
  });
  it('WWW-Authenticate and Authorization', () => {
    fc.assert(fc.property(quotable, quotable, quotable, (realm, nonce, opaque) => {
      const challenge = { scheme: 'digest' as const, realm, nonce, opaque, algorithm: 'MD5', qop: 'auth' };
      expect(parseWwwAuthenticate(buildWwwAuthenticate(challenge))).toEqual(challenge);
    }), runs(200));
    fc.assert(fc.property(fc.string({ maxLength: 20 }).filter((u) => !u.includes(':')), fc.string({ maxLength: 20 }), quotable, (user, pass, uri) => {
      const basic: RtspCredentials = { scheme: 'basic', user, pass };
      expect(parseAuthorization(buildAuthorization(basic))).toEqual(basic);
      const digest: RtspCredentials = { scheme: 'digest', username: user.replace(/[^ -~]/g, ''), realm: pass.replace(/[^ -~]/g, ''), nonce: 'n', uri, response: 'r' };
      expect(parseAuthorization(buildAuthorization(digest))).toEqual(digest);
    }), runs(200));
  });
});

describe('parsers on random and mutated text: a value or RtspError', () => {
  const text = (seeds: string[]) => fuzzInput(seeds.map((s) => Buffer.from(s)), 200).map((b) => b.toString('latin1'));
  const table: [string, (s: string) => unknown, string[]][] = [
    ['Transport', parseTransports, ['RTP/AVP/TCP;unicast;interleaved=0-1;mode=record', 'RTP/AVP;unicast;client_port=5000-5001;server_port=8000-8001;ssrc=1A2B3C4D,RTP/AVP;multicast']],
    ['Transport (one)', parseTransport, ['RTP/AVP;multicast;destination=224.1.0.1;ttl=16;port=9000-9001']],
    ['Session', parseSession, ['12345678;timeout=60']],
    ['RTP-Info', parseRtpInfo, ['url=rtsp://h/cam1/trackID=0;seq=1;rtptime=0,url=rtsp://h/cam1/trackID=1;seq=2;rtptime=3']],
    ['Range', parseRange, ['npt=0.000-', 'npt=1:02:03.5-10', 'clock=19961108T142300Z-;time=19970123T143720Z']],
    ['CSeq', parseCSeq, ['42']],
    ['WWW-Authenticate', parseWwwAuthenticate, ['Digest realm="r", nonce="n", algorithm=MD5, qop="auth", opaque="o", stale=FALSE', 'Basic realm="x"']],
    ['Authorization', parseAuthorization, ['Digest username="alice", realm="relaybox", nonce="6a2f", uri="rtsp://h/a", response="fad8"', 'Basic Ym9iOnNlY3JldA==']],
    ['URL', parseRtspUrl, ['rtsp://alice:p%40ss@127.0.0.1:8554/live/cam1?token=abc', 'rtsps://[::1]/a']],
    ['stream target', streamTargetOf, ['rtsp://h/cam1?token=abc/streamid=0', 'rtsp://h/live/cam1/trackID=1']],
    ['SDP', (s: string) => parseSdp(s), [rtspFixture('ffmpeg-publish-tcp.c2s.bin').toString('latin1').split('\r\n\r\n')[2].slice(0, 509)]],
  ];
  it.each(table)('%s', (_, parse, seeds) => {
    fc.assert(fc.property(fc.oneof(text(seeds), fc.string({ maxLength: 100 })), (s) => {
      returnsOrThrowsTyped(() => parse(s), RtspError);
    }), runs(1000));
  });

  it('SDP: what parses writes back to the same description', () => {
    const seed = rtspFixture('ffmpeg-publish-tcp.c2s.bin').toString('latin1').split('\r\n\r\n')[2].slice(0, 509);
    fc.assert(fc.property(text([seed]), (s) => {
      const parsed = returnsOrThrowsTyped(() => parseSdp(s), RtspError);
      if (!parsed) return;
      const once = writeSdp(parsed);
      expect(writeSdp(parseSdp(once))).toBe(once);
    }), runs(500));
  });

  it('validateDigest never throws on arbitrary responses', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (response) => {
      expect(typeof validateDigest({ method: 'PLAY', uri: 'rtsp://h/a', user: 'u', pass: 'p', realm: 'r', nonce: 'n', response })).toBe('boolean');
    }), runs(300));
  });
});
