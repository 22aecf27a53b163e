// Parses what real clients sent (FFmpeg 5.1 as publisher and as reader over TCP and UDP, ffprobe
// with Basic and Digest credentials, GStreamer 1.22 rtspsrc over TCP and UDP), recorded by
// test/fixtures/rtsp/make-fixtures.ts, and checks each field against the raw capture.
import { describe, expect, it } from 'vitest';
import { parseTransports, type RtspTransport } from '../../../../src/main/engine/protocols/rtsp/headers/transport';
import { parseSession } from '../../../../src/main/engine/protocols/rtsp/headers/session';
import { parseRange } from '../../../../src/main/engine/protocols/rtsp/headers/range';
import { parseCSeq } from '../../../../src/main/engine/protocols/rtsp/headers/cseq';
import { parseSdp, sdpAttribute, sdpRtpFormats } from '../../../../src/main/engine/protocols/rtsp/sdp';
import { streamTargetOf } from '../../../../src/main/engine/protocols/rtsp/url';
import { serializeRequest } from '../../../../src/main/engine/protocols/rtsp/request';
import { serializeResponse } from '../../../../src/main/engine/protocols/rtsp/response';
import { interleavedFrame } from '../../../../src/main/engine/protocols/rtsp/interleaved-frame';
import { hostless, rtspFixture } from '../../../fixtures/rtsp/load';
import { replay, summary } from '../../../fixtures/rtsp/replay';

const tcp = (a: number, b: number, mode?: 'record'): RtspTransport => ({
  profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [a, b], ...(mode ? { mode } : {}),
});

interface Case {
  name: string;
  userAgent: string;
  methods: string[];
  urls: string[];
  transports: RtspTransport[];
  /** Interleaved frame channels present (publishers send RTP, GStreamer sends RTCP receiver reports). */
  frameChannels: number[];
  /**
   * GStreamer is stopped by SIGINT after 3 s: whether it still sends PAUSE/TEARDOWN, or an RTCP
   * receiver report first, depends on timing. These methods may appear (on the aggregate URL),
   * and frames may be absent.
   */
  timingDependent?: string[];
  range?: string;
}

const ffmpegReader = (query = ''): Omit<Case, 'name' | 'transports'> => ({
  userAgent: 'Lavf59.27.100',
  methods: ['OPTIONS', 'DESCRIBE', 'SETUP', 'SETUP', 'PLAY', 'TEARDOWN'],
  urls: [`rtsp://H/live/cam1${query}`, `rtsp://H/live/cam1${query}`, `rtsp://H/live/cam1${query}/streamid=0`, `rtsp://H/live/cam1${query}/streamid=1`, `rtsp://H/live/cam1${query}/`, `rtsp://H/live/cam1${query}/`],
  frameChannels: [],
  range: 'npt=0.000-',
});

const cases: Case[] = [
  {
    name: 'ffmpeg-publish-tcp',
    userAgent: 'Lavf59.27.100',
    methods: ['OPTIONS', 'ANNOUNCE', 'SETUP', 'SETUP', 'RECORD', 'TEARDOWN'],
    urls: ['rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1/streamid=0', 'rtsp://H/live/cam1/streamid=1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1'],
    transports: [tcp(0, 1, 'record'), tcp(2, 3, 'record')],
    frameChannels: [0, 1, 2, 3],
    range: 'npt=0.000-',
  },
  {
    name: 'ffmpeg-publish-udp',
    userAgent: 'Lavf59.27.100',
    methods: ['OPTIONS', 'ANNOUNCE', 'SETUP', 'SETUP', 'RECORD', 'TEARDOWN'],
    urls: ['rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1/streamid=0', 'rtsp://H/live/cam1/streamid=1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1'],
    transports: [{ profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', mode: 'record' }, { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', mode: 'record' }],
    frameChannels: [],
    range: 'npt=0.000-',
  },
  { name: 'ffprobe-tcp', ...ffmpegReader('?token=abc'), transports: [tcp(0, 1), tcp(2, 3)] },
  {
    name: 'ffprobe-udp',
    ...ffmpegReader(),
    transports: [{ profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast' }, { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast' }],
  },
  {
    name: 'ffprobe-basic',
    ...ffmpegReader(),
    methods: ['OPTIONS', ...ffmpegReader().methods],
    urls: ['rtsp://H/live/cam1', ...ffmpegReader().urls],
    transports: [tcp(0, 1), tcp(2, 3)],
  },
  {
    name: 'ffprobe-digest',
    ...ffmpegReader(),
    methods: ['OPTIONS', ...ffmpegReader().methods],
    urls: ['rtsp://H/live/cam1', ...ffmpegReader().urls],
    transports: [tcp(0, 1), tcp(2, 3)],
  },
  {
    name: 'gst-tcp',
    userAgent: 'GStreamer/1.22.0',
    methods: ['OPTIONS', 'DESCRIBE', 'SETUP', 'SETUP', 'PLAY'],
    urls: ['rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1/streamid=0', 'rtsp://H/live/cam1/streamid=1', 'rtsp://H/live/cam1/'],
    transports: [tcp(0, 1), tcp(2, 3)],
    frameChannels: [1, 3],
    range: 'npt=0-',
    timingDependent: ['PAUSE', 'TEARDOWN'],
  },
  {
    name: 'gst-digest',
    userAgent: 'GStreamer/1.22.0',
    methods: ['OPTIONS', 'OPTIONS', 'DESCRIBE', 'SETUP', 'SETUP', 'PLAY'],
    urls: ['rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1/streamid=0', 'rtsp://H/live/cam1/streamid=1', 'rtsp://H/live/cam1/'],
    transports: [tcp(0, 1), tcp(2, 3)],
    frameChannels: [1, 3],
    range: 'npt=0-',
    timingDependent: ['PAUSE', 'TEARDOWN'],
  },
  {
    name: 'gst-udp',
    userAgent: 'GStreamer/1.22.0',
    methods: ['OPTIONS', 'DESCRIBE', 'SETUP', 'SETUP', 'PLAY'],
    urls: ['rtsp://H/live/cam1', 'rtsp://H/live/cam1', 'rtsp://H/live/cam1/streamid=0', 'rtsp://H/live/cam1/streamid=1', 'rtsp://H/live/cam1/'],
    timingDependent: ['PAUSE', 'TEARDOWN'],
    // GStreamer writes RTP/AVP (UDP implied, §12.39), FFmpeg RTP/AVP/UDP: both mean UDP.
    transports: [{ profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast' }, { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast' }],
    frameChannels: [],
    range: 'npt=0-',
  },
];

