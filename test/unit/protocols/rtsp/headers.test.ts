// Transport, Session, RTP-Info, Range, CSeq and Content-Base: one table per header holding the
// wire text and the value it means, used for parse and build (round trip) both ways.
import { describe, expect, it } from 'vitest';
import { buildTransport, parseTransport, parseTransports, type RtspTransport } from '../../../../src/main/engine/protocols/rtsp/headers/transport';
import { buildSession, parseSession, type RtspSessionHeader } from '../../../../src/main/engine/protocols/rtsp/headers/session';
import { buildRtpInfo, parseRtpInfo, type RtpInfoEntry } from '../../../../src/main/engine/protocols/rtsp/headers/rtp-info';
import { buildRange, parseRange, type RtspRange } from '../../../../src/main/engine/protocols/rtsp/headers/range';
import { parseCSeq } from '../../../../src/main/engine/protocols/rtsp/headers/cseq';
import { contentBaseOf } from '../../../../src/main/engine/protocols/rtsp/headers/content-base';
import { RtspHeaderMap } from '../../../../src/main/engine/protocols/rtsp/header-map';
import { RtspError } from '../../../../src/main/engine/protocols/rtsp/errors';

describe('Transport (RFC 2326 §12.39)', () => {
  // Canonical text (what buildTransport writes) and its value.
  const canonical: [string, RtspTransport][] = [
    ['RTP/AVP/TCP;unicast;interleaved=0-1', { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [0, 1] }],
    ['RTP/AVP/TCP;unicast;interleaved=2-3;mode=record', { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [2, 3], mode: 'record' }],
    ['RTP/AVP;unicast;client_port=5000-5001;server_port=8000-8001;ssrc=1A2B3C4D', { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', clientPort: [5000, 5001], serverPort: [8000, 8001], ssrc: 0x1a2b3c4d }],
    ['RTP/AVP;multicast;destination=224.1.0.1;ttl=16;port=9000-9001', { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'multicast', destination: '224.1.0.1', ttl: 16, port: [9000, 9001] }],
    ['RTP/AVP;unicast;source=10.0.0.1;client_port=5000-5001;mode=play', { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', source: '10.0.0.1', clientPort: [5000, 5001], mode: 'play' }],
    ['RTP/SAVP/TCP;unicast;interleaved=4-5;append;x-dynamic-rate=1', { profile: 'RTP/SAVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [4, 5], append: true, extra: ['x-dynamic-rate=1'] }],
    ['RTP/AVP;unicast;ssrc=00000001', { profile: 'RTP/AVP', lowerTransport: 'UDP', delivery: 'unicast', ssrc: 1 }],
  ];
  it.each(canonical)('%s', (text, value) => {
    expect(parseTransport(text)).toEqual(value);
    expect(buildTransport(value)).toBe(text);
  });

  // What clients and servers send that is not canonical, and how it reads.
  const lenient: [string, Partial<RtspTransport>][] = [
    ['RTP/AVP/UDP;unicast;client_port=29086-29087', { lowerTransport: 'UDP', clientPort: [29086, 29087] }],
    ['RTP/AVP;unicast;client_port=5000', { clientPort: [5000, 5001] }],
    ['RTP/AVP/TCP;interleaved=0', { interleaved: [0, 1] }],
    ['rtp/avp/tcp;UNICAST;Interleaved=0-1;mode="RECORD"', { profile: 'RTP/AVP', lowerTransport: 'TCP', delivery: 'unicast', interleaved: [0, 1], mode: 'record' }],
    ['RTP/AVP;unicast;mode=receive', { mode: 'record' }],
    ['RTP/AVP;unicast;ssrc=1234', { ssrc: 0x1234 }],
    [' RTP/AVP ; unicast ; client_port=1-2 ;', { delivery: 'unicast', clientPort: [1, 2] }],
  ];
  it.each(lenient)('reads %j', (text, partial) => {
    expect(parseTransport(text)).toMatchObject(partial);
  });

  it('reads every transport a client offers, in order', () => {
    const offered = 'RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001,RTP/AVP;multicast';
    expect(parseTransports(offered).map(buildTransport)).toEqual(['RTP/AVP/TCP;unicast;interleaved=0-1', 'RTP/AVP;unicast;client_port=5000-5001', 'RTP/AVP;multicast']);
  });

  it.each([
    '', 'RTP', 'RTP/AVP/SCTP', 'RTP/AVP;client_port=70000-70001', 'RTP/AVP/TCP;interleaved=256-257', 'RTP/AVP;ssrc=123456789',
    'RTP/AVP;ssrc=xyz', 'RTP/AVP;mode=teleport', 'RTP/AVP;client_port=a-b', 'RTP/AVP;ttl=-1', ',,,',
  ])('rejects %j with RtspError', (text) => {
    expect(() => parseTransports(text)).toThrow(RtspError);
  });
});

describe('Session (§12.37)', () => {
  const table: [string, RtspSessionHeader][] = [
    ['9f2c4a7b1d', { id: '9f2c4a7b1d' }],
    ['12345678;timeout=60', { id: '12345678', timeout: 60 }],
    ['A-b_c.d+e$;timeout=5', { id: 'A-b_c.d+e$', timeout: 5 }],
  ];
  it.each(table)('%s', (text, value) => {
    expect(parseSession(text)).toEqual(value);
    expect(buildSession(value)).toBe(text);
  });
  it('tolerates spaces and unknown parameters', () => {
    expect(parseSession(' 1234 ; timeout = 30 ; foo=bar')).toEqual({ id: '1234', timeout: 30 });
  });
  it.each(['', ';timeout=60', 'a b', '1234;timeout=x', '1234;timeout=-1'])('rejects %j', (text) => {
    expect(() => parseSession(text)).toThrow(RtspError);
  });
});

describe('RTP-Info (§12.33)', () => {
  const table: [string, RtpInfoEntry[]][] = [
    ['url=rtsp://h/cam1/trackID=0;seq=9810;rtptime=3450012', [{ url: 'rtsp://h/cam1/trackID=0', seq: 9810, rtptime: 3450012 }]],
    [
      'url=rtsp://h/cam1/trackID=0;seq=1;rtptime=0,url=rtsp://h/cam1/trackID=1;seq=65535;rtptime=4294967295',
      [{ url: 'rtsp://h/cam1/trackID=0', seq: 1, rtptime: 0 }, { url: 'rtsp://h/cam1/trackID=1', seq: 65535, rtptime: 4294967295 }],
    ],
    ['url=rtsp://h/a,b/trackID=0;seq=5', [{ url: 'rtsp://h/a,b/trackID=0', seq: 5 }]],
    ['url=trackID=1', [{ url: 'trackID=1' }]],
  ];
  it.each(table)('%s', (text, value) => {
    expect(parseRtpInfo(text)).toEqual(value);
    expect(buildRtpInfo(value)).toBe(text);
  });
  it('reads spaces after commas and rtptime before seq', () => {
    expect(parseRtpInfo('url=rtsp://h/a;rtptime=7;seq=2, url=rtsp://h/b;seq=3')).toEqual([{ url: 'rtsp://h/a', seq: 2, rtptime: 7 }, { url: 'rtsp://h/b', seq: 3 }]);
  });
  it.each(['', 'seq=1', 'url=', 'url=rtsp://h/a;seq=70000', 'url=rtsp://h/a;seq=x', 'url=rtsp://h/a;rtptime=99999999999'])('rejects %j', (text) => {
    expect(() => parseRtpInfo(text)).toThrow(RtspError);
  });
});

describe('Range (§12.29)', () => {
  const table: [string, RtspRange][] = [
    ['npt=0.000-', { kind: 'npt', start: 0 }],
    ['npt=now-', { kind: 'npt', start: 'now' }],
    ['npt=10.000-20.500', { kind: 'npt', start: 10, end: 20.5 }],
    ['clock=19961108T142300Z-19961108T143520Z', { kind: 'clock', value: 'clock=19961108T142300Z-19961108T143520Z' }],
    ['smpte=10:07:00-10:07:33:05.01', { kind: 'smpte', value: 'smpte=10:07:00-10:07:33:05.01' }],
    ['smpte-25=10:07:00-', { kind: 'smpte', value: 'smpte-25=10:07:00-' }],
    ['npt=0.000-;time=19970123T153600Z', { kind: 'npt', start: 0, time: '19970123T153600Z' }],
  ];
  it.each(table)('%s', (text, value) => {
    expect(parseRange(text)).toEqual(value);
    expect(buildRange(value)).toBe(text);
  });
  it.each([
    ['npt=0-', { kind: 'npt', start: 0 }],
    ['npt=0.-', { kind: 'npt', start: 0 }],
    ['npt = 1:02:03.5-', { kind: 'npt', start: 3723.5 }],
    ['npt=-30', { kind: 'npt', start: 0, end: 30 }],
    ['NPT=5-', { kind: 'npt', start: 5 }],
  ])('reads %j', (text, value) => {
    expect(parseRange(text)).toEqual(value);
  });
  it.each(['', 'npt', 'npt=5', 'npt=a-', 'npt=1:99:00-', 'bytes=0-100', 'clock=now'])('rejects %j', (text) => {
    expect(() => parseRange(text)).toThrow(RtspError);
  });
});

describe('CSeq and Content-Base', () => {
  it('parses CSeq', () => {
    expect(parseCSeq('1')).toBe(1);
    expect(parseCSeq(' 4294967295 ')).toBe(4294967295);
    for (const bad of [undefined, '', '-1', '1.5', 'abc', '4294967296']) expect(() => parseCSeq(bad)).toThrow(RtspError);
  });
  it('takes Content-Base, else Content-Location, else the request URL (§C.1.1)', () => {
    expect(contentBaseOf(new RtspHeaderMap({ 'Content-Base': 'rtsp://h/a/', 'Content-Location': 'rtsp://h/b/' }), 'rtsp://h/c')).toBe('rtsp://h/a/');
    expect(contentBaseOf(new RtspHeaderMap({ 'content-location': 'rtsp://h/b/' }), 'rtsp://h/c')).toBe('rtsp://h/b/');
    expect(contentBaseOf(new RtspHeaderMap(), 'rtsp://h/c')).toBe('rtsp://h/c');
  });
});
