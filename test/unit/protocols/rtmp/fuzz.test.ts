// Property/fuzz tests: random and mutated input to every RTMP parser must parse or throw the
// parser's own error type, stay within the configured memory limits, and terminate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtmpClientHandshake, RtmpServerHandshake } from '../../../../src/main/engine/protocols/rtmp/handshake';
import { RtmpChunkReader } from '../../../../src/main/engine/protocols/rtmp/chunk-reader';
import { AmfError, RtmpProtocolError } from '../../../../src/main/engine/protocols/rtmp/errors';
import { decodeAmf0Values, encodeAmf0 } from '../../../../src/main/engine/protocols/rtmp/amf0';
import { decodeAmf3Values } from '../../../../src/main/engine/protocols/rtmp/amf3';
import { parseCommand, parseDataMessage } from '../../../../src/main/engine/protocols/rtmp/commands';
import { parseSetPeerBandwidth, parseUserControl } from '../../../../src/main/engine/protocols/rtmp/control-messages';
import { splitAggregateMessage } from '../../../../src/main/engine/protocols/rtmp/aggregate';
import { RtmpMessageType } from '../../../../src/main/engine/protocols/rtmp/message';
import { AmfEcmaArray } from '../../../../src/main/engine/protocols/rtmp/amf-value';
import { rtmpFixture } from '../../../fixtures/rtmp/load';
import { fuzzInput, mutated, randomBytes, returnsOrThrowsTyped, runs, slices } from '../../../fixtures/rtmp/fuzz-helpers';

const capture = rtmpFixture('ffmpeg-publish.c2s.bin');
/** The chunk stream after the handshake: connect, commands, metadata, sequence headers, frames. */
const chunkStream = capture.subarray(3073, 3073 + 12_000);

/** Captured command/data payloads as AMF seeds. */
const amfSeeds = (() => {
  const reader = new RtmpChunkReader();
  return reader
    .feed(capture.subarray(3073))
    .filter((m) => m.typeId === RtmpMessageType.CommandAmf0 || m.typeId === RtmpMessageType.DataAmf0)
    .map((m) => m.payload);
})();

const amf3Seeds = ['09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04', '0a 0b 01 03 61 06 05 6869 03 62 06 00 01', '08 01 4278bcfe56800000', '0c 07 010203'].map(
  (h) => Buffer.from(h.replace(/\s+/g, ''), 'hex'),
);

describe('RTMP parsers under random and mutated input', () => {
  it('server handshake: completes only after C0+C1+C2, or throws RtmpProtocolError', () => {
    // Random bytes after a valid C0, so the random part reaches C1/C2 handling.
    const afterC0 = randomBytes(4000).map((b) => Buffer.concat([Buffer.from([3]), b]));
    fc.assert(
      fc.property(fc.oneof(afterC0, mutated([capture.subarray(0, 3200)])), fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 5 }), (input, sizes) => {
        const h = new RtmpServerHandshake();
        let fed = 0;
        returnsOrThrowsTyped(() => {
          for (const s of slices(input, sizes)) {
            const step = h.feed(s);
            fed += s.length - (step.rest?.length ?? 0);
            if (step.done) break;
          }
        }, RtmpProtocolError);
        if (h.done) expect(fed).toBe(3073);
      }),
      runs(300),
    );
  });

  it('client handshake: completes after S0+S1+S2, or throws RtmpProtocolError', () => {
    fc.assert(
      fc.property(fuzzInput([rtmpFixture('ffmpeg-publish.s0s1s2.bin')], 4000), (input) => {
        const c = new RtmpClientHandshake();
        c.start();
        const step = returnsOrThrowsTyped(() => c.feed(input), RtmpProtocolError);
        if (step?.done) expect(input.length).toBeGreaterThanOrEqual(3073);
      }),
      runs(300),
    );
  });

  it('chunk reader: messages or RtmpProtocolError, within the memory limits', () => {
    const limits = { maxMessageSize: 4096, maxPendingBytes: 8192, maxChunkStreams: 8 };
    fc.assert(
      fc.property(fuzzInput([chunkStream], 3000), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }), (input, sizes) => {
        const r = new RtmpChunkReader(limits);
        returnsOrThrowsTyped(() => {
          for (const s of slices(input, sizes)) {
            for (const m of r.feed(s)) expect(m.payload.length).toBeLessThanOrEqual(limits.maxMessageSize);
            expect(r.bufferedBytes).toBeLessThanOrEqual(limits.maxPendingBytes);
          }
        }, RtmpProtocolError);
      }),
      runs(1000),
    );
  });

  it('chunk reader with default limits on mutated FFmpeg sessions', () => {
    fc.assert(
      fc.property(mutated([chunkStream], 12), (input) => {
        const r = new RtmpChunkReader();
        returnsOrThrowsTyped(() => r.feed(input), RtmpProtocolError);
        expect(r.bufferedBytes).toBeLessThanOrEqual(32 * 1024 * 1024);
      }),
      runs(500),
    );
  });

  it('AMF0: values or AmfError', () => {
    const seeds = [...amfSeeds, encodeAmf0(new AmfEcmaArray({ a: [1, 'x', { b: new Date(0) }] }))];
    fc.assert(
      fc.property(fuzzInput(seeds), (input) => {
        returnsOrThrowsTyped(() => decodeAmf0Values(input), AmfError);
      }),
      runs(2000),
    );
  });

  it('AMF3: values or AmfError', () => {
    fc.assert(
      fc.property(fuzzInput(amf3Seeds, 256), (input) => {
        returnsOrThrowsTyped(() => decodeAmf3Values(input), AmfError);
      }),
      runs(2000),
    );
  });

  it('commands and data messages: parsed or AmfError/RtmpProtocolError', () => {
    fc.assert(
      fc.property(fuzzInput(amfSeeds), fc.constantFrom(15, 17, 18, 20), (payload, typeId) => {
        returnsOrThrowsTyped(() => parseCommand({ typeId, payload }), AmfError, RtmpProtocolError);
        returnsOrThrowsTyped(() => parseDataMessage({ typeId, payload }), AmfError, RtmpProtocolError);
      }),
      runs(1000),
    );
  });

  it('control, user control and aggregate messages: parsed or RtmpProtocolError', () => {
    fc.assert(
      fc.property(randomBytes(64), (payload) => {
        returnsOrThrowsTyped(() => parseUserControl(payload), RtmpProtocolError);
        returnsOrThrowsTyped(() => parseSetPeerBandwidth(payload), RtmpProtocolError);
        const parts = returnsOrThrowsTyped(() => splitAggregateMessage({ typeId: 22, streamId: 1, timestamp: 0, payload }), RtmpProtocolError);
        if (parts) expect(parts.reduce((n, p) => n + p.payload.length, 0)).toBeLessThanOrEqual(payload.length);
      }),
      runs(1000),
    );
  });
});