describe.each(cases)('captured client session $name', (c) => {
  const bytes = rtspFixture(`${c.name}.c2s.bin`);
  const items = replay(bytes, bytes.length);
  const requests = items.flatMap((i) => (i.kind === 'request' ? [i.request] : []));
  const frames = items.flatMap((i) => (i.kind === 'frame' ? [i] : []));

  it.each([1, 2, 7, 100, 1460])('gives the same items when read in %i-byte pieces', (slice) => {
    expect(replay(bytes, slice).map(summary)).toEqual(items.map(summary));
  });

  it('has the methods, URLs and CSeqs the client sent, in order', () => {
    expect(items.some((i) => i.kind === 'response')).toBe(false);
    const late = new Set(c.timingDependent ?? []);
    const core = requests.filter((r) => !late.has(r.method));
    expect(core.map((r) => r.method)).toEqual(c.methods);
    expect(core.map((r) => hostless(r.url))).toEqual(c.urls);
    const extra = requests.slice(core.length);
    expect(extra.every((r) => late.has(r.method) && hostless(r.url) === 'rtsp://H/live/cam1/')).toBe(true);
    // CSeq starts at 1 and increases (§12.17); GStreamer may skip one it allocated but never sent.
    const cseqs = requests.map((r) => parseCSeq(r.headers.get('cseq')));
    expect(cseqs.slice(0, core.length)).toEqual(core.map((_, i) => i + 1));
    expect(cseqs.every((n, i) => i === 0 || n > cseqs[i - 1])).toBe(true);
    for (const r of requests) {
      expect(r.version).toBe('RTSP/1.0');
      expect(r.headers.get('user-agent')).toBe(c.userAgent);
    }
  });

  it('has the transports it asked for in SETUP', () => {
    const setups = requests.filter((r) => r.method === 'SETUP');
    const transports = setups.map((r) => parseTransports(r.headers.get('Transport')!));
    expect(transports.map((t) => t.length)).toEqual(setups.map(() => 1));
    expect(transports.map(([t]) => ({ ...t, clientPort: undefined }))).toEqual(c.transports.map((t) => ({ ...t, clientPort: undefined })));
    for (const [t] of transports) {
      if (t.lowerTransport === 'UDP') {
        // RFC 3550 §11: RTP on an even port, RTCP on the next one.
        expect(t.clientPort![0] % 2).toBe(0);
        expect(t.clientPort![1]).toBe(t.clientPort![0] + 1);
      }
    }
    expect(setups.map((r) => streamTargetOf(r.url))).toEqual(
      setups.map((_, i) => ({ path: 'live/cam1', query: c.name === 'ffprobe-tcp' ? 'token=abc' : '', control: `streamid=${i}` })),
    );
  });

  it('sends the session id from the first SETUP answer afterwards, and Range with PLAY/RECORD', () => {
    const firstSetup = requests.findIndex((r) => r.method === 'SETUP');
    for (const r of requests.slice(firstSetup + 1)) expect(parseSession(r.headers.get('session')!)).toEqual({ id: '9f2c4a7b1d' });
    const start = requests.find((r) => r.method === 'PLAY' || r.method === 'RECORD')!;
    expect(start.headers.get('range')).toBe(c.range);
    expect(parseRange(start.headers.get('range')!)).toEqual({ kind: 'npt', start: 0 });
  });

  it('interleaves RTP/RTCP frames on the channels it set up', () => {
    const channels = [...new Set(frames.map((f) => f.channel))].sort();
    if (c.timingDependent) expect(channels.every((ch) => c.frameChannels.includes(ch))).toBe(true);
    else expect(channels).toEqual(c.frameChannels);
    for (const f of frames) {
      expect(f.payload[0] >> 6).toBe(2); // RFC 3550 §5.1: version 2
      const pt = f.payload[1] & 0x7f;
      if (f.channel % 2 === 0) expect(pt).toBe(f.channel === 0 ? 96 : 97);
      else expect([72, 73]).toContain(pt); // RTCP SR (200) / RR (201) seen through the marker bit
    }
  });

  it('serializes back to the captured bytes', () => {
    const rebuilt = Buffer.concat(
      items.map((i) => (i.kind === 'request' ? serializeRequest(i.request) : i.kind === 'response' ? serializeResponse(i.response) : interleavedFrame(i.channel, i.payload))),
    );
    expect(rebuilt.equals(bytes)).toBe(true);
  });
});

