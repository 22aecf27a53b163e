import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAudioSpecificConfig } from '../../../../src/main/engine/protocols/aac/audio-specific-config';
import type { AccessUnit, AudioTrack } from '../../../../src/main/engine/protocols/media/types';
import { AacDepacketizer } from '../../../../src/main/engine/protocols/rtp/aac-depacketizer';
import { AacPacketizer } from '../../../../src/main/engine/protocols/rtp/aac-packetizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { hex, nal, rtp } from './rtp-builders';

const track: AudioTrack = { kind: 'audio', codec: 'AAC', clockRate: 44100, channels: 2, config: buildAudioSpecificConfig({ sampleRate: 44100, channelConfiguration: 2 }) };
const frame = (size: number, seed = 1) => nal([0x21], size, seed);
const unit = (i: number, size: number): AccessUnit => ({ track: 1, dts: i * 1024, pts: i * 1024, key: true, payload: frame(size, i + 1) });
const packetizer = (maxPayloadSize = 1452) => new AacPacketizer(track, { payloadType: 97, ssrc: 5, initialSequence: 0, initialTimestamp: 0, maxPayloadSize });

describe('AacPacketizer (RFC 3640 AAC-hbr)', () => {
  it('writes AU-headers-length, a 13/3-bit AU-header and the frame, marker set', () => {
    const [p] = packetizer().packetize(unit(0, 300)).map(parseRtpPacket);
    expect(p.marker).toBe(true);
    // 16 bits of headers; AU-size 300 << 3 = 0x0960, AU-index 0.
    expect(p.payload.subarray(0, 4).toString('hex')).toBe('00100960');
    expect(p.payload.subarray(4).equals(frame(300, 1))).toBe(true);
  });

  it('packs consecutive frames that fit into one packet', () => {
    const units = [0, 1, 2, 3, 4].map((i) => unit(i, 300));
    const ps = packetizer().packetizeFrames(units).map(parseRtpPacket);
    // 2 + 4 × (2 + 300) = 1210 fits 1440; the fifth would not.
    expect(ps.map((p) => p.payload.readUInt16BE(0) / 16)).toEqual([4, 1]);
    expect(ps.map((p) => p.timestamp)).toEqual([0, 4096]);
    const d = new AacDepacketizer(track, 1);
    const out = packetizer().packetizeFrames(units).flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([0, 1024, 2048, 3072, 4096]);
    out.forEach((a, i) => expect(a.payload!.equals(units[i].payload!)).toBe(true));
  });

  it('does not pack frames that are not consecutive', () => {
    const ps = packetizer().packetizeFrames([unit(0, 100), unit(2, 100)]);
    expect(ps.length).toBe(2);
  });

  it('fragments a large frame, repeating the full AU-size, marker on the last fragment (§3.2.3)', () => {
    const ps = packetizer(100).packetize(unit(0, 200)).map(parseRtpPacket);
    expect(ps.map((p) => p.payload.subarray(0, 4).toString('hex'))).toEqual(['00100640', '00100640', '00100640']);
    expect(ps.map((p) => p.marker)).toEqual([false, false, true]);
    expect(ps.every((p) => p.payload.length + 12 <= 100)).toBe(true);
  });

  it('refuses a frame larger than the 13-bit AU-size', () => {
    expect(() => packetizer().packetize(unit(0, 8192))).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
  });
});

describe('AAC frame duration', () => {
  it('is 2048 ticks for HE-AAC clocked at the SBR output rate', () => {
    // FFmpeg's HE-AAC description: 22.05 kHz core, SBR to 44.1 kHz, RTP clock 44100.
    const he: AudioTrack = { kind: 'audio', codec: 'AAC', clockRate: 44100, channels: 1, config: hex('120856e500') };
    const d = new AacDepacketizer(he, 0);
    const out = new AacPacketizer(he, { payloadType: 97 }).packetizeFrames([0, 2048].map((pts) => ({ track: 0, dts: pts, pts, key: true, payload: frame(10) }))).flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([0, 2048]);
  });
});

describe('AacDepacketizer', () => {
  it('reads AAC-lbr layouts (sizelength 6, indexlength 2)', () => {
    const d = new AacDepacketizer(track, 0, { sizeLength: 6, indexLength: 2, indexDeltaLength: 2 });
    // Two 8-bit AU-headers: size 3 and 2.
    const out = d.push(rtp(1, 0, hex('0010 0c 08 aabbcc ddee'), true));
    expect(out.map((a) => a.payload!.toString('hex'))).toEqual(['aabbcc', 'ddee']);
  });

  it('refuses an AU-header layout it cannot walk', () => {
    expect(() => new AacDepacketizer(track, 0, { sizeLength: 0 })).toThrow(expect.objectContaining({ code: 'INVALID' }));
  });

  it('drops a fragmented frame with a lost fragment and counts it once', () => {
    const ps = packetizer(100).packetizeFrames([unit(0, 200), unit(1, 200), unit(2, 50)]);
    const d = new AacDepacketizer(track, 1, { reorderWindow: 0 });
    const out = ps.filter((_, i) => i !== 1).flatMap((p) => d.push(p));
    expect(out.map((a) => a.pts)).toEqual([1024, 2048]); // the first packet received is time 0
    expect(d.stats).toMatchObject({ lostPackets: 1, droppedUnits: 1, invalidPackets: 0 });
  });

  it.each<[string, Buffer]>([
    ['a payload of 1 byte', hex('00')],
    ['AU-headers past the end', hex('0040 0960')],
    ['no AU-header', hex('0000 aa')],
    ['sizes larger than the data', hex('0020 0018 0018 aabbcc')],
    ['a truncated AU-header', hex('000c 0960')],
  ])('counts %s as invalid', (_n, payload) => {
    const d = new AacDepacketizer(track, 0);
    expect(d.push(rtp(1, 0, payload, true))).toEqual([]);
    expect(d.stats.invalidPackets).toBe(1);
    expect(d.stats.lastError?.name).toBe('RtpError');
  });

  it('never throws and never emits more bytes than it got (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 40 })), { maxLength: 40 }), (items) => {
        const d = new AacDepacketizer(track, 0);
        items.forEach(([marker, bytes], i) => {
          for (const au of d.push(rtp(i, (i >> 1) * 1024, Buffer.from(bytes), marker))) expect(au.payload!.length).toBeLessThanOrEqual(0x1fff);
        });
      }),
    );
  });
});
