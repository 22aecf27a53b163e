// The incremental reader: pipelining, bodies, interleaved frames mixed with messages, line-end
// tolerance, limits, and the one-shot request/response parsers and serializers (one table used
// both ways, like gortsplib's pkg/base tests).
import { describe, expect, it } from 'vitest';
import { RtspMessageReader, type RtspIncoming } from '../../../../src/main/engine/protocols/rtsp/message-reader';
import { parseRequest, rtspRequest, serializeRequest, type RtspRequest } from '../../../../src/main/engine/protocols/rtsp/request';
import { parseResponse, rtspResponse, serializeResponse, type RtspResponse } from '../../../../src/main/engine/protocols/rtsp/response';
import { interleavedFrame, interleavedHeader, writeInterleavedHeader } from '../../../../src/main/engine/protocols/rtsp/interleaved-frame';
import { RtspHeaderMap } from '../../../../src/main/engine/protocols/rtsp/header-map';
import { RtspError, type RtspErrorCode } from '../../../../src/main/engine/protocols/rtsp/errors';
import { rtspReason } from '../../../../src/main/engine/protocols/rtsp/status-codes';

const bytes = (s: string) => Buffer.from(s, 'utf8');

const requestCases: [string, string, RtspRequest][] = [
  [
    'OPTIONS',
    'OPTIONS rtsp://example.com/media.mp4 RTSP/1.0\r\nCSeq: 1\r\nProxy-Require: gzipped-messages\r\nRequire: implicit-play\r\n\r\n',
    { method: 'OPTIONS', url: 'rtsp://example.com/media.mp4', version: 'RTSP/1.0', headers: new RtspHeaderMap([['CSeq', '1'], ['Proxy-Require', 'gzipped-messages'], ['Require', 'implicit-play']]), body: Buffer.alloc(0) },
  ],
  [
    'ANNOUNCE with body',
    'ANNOUNCE rtsp://h/cam1 RTSP/1.0\r\nContent-Type: application/sdp\r\nCSeq: 2\r\nContent-Length: 15\r\n\r\nv=0\r\ns=Stream\r\n',
    { method: 'ANNOUNCE', url: 'rtsp://h/cam1', version: 'RTSP/1.0', headers: new RtspHeaderMap([['Content-Type', 'application/sdp'], ['CSeq', '2'], ['Content-Length', '15']]), body: bytes('v=0\r\ns=Stream\r\n') },
  ],
  [
    'SET_PARAMETER, RTSP/2.0, empty header value',
    'SET_PARAMETER rtsp://h/cam1 RTSP/2.0\r\nCSeq: 3\r\nX-Empty: \r\n\r\n',
    { method: 'SET_PARAMETER', url: 'rtsp://h/cam1', version: 'RTSP/2.0', headers: new RtspHeaderMap([['CSeq', '3'], ['X-Empty', '']]), body: Buffer.alloc(0) },
  ],
];

const responseCases: [string, string, RtspResponse][] = [
  [
    '200 with Public',
    'RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\r\n\r\n',
    { statusCode: 200, reason: 'OK', version: 'RTSP/1.0', headers: new RtspHeaderMap([['CSeq', '1'], ['Public', 'DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE']]), body: Buffer.alloc(0) },
  ],
  [
    '401 with two challenges',
    'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm="r", nonce="n"\r\nWWW-Authenticate: Basic realm="r"\r\n\r\n',
    { statusCode: 401, reason: 'Unauthorized', version: 'RTSP/1.0', headers: new RtspHeaderMap([['CSeq', '2'], ['WWW-Authenticate', 'Digest realm="r", nonce="n"'], ['WWW-Authenticate', 'Basic realm="r"']]), body: Buffer.alloc(0) },
  ],
  [
    '200 DESCRIBE with body',
    'RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Base: rtsp://h/cam1/\r\nContent-Length: 5\r\n\r\nv=0\r\n',
    { statusCode: 200, reason: 'OK', version: 'RTSP/1.0', headers: new RtspHeaderMap([['CSeq', '3'], ['Content-Base', 'rtsp://h/cam1/'], ['Content-Length', '5']]), body: bytes('v=0\r\n') },
  ],
  [
    'reason with spaces',
    'RTSP/1.0 461 Unsupported transport\r\nCSeq: 4\r\n\r\n',
    { statusCode: 461, reason: 'Unsupported transport', version: 'RTSP/1.0', headers: new RtspHeaderMap([['CSeq', '4']]), body: Buffer.alloc(0) },
  ],
];

