import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtpError } from '../../../../src/main/engine/protocols/rtp/errors';
import {
  buildExtensionElements,
  parseExtensionElements,
  parseRtpPacket,
  serializeRtpPacket,
  type RtpPacketInput,
} from '../../../../src/main/engine/protocols/rtp/packet';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('RTP header (RFC 3550 §5.1)', () => {
  // Raw bytes and what they mean, used both ways.
  const cases: Array<[string, string, RtpPacketInput]> = [
    [
      'plain, marker, PT 96',
      '80e0 0001 00000bb8 11223344 aabbcc',
      { marker: true, payloadType: 96, sequenceNumber: 1, timestamp: 3000, ssrc: 0x11223344, payload: hex('aabbcc') },
    ],
    [
      'two CSRCs, PT 0, seq 65535, ts 2^32−1',
      '8200 ffff ffffffff 00000001 00000002 00000003 01',
      { payloadType: 0, sequenceNumber: 65535, timestamp: 0xffffffff, ssrc: 1, csrc: [2, 3], payload: hex('01') },
    ],
    [
      'one-byte header extension (RFC 8285 §4.2)',
      '9060 0010 00000064 0000abcd bede0001 10ff0000 cafe',
      { payloadType: 96, sequenceNumber: 16, timestamp: 100, ssrc: 0xabcd, extension: { profile: 0xbede, data: hex('10ff0000') }, payload: hex('cafe') },
    ],
    [
      'padding of 3 bytes',
      'a060 0002 00000000 00000001 dead 000003',
      { payloadType: 96, sequenceNumber: 2, timestamp: 0, ssrc: 1, paddingLength: 3, payload: hex('dead') },
    ],
  ];

  it.each(cases)('%s: parses', (_name, bytes, fields) => {
    const p = parseRtpPacket(hex(bytes));
    expect(p).toMatchObject({
      marker: fields.marker ?? false,
      payloadType: fields.payloadType,
      sequenceNumber: fields.sequenceNumber,
      timestamp: fields.timestamp,
      ssrc: fields.ssrc,
      csrc: fields.csrc ?? [],
      paddingLength: fields.paddingLength ?? 0,
    });
    expect(p.payload.equals(fields.payload)).toBe(true);
    if (fields.extension) expect(p.extension?.data.equals(fields.extension.data)).toBe(true);
  });

  it.each(cases)('%s: serializes', (_name, bytes, fields) => {
    expect(serializeRtpPacket(fields).toString('hex')).toBe(hex(bytes).toString('hex'));
  });

  it.each<[string, string, string]>([
    ['shorter than 12 bytes', '80600001000000', 'TRUNCATED'],
    ['version 1', '40600001 00000000 00000001', 'VERSION'],
    ['CSRC list past the end', '8f600001 00000000 00000001 00000002', 'TRUNCATED'],
    ['extension header past the end', '90600001 00000000 00000001 bede', 'TRUNCATED'],
    ['extension data past the end', '90600001 00000000 00000001 bede0002 00000000', 'TRUNCATED'],
    ['padding count 0', 'a0600001 00000000 00000001 aa00', 'INVALID'],
    ['padding longer than the payload', 'a0600001 00000000 00000001 aa05', 'TRUNCATED'],
  ])('rejects %s with RtpError %s', (_name, bytes, code) => {
    expect(() => parseRtpPacket(hex(bytes))).toThrow(expect.objectContaining({ name: 'RtpError', code }));
  });

  it('round-trips any header (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({
          marker: fc.boolean(),
          payloadType: fc.integer({ min: 0, max: 127 }),
          sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.integer({ min: 0, max: 0xffffffff }),
          ssrc: fc.integer({ min: 0, max: 0xffffffff }),
          csrc: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
          paddingLength: fc.integer({ min: 0, max: 255 }),
          payload: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
          ext: fc.option(fc.record({ profile: fc.integer({ min: 0, max: 0xffff }), words: fc.uint8Array({ maxLength: 16 }) })),
        }),
        (r) => {
          const input: RtpPacketInput = { ...r };
          if (r.ext) {
            const data = Buffer.alloc(Math.ceil(r.ext.words.length / 4) * 4);
            Buffer.from(r.ext.words).copy(data);
            input.extension = { profile: r.ext.profile, data };
          }
          const p = parseRtpPacket(serializeRtpPacket(input));
          expect(p).toMatchObject({ marker: r.marker, payloadType: r.payloadType, sequenceNumber: r.sequenceNumber, timestamp: r.timestamp, ssrc: r.ssrc, csrc: r.csrc, paddingLength: r.paddingLength });
          expect(p.payload.equals(r.payload)).toBe(true);
          if (input.extension) expect(p.extension).toEqual(input.extension);
        },
      ),
    );
  });

  it('throws only RtpError on arbitrary bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          parseRtpPacket(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(RtpError);
        }
      }),
    );
  });
});

describe('header extension elements (RFC 8285)', () => {
  it('parses the one-byte form with padding between elements', () => {
    // id 1 with 1 byte, a padding byte, id 2 with 1 byte, padding to the word boundary.
    const els = parseExtensionElements({ profile: 0xbede, data: hex('10aa0020 11000000') })!;
    expect(els.map((e) => [e.id, e.data.toString('hex')])).toEqual([[1, 'aa'], [2, '11']]);
  });

  it('stops at id 15 (reserved)', () => {
    expect(parseExtensionElements({ profile: 0xbede, data: hex('10aaf0bb') })!.map((e) => e.id)).toEqual([1]);
  });

  it('parses the two-byte form, including empty elements', () => {
    const els = parseExtensionElements({ profile: 0x1000, data: hex('0102abcd 2000 0000') })!;
    expect(els.map((e) => [e.id, e.data.toString('hex')])).toEqual([[1, 'abcd'], [32, '']]);
  });

  it('leaves other profiles alone', () => {
    expect(parseExtensionElements({ profile: 0x1234, data: hex('00000000') })).toBeUndefined();
  });

  it.each([
    ['one-byte', [{ id: 3, data: hex('0102') }, { id: 14, data: Buffer.alloc(16, 7) }], 0xbede],
    ['two-byte (id > 14)', [{ id: 200, data: hex('01') }], 0x1000],
    ['two-byte (17 bytes)', [{ id: 1, data: Buffer.alloc(17, 9) }], 0x1000],
  ])('builds the %s form and parses it back', (_n, elements, profile) => {
    const ext = buildExtensionElements(elements);
    expect(ext.profile).toBe(profile);
    expect(ext.data.length % 4).toBe(0);
    expect(parseExtensionElements(ext)).toEqual(elements);
  });

  it('reports a truncated element', () => {
    expect(() => parseExtensionElements({ profile: 0xbede, data: hex('13aabb00') })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});
