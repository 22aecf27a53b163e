import { describe, expect, it } from 'vitest';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';
import { AacPacketizer } from '../../../../src/main/engine/protocols/rtp/aac-packetizer';
import { createDepacketizer } from '../../../../src/main/engine/protocols/rtp/depacketizer';
import { H264Packetizer } from '../../../../src/main/engine/protocols/rtp/h264-packetizer';
import { H265Packetizer } from '../../../../src/main/engine/protocols/rtp/h265-packetizer';
import { OpusPacketizer } from '../../../../src/main/engine/protocols/rtp/opus-packetizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { createPacketizer, defaultRebaseGap } from '../../../../src/main/engine/protocols/rtp/packetizer';
import { nal } from './rtp-builders';

const h264: Track = { kind: 'video', codec: 'H264', clockRate: 90000 };
// SPS first: a depacketizer trusts a first unit only when it visibly starts one.
const unit = (pts: number, size = 100): AccessUnit => ({ track: 0, dts: pts, pts, key: true, nalus: [nal([0x67, 0x42], 10), nal([0x65], size)] });

describe('createPacketizer / createDepacketizer', () => {
  it.each<[Track, unknown]>([
    [h264, H264Packetizer],
    [{ kind: 'video', codec: 'H265', clockRate: 90000 }, H265Packetizer],
    [{ kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2 }, AacPacketizer],
    [{ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 }, OpusPacketizer],
  ])('picks the packetizer for %o', (track, cls) => {
    const p = createPacketizer(track, { payloadType: 96 });
    expect(p).toBeInstanceOf(cls as never);
    expect(p.clockRate).toBe(track.clockRate);
    expect(createDepacketizer(track, 0).stats.packets).toBe(0);
  });

  it.each<Track>([
    { kind: 'video', codec: 'AV1', clockRate: 90000 },
    { kind: 'audio', codec: 'MP3', clockRate: 44100, channels: 2 },
  ])('refuses $codec with RtpError UNSUPPORTED', (track) => {
    expect(() => createPacketizer(track, { payloadType: 96 })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => createDepacketizer(track, 0)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it.each([
    [{ payloadType: 128 }],
    [{ payloadType: -1 }],
    [{ payloadType: 96, maxPayloadSize: 31 }],
    [{ payloadType: 96, maxPayloadSize: 70000 }],
  ])('rejects options %o', (opts) => {
    expect(() => createPacketizer(h264, opts)).toThrow(expect.objectContaining({ name: 'RtpError', code: 'INVALID' }));
  });
});

describe('sequence and timestamp continuity', () => {
  it('uses random SSRC, sequence and timestamp bases unless given', () => {
    const a = createPacketizer(h264, { payloadType: 96 });
    const b = createPacketizer(h264, { payloadType: 96 });
    expect([a.ssrc, a.nextSequenceNumber, a.rtpTimestamp(0)]).not.toEqual([b.ssrc, b.nextSequenceNumber, b.rtpTimestamp(0)]);
  });

  it('wraps sequence numbers and timestamps', () => {
    const p = createPacketizer(h264, { payloadType: 96, initialSequence: 65535, initialTimestamp: 0xffffffff });
    const [a, b] = [unit(0), unit(3000)].map((u) => parseRtpPacket(p.packetize(u)[0]));
    expect([a.sequenceNumber, b.sequenceNumber]).toEqual([65535, 0]);
    expect([a.timestamp, b.timestamp]).toEqual([0xffffffff, 2999]);
    expect(p.nextSequenceNumber).toBe(1);
    expect(p.lastTimestamp).toBe(2999);
  });

  it('continues after the last packet when a new publisher starts over (rebase)', () => {
    const p = createPacketizer(h264, { payloadType: 96, initialSequence: 10, initialTimestamp: 1000 });
    p.packetize(unit(0));
    p.packetize(unit(3000));
    // The new publisher's clock starts at 777 777: its first unit goes one frame after 4000.
    p.rebase(777_777);
    const next = parseRtpPacket(p.packetize(unit(777_777))[0]);
    expect(next.sequenceNumber).toBe(12);
    expect(next.timestamp).toBe(4000 + defaultRebaseGap(h264));
    expect(parseRtpPacket(p.packetize(unit(780_777))[0]).timestamp).toBe(10000);
    // A depacketizer on the other side sees one continuous stream.
    const d = createDepacketizer(h264, 0);
    const q = createPacketizer(h264, { payloadType: 96 });
    const out = [unit(0), unit(3000)].flatMap((u) => q.packetize(u)).flatMap((pk) => d.push(pk));
    q.rebase(50);
    out.push(...[unit(50), unit(3050)].flatMap((u) => q.packetize(u)).flatMap((pk) => d.push(pk)));
    expect(out.map((a) => a.pts)).toEqual([0, 3000, 6000, 9000]);
  });

  it('does nothing on rebase before anything was sent', () => {
    const p = createPacketizer(h264, { payloadType: 96, initialTimestamp: 5 });
    p.rebase(1000);
    expect(p.rtpTimestamp(0)).toBe(5);
  });

  it('uses the gap given to rebase', () => {
    const p = createPacketizer({ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 }, { payloadType: 111, initialTimestamp: 0 });
    p.packetize({ track: 1, dts: 0, pts: 0, key: true, payload: Buffer.from([1]) });
    p.rebase(0, 480);
    expect(p.rtpTimestamp(0)).toBe(480);
  });
});
