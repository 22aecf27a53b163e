import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtmpChunkReader } from '../../../../src/main/engine/protocols/rtmp/chunk-reader';
import {
  RtmpChunkWriter,
  defaultChunkStreamId,
  serializeMessage,
  serializedMessageSize,
} from '../../../../src/main/engine/protocols/rtmp/chunk-writer';
import { setChunkSizeMessage } from '../../../../src/main/engine/protocols/rtmp/control-messages';
import type { RtmpMessage } from '../../../../src/main/engine/protocols/rtmp/message';

function pay(length: number, seed = 0): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = (seed * 31 + i) & 0xff;
  return b;
}

/** A reader that has been told the writer's chunk size, as a peer would be. */
function readerFor(chunkSize: number): RtmpChunkReader {
  const r = new RtmpChunkReader();
  r.feed(serializeMessage(setChunkSizeMessage(chunkSize), 128));
  return r;
}

describe('serializeMessage', () => {
  it.each([
    {
      name: 'one chunk, type-0 header on csid 3',
      msg: { typeId: 20, streamId: 0, timestamp: 0, payload: Buffer.from('abc') },
      chunkSize: 128,
      csid: 3,
      hex: '03 000000 000003 14 00000000 616263',
    },
    {
      name: 'two chunks: type 0 then type 3',
      msg: { typeId: 9, streamId: 1, timestamp: 1000, payload: Buffer.from('abcde') },
      chunkSize: 3,
      csid: 6,
      hex: '06 0003e8 000005 09 01000000 616263 c6 6465',
    },
    {
      name: 'extended timestamp, repeated after each type-3 basic header',
      msg: { typeId: 8, streamId: 1, timestamp: 0x12345678, payload: Buffer.from('abcd') },
      chunkSize: 2,
      csid: 4,
      hex: '04 ffffff 000004 08 01000000 12345678 6162 c4 12345678 6364',
    },
    {
      name: 'two-byte basic header',
      msg: { typeId: 20, streamId: 0, timestamp: 0, payload: Buffer.from('a') },
      chunkSize: 128,
      csid: 100,
      hex: '00 24 000000 000001 14 00000000 61',
    },
    {
      name: 'three-byte basic header',
      msg: { typeId: 20, streamId: 0, timestamp: 0, payload: Buffer.from('ab') },
      chunkSize: 1,
      csid: 1000,
      hex: '01 a803 000000 000002 14 00000000 61 c1a803 62',
    },
    {
      name: 'empty payload: header only',
      msg: { typeId: 20, streamId: 0, timestamp: 5, payload: Buffer.alloc(0) },
      chunkSize: 128,
      csid: 3,
      hex: '03 000005 000000 14 00000000',
    },
  ])('$name', ({ msg, chunkSize, csid, hex }) => {
    const out = serializeMessage(msg, chunkSize, csid);
    expect(out.toString('hex')).toBe(hex.replace(/\s+/g, ''));
    expect(out.length).toBe(serializedMessageSize(msg.payload.length, chunkSize, csid, msg.timestamp));
  });

  it('puts media and control on the chunk streams FFmpeg uses', () => {
    expect([1, 4, 8, 9, 18, 20].map(defaultChunkStreamId)).toEqual([2, 2, 4, 6, 5, 3]);
  });

  it('refuses chunk sizes and chunk stream ids outside the protocol range', () => {
    const m = { typeId: 9, streamId: 1, timestamp: 0, payload: Buffer.alloc(1) };
    expect(() => serializeMessage(m, 0)).toThrow(RangeError);
    expect(() => serializeMessage(m, 0x80000000)).toThrow(RangeError);
    expect(() => serializeMessage(m, 128, 1)).toThrow(RangeError);
    expect(() => serializeMessage(m, 128, 65600)).toThrow(RangeError);
  });

  const chunkSizes = [1, 128, 4096, 65536];
  const lengths = [0, 1, 127, 128, 129, 4095, 4097, 65537, 200_000];
  const timestamps = [0, 1, 0xfffffe, 0xffffff, 0x1000000, 0xffffffff];

  it.each(chunkSizes)('round-trips through the reader at chunk size %i (lengths × timestamps × csids)', (chunkSize) => {
    const reader = readerFor(chunkSize);
    const sent: Array<RtmpMessage & { csid: number }> = [];
    const stream: Buffer[] = [];
    let seed = 0;
    for (const length of lengths) {
      // 200 KB at chunk size 1 is 200k chunks: enough coverage with the smaller lengths there.
      if (chunkSize === 1 && length > 5000) continue;
      for (const timestamp of timestamps) {
        for (const csid of [3, 63, 64, 319, 320, 65599]) {
          const m = { typeId: 9, streamId: 1, timestamp, payload: pay(length, seed++), csid };
          sent.push(m);
          stream.push(serializeMessage(m, chunkSize, csid));
        }
      }
    }
    const all = Buffer.concat(stream);
    const received = [];
    // Socket-like 64 KiB reads: headers and chunks straddle the reads.
    for (let i = 0; i < all.length; i += 65536) received.push(...reader.feed(all.subarray(i, i + 65536)));
    expect(received).toHaveLength(sent.length);
    received.forEach((m, i) => {
      expect(m.timestamp).toBe(sent[i].timestamp);
      expect(m.csid).toBe(sent[i].csid);
      expect(m.payload.equals(sent[i].payload)).toBe(true);
    });
  });

  it('gives every reader the same meaning whatever it read before (type-0 first chunk)', () => {
    const av = serializeMessage({ typeId: 9, streamId: 1, timestamp: 5000, payload: pay(300) }, 128);
    const early = readerFor(128);
    early.feed(serializeMessage({ typeId: 9, streamId: 1, timestamp: 10, payload: pay(50) }, 128));
    const late = readerFor(128);
    const [a] = early.feed(av);
    const [b] = late.feed(av);
    expect(a).toEqual(b);
    expect(a.timestamp).toBe(5000);
  });
});