describe('requests and responses, both ways', () => {
  it.each(requestCases)('request: %s', (_, wire, value) => {
    expect(parseRequest(bytes(wire))).toEqual(value);
    expect(serializeRequest(value).toString()).toBe(wire);
  });
  it.each(responseCases)('response: %s', (_, wire, value) => {
    expect(parseResponse(bytes(wire))).toEqual(value);
    expect(serializeResponse(value).toString()).toBe(wire);
  });

  it('builders fill the reason and Content-Length', () => {
    expect(serializeResponse(rtspResponse(454, { CSeq: '7' })).toString()).toBe('RTSP/1.0 454 Session Not Found\r\nCSeq: 7\r\n\r\n');
    expect(serializeRequest(rtspRequest('ANNOUNCE', 'rtsp://h/a', { CSeq: '1', 'Content-Length': '999' }, 'v=0\r\n')).toString())
      .toBe('ANNOUNCE rtsp://h/a RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 5\r\n\r\nv=0\r\n');
    expect(rtspReason(200)).toBe('OK');
    expect(rtspReason(599)).toBe('Server Error');
  });

  it('refuses to serialize values that would break framing', () => {
    expect(() => serializeRequest(rtspRequest('OPTIONS', 'rtsp://h/a b'))).toThrow(RtspError);
    expect(() => serializeRequest(rtspRequest('OPT IONS', 'rtsp://h/a'))).toThrow(RtspError);
    expect(() => serializeRequest(rtspRequest('OPTIONS', 'rtsp://h/a', { CSeq: '1\r\nX: y' }))).toThrow(RtspError);
    expect(() => serializeResponse({ ...rtspResponse(200), reason: 'OK\r\n' })).toThrow(RtspError);
  });

  it('one-shot parsers need exactly one complete message', () => {
    expect(() => parseRequest(bytes('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n'))).toThrow(RtspError);
    expect(() => parseRequest(bytes('RTSP/1.0 200 OK\r\n\r\n'))).toThrow(RtspError);
    expect(() => parseResponse(bytes('RTSP/1.0 200 OK\r\n\r\nRTSP/1.0 200 OK\r\n\r\n'))).toThrow(RtspError);
  });
});

const kinds = (items: RtspIncoming[]) =>
  items.map((i) => (i.kind === 'frame' ? `$${i.channel}:${i.payload.length}` : i.kind === 'request' ? i.request.method : i.response.statusCode));

