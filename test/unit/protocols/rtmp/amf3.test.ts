import { describe, expect, it } from 'vitest';
import { decodeAmf3, decodeAmf3Values } from '../../../../src/main/engine/protocols/rtmp/amf3';
import type { AmfValue } from '../../../../src/main/engine/protocols/rtmp/amf-value';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const obj = (o: Record<string, AmfValue>) => Object.assign(Object.create(null), o) as Record<string, AmfValue>;

// Byte strings written from the AMF3 specification (Adobe, Jan 2013), §1.3.1 and §3.
const cases: Array<[string, string, AmfValue]> = [
  ['undefined', '00', undefined],
  ['null', '01', null],
  ['false', '02', false],
  ['true', '03', true],
  ['integer 0', '04 00', 0],
  ['integer 127 (1-byte U29)', '04 7f', 127],
  ['integer 128 (2-byte U29)', '04 8100', 128],
  ['integer 16383', '04 ff7f', 16383],
  ['integer 16384 (3-byte U29)', '04 818000', 16384],
  ['integer 2097152 (4-byte U29, last byte 8 bits)', '04 80c08000', 2097152],
  ['integer 2^28 - 1', '04 bfffffff', 268435455],
  ['integer -1 (29-bit two’s complement)', '04 ffffffff', -1],
  ['integer -2^28', '04 c0808000', -268435456],
  ['double 1.5', '05 3ff8000000000000', 1.5],
  ['string', '06 05 6869', 'hi'],
  ['empty string', '06 01', ''],
  ['string reference', '09 05 01 06 05 6869 06 00', ['hi', 'hi']],
  ['date', '08 01 4278bcfe56800000', new Date(1700000000000)],
  ['byte array', '0c 07 010203', Buffer.from([1, 2, 3])],
  ['XML', '0b 07 3c612f', '<a/'],
  ['XML document', '07 07 3c622f', '<b/'],
  ['dense array', '09 07 01 04 01 04 02 04 03', [1, 2, 3]],
  ['associative-only array → object', '09 01 03 61 04 01 01', obj({ a: 1 })],
  ['mixed array → object with indices', '09 03 03 61 04 01 01 04 07', obj({ a: 1, 0: 7 })],
  ['anonymous dynamic object', '0a 0b 01 03 61 04 01 01', obj({ a: 1 })],
  ['sealed object with a class name', '0a 23 03 50 03 78 03 79 04 01 04 02', obj({ x: 1, y: 2 })],
  [
    'traits reference for the second object',
    '09 05 01 0a 23 03 50 03 78 03 79 04 01 04 02 0a 01 04 03 04 04',
    [obj({ x: 1, y: 2 }), obj({ x: 3, y: 4 })],
  ],
  ['sealed + dynamic members', '0a 1b 01 03 78 04 01 03 7a 04 02 01', obj({ x: 1, z: 2 })],
];

describe('AMF3', () => {
  it.each(cases)('decodes %s', (_name, wire, value) => {
    expect(decodeAmf3(hex(wire))).toEqual({ value, offset: hex(wire).length });
  });

  it('resolves object references to the same object', () => {
    const [a, b] = decodeAmf3(hex('09 05 01 0a 0b 01 01 0a 02')).value as AmfValue[];
    expect(b).toBe(a);
  });

  it('shares reference tables across values of one context', () => {
    expect(decodeAmf3Values(hex('06 05 6869 06 00'))).toEqual(['hi', 'hi']);
  });

  const bad: Array<[string, string, string]> = [
    ['empty', '', 'TRUNCATED'],
    ['truncated U29', '04 ff', 'TRUNCATED'],
    ['truncated double', '05 3ff8', 'TRUNCATED'],
    ['string longer than the input', '06 ffffffff', 'LIMIT_EXCEEDED'],
    ['array of 2^28 items in 5 bytes (no allocation)', '09 ffffffff', 'LIMIT_EXCEEDED'],
    ['traits with 2^24 members in 6 bytes', '0a ffffff33 01', 'LIMIT_EXCEEDED'],
    ['string reference to nothing', '06 00', 'BAD_REFERENCE'],
    ['object reference to nothing', '0a 00', 'BAD_REFERENCE'],
    ['traits reference to nothing', '0a 01', 'BAD_REFERENCE'],
    ['array containing itself', '09 03 01 09 00', 'BAD_REFERENCE'],
    ['externalizable object', '0a 07 03 41', 'UNSUPPORTED'],
    ['vector', '0d 03 00 00000001', 'UNSUPPORTED'],
    ['dictionary', '11 01 00', 'UNSUPPORTED'],
    ['unknown marker', '12', 'UNKNOWN_MARKER'],
  ];

  it.each(bad)('rejects %s with AmfError %s', (_name, wire, code) => {
    expect(() => decodeAmf3(hex(wire))).toThrow(expect.objectContaining({ name: 'AmfError', code }));
  });

  it('limits nesting depth', () => {
    const deep = hex('0903 01'.repeat(50) + '01');
    expect(() => decodeAmf3(deep, 0, { maxDepth: 20 })).toThrow(expect.objectContaining({ code: 'DEPTH_EXCEEDED' }));
    expect(decodeAmf3(deep, 0, { maxDepth: 60 }).offset).toBe(deep.length);
  });
});