describe('RtmpChunkWriter (header compression)', () => {
  it('uses type 0, 2, 3 for evenly spaced same-size messages (spec example 1 bytes)', () => {
    const w = new RtmpChunkWriter();
    const out = [1000, 1020, 1040, 1060].map((ts, i) =>
      w.write({ typeId: 8, streamId: 12345, timestamp: ts, payload: pay(32, i) }, 3).toString('hex').slice(0, 24),
    );
    expect(out[0].slice(0, 24)).toBe('030003e80000200839300000');
    expect(out[1].slice(0, 8)).toBe('83000014');
    expect(out[2].slice(0, 2)).toBe('c3');
    expect(out[3].slice(0, 2)).toBe('c3');
  });

  it('uses type 1 when the length changes and type 0 when the stream id changes or time goes back', () => {
    const w = new RtmpChunkWriter();
    w.write({ typeId: 9, streamId: 1, timestamp: 100, payload: pay(10) }, 6);
    expect(w.write({ typeId: 9, streamId: 1, timestamp: 133, payload: pay(11) }, 6)[0] >> 6).toBe(1);
    expect(w.write({ typeId: 9, streamId: 2, timestamp: 166, payload: pay(11) }, 6)[0] >> 6).toBe(0);
    expect(w.write({ typeId: 9, streamId: 2, timestamp: 100, payload: pay(11) }, 6)[0] >> 6).toBe(0);
  });

  it('round-trips random message sequences through the reader (property)', () => {
    const message = fc.record({
      typeId: fc.constantFrom(8, 9, 18, 20),
      streamId: fc.constantFrom(0, 1, 7),
      timeStep: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(0x1000000), fc.integer({ min: -50, max: -1 })),
      length: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 20_000 })),
      csid: fc.constantFrom(3, 4, 6, 70, 400),
    });
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1, 2, 128, 1000, 4096, 65536),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
        (specs, chunkSize, slices) => {
          const w = new RtmpChunkWriter();
          w.chunkSize = chunkSize;
          const times = new Map<number, number>();
          const sent = specs.map((s, i) => {
            const ts = Math.max(0, (times.get(s.csid) ?? 0) + s.timeStep) >>> 0;
            times.set(s.csid, ts);
            return { m: { typeId: s.typeId, streamId: s.streamId, timestamp: ts, payload: pay(s.length, i) }, csid: s.csid };
          });
          const wire = Buffer.concat(sent.map((s) => w.write(s.m, s.csid)));
          const reader = readerFor(chunkSize);
          const got = [];
          let pos = 0;
          for (let i = 0; pos < wire.length; i++) {
            const n = slices[i % slices.length];
            got.push(...reader.feed(wire.subarray(pos, pos + n)));
            pos += n;
          }
          // Payloads compared as base64: toEqual walks Buffers byte by byte, which is slow.
          expect(got.map((g) => ({ typeId: g.typeId, streamId: g.streamId, timestamp: g.timestamp, payload: g.payload.toString('base64'), csid: g.csid }))).toEqual(
            sent.map((s) => ({ ...s.m, payload: s.m.payload.toString('base64'), csid: s.csid })),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
