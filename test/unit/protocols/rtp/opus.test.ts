import { describe, expect, it } from 'vitest';
import type { AudioTrack } from '../../../../src/main/engine/protocols/media/types';
import { OpusDepacketizer } from '../../../../src/main/engine/protocols/rtp/opus-depacketizer';
import { OpusPacketizer } from '../../../../src/main/engine/protocols/rtp/opus-packetizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { hex, rtp } from './rtp-builders';

const track: AudioTrack = { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 };

describe('Opus over RTP (RFC 7587)', () => {
  it('sends one frame per packet, timestamp at 48 kHz, no marker', () => {
    const p = new OpusPacketizer(track, { payloadType: 111, initialTimestamp: 100, ssrc: 9 });
    const [pk] = p.packetize({ track: 1, dts: 960, pts: 960, key: true, payload: hex('fc ff fe') }).map(parseRtpPacket);
    expect(pk).toMatchObject({ payloadType: 111, timestamp: 1060, ssrc: 9, marker: false });
    expect(pk.payload.toString('hex')).toBe('fcfffe');
    expect(p.packetize({ track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(0) })).toEqual([]);
  });

  it('emits every payload as a unit and skips empty (DTX) payloads', () => {
    const d = new OpusDepacketizer(2);
    const out = [rtp(1, 1000, hex('fc01')), rtp(2, 1960, Buffer.alloc(0)), rtp(3, 2920, hex('fc02'))].flatMap((p) => d.push(p));
    expect(out.map((a) => [a.track, a.pts, a.payload!.toString('hex')])).toEqual([[2, 0, 'fc01'], [2, 1920, 'fc02']]);
  });
});