describe('RtspMessageReader', () => {
  it('reads pipelined requests, bodies and frames mixed, in order', () => {
    const stream = Buffer.concat([
      bytes('OPTIONS rtsp://h/a RTSP/1.0\r\nCSeq: 1\r\n\r\n'),
      interleavedFrame(0, Buffer.alloc(1400, 1)),
      bytes('GET_PARAMETER rtsp://h/a RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 4\r\n\r\n$abc'),
      interleavedFrame(1, Buffer.alloc(0)),
      interleavedFrame(255, Buffer.alloc(65535, 2)),
      bytes('RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n'),
    ]);
    const items = new RtspMessageReader().feedAll(stream);
    expect(kinds(items)).toEqual(['OPTIONS', '$0:1400', 'GET_PARAMETER', '$1:0', '$255:65535', 200]);
    expect((items[2] as Extract<RtspIncoming, { kind: 'request' }>).request.body.toString()).toBe('$abc');
  });

  it('tolerates bare LF line ends and stray CRLF between messages', () => {
    const items = new RtspMessageReader().feedAll(bytes('\r\nOPTIONS rtsp://h/a RTSP/1.0\nCSeq: 1\n\n\r\n\nRTSP/1.0 200 OK\r\nCSeq: 1\n\r\n'));
    expect(kinds(items)).toEqual(['OPTIONS', 200]);
  });

  it('matches header names case-insensitively and keeps the sender spelling', () => {
    const [item] = new RtspMessageReader().feedAll(bytes('OPTIONS * RTSP/1.0\r\ncseq: 5\r\nuser-AGENT:  x  \r\n\r\n'));
    const r = (item as Extract<RtspIncoming, { kind: 'request' }>).request;
    expect(r.headers.get('CSeq')).toBe('5');
    expect(r.headers.get('User-Agent')).toBe('x');
    expect(r.headers.entries()).toEqual([['cseq', '5'], ['user-AGENT', 'x']]);
  });

  it('returns frames that lie whole in a chunk without copying', () => {
    const chunk = interleavedFrame(2, Buffer.from([0x80, 1, 2, 3]));
    const [frame] = new RtspMessageReader().feed(chunk);
    expect(frame.kind === 'frame' && frame.payload.buffer === chunk.buffer).toBe(true);
  });

  it('holds at most the partial item', () => {
    const reader = new RtspMessageReader();
    const frame = interleavedFrame(0, Buffer.alloc(1000));
    expect(reader.feed(frame.subarray(0, 2))).toEqual([]);
    expect(reader.pendingBytes).toBe(2);
    expect(reader.feed(frame.subarray(2, 500))).toEqual([]);
    expect(reader.pendingBytes).toBe(496);
    expect(kinds(reader.feed(frame.subarray(500)))).toEqual(['$0:1000']);
    expect(reader.idle).toBe(true);
  });

  const errors: [string, string | Buffer, RtspErrorCode, { maxHeaderBytes?: number; maxBodyBytes?: number }?][] = [
    ['HTTP request', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'BAD_VERSION'],
    ['no version', 'OPTIONS rtsp://h/a\r\n\r\n', 'BAD_START_LINE'],
    ['extra spaces', 'OPTIONS  rtsp://h/a RTSP/1.0\r\n\r\n', 'BAD_START_LINE'],
    ['bad status', 'RTSP/1.0 2000 OK\r\n\r\n', 'BAD_START_LINE'],
    ['header without colon', 'OPTIONS * RTSP/1.0\r\nCSeq 1\r\n\r\n', 'BAD_HEADER'],
    ['folded header', 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n continued\r\n\r\n', 'BAD_HEADER'],
    ['control character', 'OPTIONS * RTSP/1.0\r\nCSeq: 1\x00\r\n\r\n', 'BAD_HEADER'],
    ['negative Content-Length', 'ANNOUNCE * RTSP/1.0\r\nContent-Length: -1\r\n\r\n', 'BAD_CONTENT_LENGTH'],
    ['body too large', 'ANNOUNCE * RTSP/1.0\r\nContent-Length: 1048577\r\n\r\n', 'BODY_TOO_LARGE'],
    ['body over custom limit', 'ANNOUNCE * RTSP/1.0\r\nContent-Length: 11\r\n\r\n', 'BODY_TOO_LARGE', { maxBodyBytes: 10 }],
    ['head too large', `OPTIONS * RTSP/1.0\r\nX: ${'a'.repeat(70_000)}\r\n\r\n`, 'HEADER_TOO_LARGE'],
    ['endless head line', `OPTIONS * RTSP/1.0\r\nX: ${'a'.repeat(200)}`, 'HEADER_TOO_LARGE', { maxHeaderBytes: 100 }],
    ['too many header lines', `OPTIONS * RTSP/1.0\r\n${'X: 1\r\n'.repeat(300)}\r\n`, 'HEADER_TOO_LARGE'],
  ];
  it.each(errors)('%s → %s', (_, input, code, options) => {
    const data = typeof input === 'string' ? bytes(input) : input;
    for (const slice of [data.length, 1, 13]) {
      const reader = new RtspMessageReader(options);
      let error: unknown;
      try {
        for (let pos = 0; pos < data.length; pos += slice) reader.feed(data.subarray(pos, pos + slice));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RtspError);
      expect((error as RtspError).code).toBe(code);
      // A failed reader stays failed.
      expect(() => reader.feed(bytes('OPTIONS * RTSP/1.0\r\n\r\n'))).toThrow(RtspError);
    }
  });
});

describe('interleaved frames (§10.12)', () => {
  it('builds header + payload', () => {
    expect(interleavedFrame(3, Buffer.from([9, 8]))).toEqual(Buffer.from([0x24, 3, 0, 2, 9, 8]));
    expect(interleavedHeader(1, 0x1234)).toEqual(Buffer.from([0x24, 1, 0x12, 0x34]));
  });
  it('writes a header into headroom before a shared packet', () => {
    const shared = Buffer.alloc(4 + 3, 0);
    shared.set([0x80, 0x60, 0x01], 4);
    writeInterleavedHeader(shared, 0, 0, 3);
    expect(new RtspMessageReader().feedAll(shared)).toEqual([{ kind: 'frame', channel: 0, payload: Buffer.from([0x80, 0x60, 0x01]) }]);
  });
  it('rejects channels and sizes the format cannot carry', () => {
    expect(() => interleavedFrame(256, Buffer.alloc(1))).toThrow(RtspError);
    expect(() => interleavedFrame(-1, Buffer.alloc(1))).toThrow(RtspError);
    expect(() => interleavedFrame(0, Buffer.alloc(65536))).toThrow(RtspError);
  });
});