describe('captured ANNOUNCE from FFmpeg', () => {
  const items = replay(rtspFixture('ffmpeg-publish-tcp.c2s.bin'), 1460);
  const announce = items.flatMap((i) => (i.kind === 'request' && i.request.method === 'ANNOUNCE' ? [i.request] : []))[0];

  it('carries the SDP as its body with Content-Type and Content-Length', () => {
    expect(announce.headers.get('content-type')).toBe('application/sdp');
    expect(Number(announce.headers.get('content-length'))).toBe(announce.body.length);
    expect(announce.body.length).toBe(509);
  });

  it('describes H.264 and AAC with their fmtp strings', () => {
    const sdp = parseSdp(announce.body);
    expect(sdp.origin).toEqual({ username: '-', sessionId: '0', sessionVersion: '0', netType: 'IN', addrType: 'IP4', address: '127.0.0.1' });
    expect(sdp.name).toBe('No Name');
    expect(sdp.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '127.0.0.1' });
    expect(sdp.times).toEqual(['0 0']);
    expect(sdpAttribute(sdp.attributes, 'tool')).toBe('libavformat LIBAVFORMAT_VERSION');
    expect(sdp.media.map((m) => [m.type, m.port, m.protocol, m.formats, m.bandwidths, sdpAttribute(m.attributes, 'control')])).toEqual([
      ['video', 0, 'RTP/AVP', ['96'], [{ type: 'AS', value: 100 }], 'streamid=0'],
      ['audio', 0, 'RTP/AVP', ['97'], [{ type: 'AS', value: 32 }], 'streamid=1'],
    ]);
    expect(sdpRtpFormats(sdp.media[0])).toEqual([{
      payloadType: 96, rtpmap: 'H264/90000', encoding: 'H264', clockRate: 90000,
      fmtp: 'packetization-mode=1; sprop-parameter-sets=Z2QAC6zZQoR+XARAAAADAEAAAAUDxQplgA==,aOvssiw=; profile-level-id=64000B',
    }]);
    expect(sdpRtpFormats(sdp.media[1])).toEqual([{
      payloadType: 97, rtpmap: 'MPEG4-GENERIC/44100/1', encoding: 'MPEG4-GENERIC', clockRate: 44100, channels: 1,
      fmtp: 'profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=120856E500',
    }]);
  });
});

describe('captured server side (canned answers followed by relayed RTP)', () => {
  it.each(['ffprobe-tcp', 'gst-tcp', 'ffprobe-digest'])('%s: responses and frames parse in any split', (name) => {
    const bytes = rtspFixture(`${name}.s2c.bin`);
    const items = replay(bytes, bytes.length);
    expect(replay(bytes, 3).map(summary)).toEqual(items.map(summary));
    const responses = items.flatMap((i) => (i.kind === 'response' ? [i.response] : []));
    expect(responses[0].statusCode).toBe(name === 'ffprobe-digest' ? 401 : 200);
    const describe = responses.find((r) => r.headers.get('content-type') === 'application/sdp')!;
    expect(parseSdp(describe.body).media).toHaveLength(2);
    expect(items.filter((i) => i.kind === 'frame').length).toBeGreaterThan(10);
  });
});
