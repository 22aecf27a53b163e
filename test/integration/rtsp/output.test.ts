// The RTSP output formats on a real Stream (no sockets): packets built once and shared by every
// RTSP reader, interleaved channels per layout, and the SDP round trip DESCRIBE → ANNOUNCE.
import { describe, expect, it } from 'vitest';
import { Stream } from '../../../src/main/engine/core';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';
import { rtspTcpFormat, rtspUdpFormat, rtpPacketsOf, type RtpUdpItem } from '../../../src/main/engine/servers/rtsp/format';
import { announcedMedia, announcedMediaFor, describeSdp } from '../../../src/main/engine/servers/rtsp/media-description';

const tracks: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: Buffer.from('6764001facd9', 'hex'), pps: Buffer.from('68ebe3cb', 'hex') },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from('1190', 'hex') },
];

function units(): AccessUnit[] {
  const idr = Buffer.alloc(4000, 0x11);
  idr[0] = 0x65;
  return [
    { track: 0, dts: 0, pts: 0, key: true, nalus: [idr] },
    { track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(300, 0x22) },
    { track: 0, dts: 3000, pts: 3000, key: false, nalus: [Buffer.from([0x41, 1, 2, 3])] },
  ];
}

/** (channel, seq) of every interleaved frame in a buffer. */
function frames(b: Buffer): { channel: number; seq: number }[] {
  const out = [];
  for (let pos = 0; pos < b.length; pos += 4 + b.readUInt16BE(pos + 2)) {
    expect(b[pos]).toBe(0x24);
    out.push({ channel: b[pos + 1], seq: b.readUInt16BE(pos + 4 + 2) });
  }
  return out;
}

describe('RTSP output formats', () => {
  it('builds each packet once: same-layout TCP readers share the Buffer, other layouts and UDP carry the same packets', () => {
    const stream = new Stream({ tracks, gopCacheMaxBytes: 0 });
    const a: Buffer[] = [];
    const b: Buffer[] = [];
    const odd: Buffer[] = [];
    const udp: RtpUdpItem[] = [];
    stream.addReader({ format: rtspTcpFormat(1452, [0, 2]), sink: { write: (x) => a.push(x) > 0 }, awaitKeyframe: false });
    stream.addReader({ format: rtspTcpFormat(1452, [0, 2]), sink: { write: (x) => b.push(x) > 0 }, awaitKeyframe: false });
    stream.addReader({ format: rtspTcpFormat(1452, [6, -1]), sink: { write: (x) => odd.push(x) > 0 }, awaitKeyframe: false });
    stream.addReader({ format: rtspUdpFormat(1452), sink: { write: (x) => udp.push(x) > 0 }, awaitKeyframe: false });
    expect(stream.formatKeys()).toHaveLength(3);
    for (const au of units()) stream.writeUnit(au);

    expect(a).toHaveLength(3);
    a.forEach((buf, i) => expect(buf).toBe(b[i]));
    const tcp = a.flatMap(frames);
    // 4000 bytes of IDR need FU-A fragments at 1452; then one AAC and one small video packet.
    expect(tcp.filter((f) => f.channel === 0).length).toBe(4);
    expect(tcp.filter((f) => f.channel === 2).length).toBe(1);
    // The layout without audio gets the video packets alone, on its own channel, same numbers.
    expect(odd.flatMap(frames)).toEqual(tcp.filter((f) => f.channel === 0).map((f) => ({ ...f, channel: 6 })));
    const udpSeqs = udp.flatMap((it) => it.packets.map((p) => p.readUInt16BE(2)));
    expect(udpSeqs).toEqual(tcp.map((f) => f.seq));
    // Consecutive sequence numbers per track: nothing was packetized twice.
    const video = tcp.filter((f) => f.channel === 0).map((f) => f.seq);
    video.forEach((s, i) => i > 0 && expect(s).toBe((video[i - 1] + 1) & 0xffff));
    const sr = rtpPacketsOf(stream, 1452).senderReport(0, Date.now(), 'test');
    expect(sr?.[1]).toBe(200);
  });

  it('describes a stream so that an ANNOUNCE of the same SDP yields the same tracks', () => {
    const sdp = describeSdp(tracks, '127.0.0.1');
    expect(sdp).toMatch(/a=control:trackID=0\r\n/);
    expect(sdp).toMatch(/a=rtpmap:97 MPEG4-GENERIC\/48000\/2/);
    const back = announcedMedia(Buffer.from(sdp));
    expect(back.tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
    expect(back.tracks[0]).toMatchObject({ sps: tracks[0].kind === 'video' ? tracks[0].sps : undefined });
    expect(announcedMediaFor(back.media, 'rtsp://h/cam/trackID=1', new Set())).toBe(1);
    // FFmpeg's streamid=N controls, and SETUPs without a known control, go in order.
    expect(announcedMediaFor(back.media, 'rtsp://h/cam/other', new Set([0]))).toBe(1);
  });
});
