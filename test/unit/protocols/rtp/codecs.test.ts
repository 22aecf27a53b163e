// Real FFmpeg output through every packetizer and back: byte-identical units at the RTSP MTU,
// the WebRTC MTU and a tiny one; and under random loss and reordering, never a corrupted unit.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUnit, Track } from '../../../../src/main/engine/protocols/media/types';
import { createDepacketizer } from '../../../../src/main/engine/protocols/rtp/depacketizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { createPacketizer } from '../../../../src/main/engine/protocols/rtp/packetizer';
import { makeClips, type Clip, type Clips } from './media-clips';
import { matchOriginals, pushAll, reorderWithin } from './stream-check';

let clips: Clips;
beforeAll(() => {
  clips = makeClips();
});
afterAll(() => clips?.cleanup());

type CodecName = 'h264' | 'h265' | 'aac' | 'opus';
const codecs: CodecName[] = ['h264', 'h265', 'aac', 'opus'];
const clip = (c: CodecName): Clip<Track> => clips[c];

describe.each(codecs)('%s round trip', (codec) => {
  it('has real data to work with', () => {
    const { units } = clip(codec);
    expect(units.length).toBeGreaterThan(40);
    if (codec === 'h264' || codec === 'h265') {
      expect(units[0].key).toBe(true);
      // Keyframes of this clip need fragmentation even at 1452 bytes.
      expect(Math.max(...units.flatMap((u) => u.nalus!.map((n) => n.length)))).toBeGreaterThan(5000);
    }
  });

  it.each([1452, 1200, 100])('reassembles every unit byte-identical at maxPayloadSize %i', (mtu) => {
    const { track, units } = clip(codec);
    const p = createPacketizer(track, { payloadType: 96, maxPayloadSize: mtu, initialSequence: 65500, initialTimestamp: 0xfffff000 });
    const d = createDepacketizer(track, units[0].track);
    const perUnit = units.map((u) => p.packetize(u));
    const packets = perUnit.flat();
    if (codec !== 'opus') for (const pk of packets) expect(pk.length).toBeLessThanOrEqual(mtu);
    // Sequence numbers run on without gaps (and wrap), timestamps follow pts from the base.
    packets.forEach((pk, i) => expect(parseRtpPacket(pk).sequenceNumber).toBe((65500 + i) & 0xffff));
    perUnit.forEach((pks, i) => {
      for (const pk of pks) expect(parseRtpPacket(pk).timestamp).toBe((0xfffff000 + units[i].pts) >>> 0);
      if (codec === 'h264' || codec === 'h265') {
        // RFC 6184 §5.1 / RFC 7798 §4.1: marker on the last packet of the access unit only.
        expect(pks.map((pk) => parseRtpPacket(pk).marker)).toEqual(pks.map((_, j) => j === pks.length - 1));
      }
    });
    const out = pushAll(d, packets);
    expect(out.length).toBe(units.length);
    out.forEach((au, i) => {
      expect(au.pts).toBe(units[i].pts - units[0].pts);
      expect(au.key).toBe(units[i].key);
      if (au.nalus) expect(Buffer.concat(au.nalus).equals(Buffer.concat(units[i].nalus!))).toBe(true);
      if (au.nalus) expect(au.nalus.map((n) => n.length)).toEqual(units[i].nalus!.map((n) => n.length));
      else expect(au.payload!.equals(units[i].payload!)).toBe(true);
    });
    expect(d.stats).toMatchObject({ lostPackets: 0, droppedUnits: 0, invalidPackets: 0 });
  });

  it('survives random loss and reordering without emitting a corrupted unit', () => {
    const { track, units } = clip(codec);
    const mtu = codec === 'opus' || codec === 'aac' ? 100 : 1200;
    const p = createPacketizer(track, { payloadType: 96, maxPayloadSize: mtu });
    const all = units.flatMap((u) => p.packetize(u));
    fc.assert(
      fc.property(
        fc.array(fc.nat(15), { minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 16 }),
        fc.uniqueArray(fc.nat(all.length - 1), { maxLength: 12 }),
        (offsets, window, dropIndexes) => {
          const drop = new Set(dropIndexes);
          const sent = reorderWithin(all.filter((_, i) => !drop.has(i)), offsets, window);
          // Only the window limits waiting here: 16 packets of reordering can be 0.5 s of media.
          const d = createDepacketizer(track, units[0].track, { reorderMaxDelay: 0 });
          const out = pushAll(d, sent);
          const matched = matchOriginals(out, units);
          // Units come out in order, once each.
          for (let i = 1; i < matched.length; i++) expect(matched[i]).toBeGreaterThan(matched[i - 1]);
          expect(d.stats.lostPackets).toBeLessThanOrEqual(drop.size);
          expect(d.stats.invalidPackets).toBe(0);
          if (drop.size === 0) {
            expect(out.length).toBe(units.length);
            expect(d.stats.lostPackets).toBe(0);
          } else if (d.stats.lostPackets > 0 && (codec === 'h264' || codec === 'h265')) {
            expect(d.stats.droppedUnits).toBeGreaterThan(0);
          }
          // Every unit is accounted for: emitted, dropped, or never seen (loss at the very start or end).
          expect(out.length + d.stats.droppedUnits).toBeLessThanOrEqual(units.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe.each(codecs)('%s under loss with the default options', (codec) => {
  it('emits only original units, in order, and counts every loss it can see', () => {
    const { track, units } = clip(codec);
    const p = createPacketizer(track, { payloadType: 96, maxPayloadSize: 1452 });
    const all = units.flatMap((u) => p.packetize(u));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: all.length - 2 }), { minLength: 1, maxLength: 20 }), (dropIndexes) => {
        const drop = new Set(dropIndexes);
        const d = createDepacketizer(track, units[0].track);
        const out = pushAll(d, all.filter((_, i) => !drop.has(i)));
        out.push(...d.flush()); // a gap near the end is only given up at the end
        const matched = matchOriginals(out, units);
        for (let i = 1; i < matched.length; i++) expect(matched[i]).toBeGreaterThan(matched[i - 1]);
        // First and last packets arrive, so every gap is seen.
        expect(d.stats.lostPackets).toBe(drop.size);
        if (codec === 'h264' || codec === 'h265') expect(d.stats.droppedUnits).toBeGreaterThan(0);
        if (codec === 'opus') expect(matched.length).toBe(units.length - drop.size);
      }),
      { numRuns: 40 },
    );
  });
});

describe('packetizer options on real video', () => {
  it('sends SPS/PPS before every IDR for WebRTC, in STAP-A, within 1200 bytes', () => {
    const { track, units } = clips.h264;
    // Strip the in-band parameter sets, as RTMP publishers send them only once.
    const stripped: AccessUnit[] = units.map((u) => ({ ...u, nalus: u.nalus!.filter((n) => ![7, 8].includes(n[0] & 0x1f)) }));
    const p = createPacketizer(track, { payloadType: 102, maxPayloadSize: 1200, prependParameterSets: true });
    const d = createDepacketizer(track, 0);
    const out = pushAll(d, stripped.flatMap((u) => p.packetize(u)));
    expect(out.length).toBe(units.length);
    out.forEach((au, i) => {
      const types = au.nalus!.map((n) => n[0] & 0x1f);
      if (units[i].key) {
        expect(types.slice(0, 3)).toEqual([9, 7, 8]); // AUD stays first
        expect(au.nalus![1].equals(track.sps!)).toBe(true);
      } else {
        expect(types).not.toContain(7);
      }
    });
    // The keyframe's first packet is one STAP-A holding AUD + SPS + PPS.
    const again = createPacketizer(track, { payloadType: 102, maxPayloadSize: 1200, prependParameterSets: true });
    const pk = parseRtpPacket(again.packetize(stripped[0])[0]);
    expect(pk.payload[0] & 0x1f).toBe(24);
  });

  it('sends VPS/SPS/PPS before every IRAP for H.265 when asked', () => {
    const { track, units } = clips.h265;
    const stripped: AccessUnit[] = units.map((u) => ({ ...u, nalus: u.nalus!.filter((n) => ![32, 33, 34].includes((n[0] >> 1) & 0x3f)) }));
    const p = createPacketizer(track, { payloadType: 96, maxPayloadSize: 1200, prependParameterSets: true });
    const out = pushAll(createDepacketizer(track, 0), stripped.flatMap((u) => p.packetize(u)));
    expect(out.length).toBe(units.length);
    out.forEach((au, i) => {
      if (units[i].key) expect(au.nalus!.slice(0, 4).map((n) => (n[0] >> 1) & 0x3f)).toEqual([35, 32, 33, 34]);
    });
  });
});
