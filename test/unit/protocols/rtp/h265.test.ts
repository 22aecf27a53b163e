import { describe, expect, it } from 'vitest';
import type { VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { H265Depacketizer } from '../../../../src/main/engine/protocols/rtp/h265-depacketizer';
import { H265Packetizer } from '../../../../src/main/engine/protocols/rtp/h265-packetizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { hex, nal, rtp } from './rtp-builders';

const track: VideoTrack = { kind: 'video', codec: 'H265', clockRate: 90000 };
// Two-byte headers: type << 1, then LayerId (0) << 3 | TID + 1.
const vps = nal([0x40, 0x01], 23);
const sps = nal([0x42, 0x01], 40);
const pps = nal([0x44, 0x01], 7);
const idr = (size: number) => nal([0x26, 0x01], size); // IDR_W_RADL (19)
const trail = (size: number, tid = 1) => nal([0x02, tid], size); // TRAIL_R (1)
const packetize = (nalus: Buffer[], maxPayloadSize = 1452) =>
  new H265Packetizer(track, { payloadType: 96, maxPayloadSize }).packetize({ track: 0, dts: 0, pts: 0, key: true, nalus }).map((p) => parseRtpPacket(p));

describe('H265Packetizer (RFC 7798)', () => {
  it('aggregates parameter sets into an AP (§4.4.2) without DONL', () => {
    const [ap, slice] = packetize([vps, sps, pps, idr(2000)]);
    expect((ap.payload[0] >> 1) & 0x3f).toBe(48);
    expect(ap.payload.subarray(0, 2).toString('hex')).toBe('6001'); // F 0, type 48, LayerId 0, TID 1
    expect(ap.payload.subarray(2).toString('hex')).toBe(Buffer.concat([hex('0017'), vps, hex('0028'), sps, hex('0007'), pps]).toString('hex'));
    expect((slice.payload[0] >> 1) & 0x3f).toBe(49);
  });

  it('gives an AP the lowest TID of its units', () => {
    const [ap] = packetize([trail(10, 3), trail(10, 2)]);
    expect(ap.payload[1] & 7).toBe(2);
  });

  it('fragments with FU headers carrying S, E and the original type (§4.4.3)', () => {
    const big = idr(3000);
    const ps = packetize([big]);
    expect(ps.map((p) => p.payload.subarray(0, 3).toString('hex'))).toEqual(['620193', '620113', '620153']);
    expect(Buffer.concat(ps.map((p) => p.payload.subarray(3))).equals(big.subarray(2))).toBe(true);
    expect(ps.map((p) => p.marker)).toEqual([false, false, true]);
  });
});

describe('H265Depacketizer', () => {
  it('reassembles AP + FU units byte-identical', () => {
    const nalus = [vps, sps, pps, idr(5000)];
    const d = new H265Depacketizer(1);
    const ps = new H265Packetizer(track, { payloadType: 96 }).packetize({ track: 1, dts: 0, pts: 0, key: true, nalus });
    const [au] = ps.flatMap((p) => d.push(p));
    expect(au.key).toBe(true);
    expect(au.nalus!.map((n) => n.toString('hex'))).toEqual(nalus.map((n) => n.toString('hex')));
  });

  it('carries header-only units (end of sequence, end of bitstream)', () => {
    const eos = hex('4801');
    const nalus = [vps, sps, pps, idr(100), eos];
    const d = new H265Depacketizer(0);
    const one = new H265Packetizer(track, { payloadType: 96 }).packetize({ track: 0, dts: 0, pts: 0, key: true, nalus });
    expect(one.flatMap((p) => d.push(p))[0].nalus!.map((n) => n.toString('hex'))).toEqual(nalus.map((n) => n.toString('hex')));
    const alone = new H265Depacketizer(0);
    expect(alone.push(rtp(1, 0, hex('4801'), true))).toEqual([]); // not a keyframe, but not invalid
    expect(alone.stats.invalidPackets).toBe(0);
  });

  it.each<[string, Buffer, string]>([
    ['a payload shorter than 2 bytes', hex('26'), 'INVALID'],
    ['an AP without units', hex('6001'), 'INVALID'],
    ['an AP size past the end', hex('6001 0010 4001aa'), 'INVALID'],
    ['an AP unit smaller than a NAL header', hex('6001 0001 40'), 'INVALID'],
    ['an FU without data', hex('6201 93'), 'INVALID'],
    ['PACI', hex('6401 0000 aa'), 'UNSUPPORTED'],
    ['reserved type 60', hex('7801 aa'), 'INVALID'],
  ])('counts %s as invalid', (_n, payload, code) => {
    const d = new H265Depacketizer(0);
    const keyStart = rtp(1, 0, Buffer.concat([hex('6001 0017'), vps, hex('0028'), sps, hex('0007'), pps]));
    expect([keyStart, rtp(2, 0, payload, true)].flatMap((p) => d.push(p))).toEqual([]);
    expect(d.stats.invalidPackets).toBe(1);
    expect(d.stats.lastError?.code).toBe(code);
  });
});
