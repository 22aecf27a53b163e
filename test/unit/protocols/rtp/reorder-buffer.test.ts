import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { RtpReorderBuffer, type ReorderEvent } from '../../../../src/main/engine/protocols/rtp/reorder-buffer';

const pk = (seq: number, timestamp = 0): RtpPacket => ({ marker: false, payloadType: 96, sequenceNumber: seq & 0xffff, timestamp, ssrc: 1, csrc: [], paddingLength: 0, payload: Buffer.alloc(0) });
const show = (events: ReorderEvent[]) => events.map((e) => (typeof e === 'number' ? `lost ${e}` : e.sequenceNumber));
const feed = (b: RtpReorderBuffer, seqs: number[]) => show(seqs.flatMap((s) => b.push(pk(s))));

describe('RtpReorderBuffer', () => {
  it.each<[string, number, number[], Array<number | string>]>([
    ['in order', 4, [1, 2, 3], [1, 2, 3]],
    ['a swap', 4, [1, 3, 2, 4], [1, 2, 3, 4]],
    ['wrapping at 65535', 4, [65534, 0, 65535, 1], [65534, 65535, 0, 1]],
    ['a duplicate and a late packet', 4, [1, 2, 2, 1, 3], [1, 2, 3]],
    ['a gap given up when the window is exceeded', 2, [1, 3, 4, 5], [1, 'lost 1', 3, 4, 5]],
    ['window 0: gaps are losses at once', 0, [1, 3, 2, 4], [1, 'lost 1', 3, 4]],
    ['a restarted sender far behind', 4, [5000, 5001, 10, 11], [5000, 5001, 10, 11]],
    ['a packet from before the start', 4, [10, 9, 11], [10, 'lost 0', 11]],
  ])('%s', (_n, window, seqs, expected) => {
    expect(feed(new RtpReorderBuffer(window), seqs)).toEqual(expected);
  });

  it('reports late packets as before-the-start only near the start', () => {
    const b = new RtpReorderBuffer(4);
    const seqs = Array.from({ length: 40000 }, (_, i) => i);
    // Packet 39990 was given up (window exceeded), then arrives late: just discarded, no event.
    const events = seqs.filter((s) => s !== 39990).flatMap((s) => b.push(pk(s)));
    expect(events.filter((e) => typeof e === 'number')).toEqual([1]);
    expect(b.push(pk(39990))).toEqual([]);
    expect(b.discarded).toBe(1);
  });

  it('gives up a gap by timestamp distance', () => {
    const b = new RtpReorderBuffer(64, 1000);
    expect(show([pk(1, 0), pk(3, 500), pk(4, 2000)].flatMap((p) => b.push(p)))).toEqual([1, 'lost 1', 3, 4]);
  });

  // Within 128 of each other: a bigger jump back is a restarted sender (table above).
  it('delivers each packet at most once, in increasing order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 200 }), fc.integer({ min: 0, max: 16 }), (seqs, window) => {
        const b = new RtpReorderBuffer(window);
        const out = seqs.flatMap((s) => b.push(pk(s))).filter((e): e is RtpPacket => typeof e !== 'number');
        const got = out.map((p) => p.sequenceNumber);
        for (let i = 1; i < got.length; i++) expect(((got[i] - got[i - 1]) << 16) >> 16).toBeGreaterThan(0);
      }),
    );
  });
});
