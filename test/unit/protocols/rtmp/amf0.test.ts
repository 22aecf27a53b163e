import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAmf0, decodeAmf0Values, encodeAmf0 } from '../../../../src/main/engine/protocols/rtmp/amf0';
import { AmfEcmaArray, type AmfValue } from '../../../../src/main/engine/protocols/rtmp/amf-value';
import { AmfError } from '../../../../src/main/engine/protocols/rtmp/errors';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const obj = (o: Record<string, AmfValue>) => Object.assign(Object.create(null), o) as Record<string, AmfValue>;

// One table for decoding and encoding (gortsplib style): value ⇄ bytes.
const symmetric: Array<[string, AmfValue, string]> = [
  ['number 0', 0, '00 0000000000000000'],
  ['number 1', 1, '00 3ff0000000000000'],
  ['number -2000 (FFmpeg play start)', -2000, '00 c09f400000000000'],
  ['boolean true', true, '01 01'],
  ['boolean false', false, '01 00'],
  ['string', 'connect', '02 0007 636f6e6e656374'],
  ['empty string', '', '02 0000'],
  ['UTF-8 string', 'é', '02 0002 c3a9'],
  ['null', null, '05'],
  ['undefined', undefined, '06'],
  ['object', obj({ app: 'live', n: 2 }), '03 0003 617070 02 0004 6c697665 0001 6e 00 4000000000000000 000009'],
  ['empty object', obj({}), '03 000009'],
  ['strict array', [1, 'a'], '0a 00000002 00 3ff0000000000000 02 0001 61'],
  ['date', new Date(1700000000000), '0b 4278bcfe56800000 0000'],
];

describe('AMF0', () => {
  it.each(symmetric)('decodes %s', (_name, value, wire) => {
    expect(decodeAmf0(hex(wire))).toEqual({ value, offset: hex(wire).length });
  });

  it.each(symmetric)('encodes %s', (_name, value, wire) => {
    expect(encodeAmf0(value).toString('hex')).toBe(wire.replace(/\s+/g, ''));
  });

  it('encodes and decodes an ECMA array (onMetaData, as FFmpeg writes it)', () => {
    const wire = '08 00000001 0005 7769647468 00 4084000000000000 000009';
    expect(encodeAmf0(new AmfEcmaArray({ width: 640 })).toString('hex')).toBe(wire.replace(/\s+/g, ''));
    expect(decodeAmf0(hex(wire)).value).toEqual(obj({ width: 640 }));
  });

  it('decodes an ECMA array whose count is wrong, or that ends without the end marker', () => {
    expect(decodeAmf0(hex('08 00000063 0001 61 01 01 000009')).value).toEqual(obj({ a: true }));
    expect(decodeAmf0(hex('08 00000001 0001 61 01 01')).value).toEqual(obj({ a: true }));
  });

  it('decodes long strings, XML documents, typed objects and Unsupported', () => {
    expect(decodeAmf0(hex('0c 00000003 616263')).value).toBe('abc');
    expect(decodeAmf0(hex('0f 00000003 3c612f')).value).toBe('<a/');
    expect(decodeAmf0(hex('10 0003 466f6f 0001 78 05 000009')).value).toEqual(obj({ x: null }));
    expect(decodeAmf0(hex('0d')).value).toBeUndefined();
  });

  it('encodes strings over 65535 bytes as long strings', () => {
    const s = 'x'.repeat(70000);
    const wire = encodeAmf0(s);
    expect(wire[0]).toBe(0x0c);
    expect(wire.readUInt32BE(1)).toBe(70000);
    expect(decodeAmf0(wire).value).toBe(s);
  });

  it('resolves references to earlier complete objects (§2.9)', () => {
    // [ {a:1}, ref 1 ] : the array is reference 0, the object reference 1.
    const values = decodeAmf0(hex('0a 00000002 03 0001 61 00 3ff0000000000000 000009 07 0001')).value as AmfValue[];
    expect(values[1]).toBe(values[0]);
  });

  it('keeps "__proto__" from the wire as a plain property', () => {
    const value = decodeAmf0(hex('03 0009 5f5f70726f746f5f5f 01 01 000009')).value as Record<string, AmfValue>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(value.__proto__).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes the AMF3 switch marker (0x11) inside AMF0', () => {
    // 0x11, then AMF3 integer 5, then AMF0 null.
    expect(decodeAmf0Values(hex('11 04 05 05'))).toEqual([5, null]);
  });

  it('decodes consecutive values sharing one reference table', () => {
    expect(decodeAmf0Values(hex('03 000009 07 0000'))).toEqual([obj({}), obj({})]);
  });

  const bad: Array<[string, string, string]> = [
    ['empty input', '', 'TRUNCATED'],
    ['truncated number', '00 3ff0', 'TRUNCATED'],
    ['string longer than the input', '02 0010 6162', 'TRUNCATED'],
    ['long string longer than the input', '0c ffffffff 61', 'TRUNCATED'],
    ['object without end', '03 0001 61 05', 'TRUNCATED'],
    ['strict array claiming 2^32-1 items (no allocation)', '0a ffffffff 05', 'LIMIT_EXCEEDED'],
    ['reference to nothing', '07 0000', 'BAD_REFERENCE'],
    ['reference to the object being decoded (a cycle)', '03 0001 61 07 0000 000009', 'BAD_REFERENCE'],
    ['MovieClip (reserved)', '04', 'UNKNOWN_MARKER'],
    ['RecordSet (reserved)', '0e', 'UNKNOWN_MARKER'],
    ['object end outside an object', '09', 'UNKNOWN_MARKER'],
    ['unknown marker', '12', 'UNKNOWN_MARKER'],
    ['AMF3 externalizable via switch', '11 0a 07 0178', 'UNSUPPORTED'],
  ];

  it.each(bad)('rejects %s with AmfError %s', (_name, wire, code) => {
    expect(() => decodeAmf0(hex(wire))).toThrow(expect.objectContaining({ name: 'AmfError', code }));
  });

  it('limits nesting depth when decoding and encoding', () => {
    // 20 nested strict arrays of one item each: (0a 00000001) × 20, then null.
    const deep = Buffer.concat([Buffer.from('0a00000001'.repeat(20), 'hex'), Buffer.from([5])]);
    expect(decodeAmf0(deep, 0, { maxDepth: 100 }).value).toBeDefined();
    expect(() => decodeAmf0(deep, 0, { maxDepth: 10 })).toThrow(expect.objectContaining({ code: 'DEPTH_EXCEEDED' }));
    const cyclic: Record<string, AmfValue> = {};
    cyclic.self = cyclic;
    expect(() => encodeAmf0(cyclic)).toThrow(expect.objectContaining({ code: 'UNENCODABLE' }));
  });

  it('refuses values AMF0 cannot carry', () => {
    expect(() => encodeAmf0(Buffer.from('x'))).toThrow(AmfError);
    expect(() => encodeAmf0((() => 1) as unknown as AmfValue)).toThrow(AmfError);
  });

  it('round-trips arbitrary values (property)', () => {
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.double(),
        fc.boolean(),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constant(null),
        fc.constant(undefined),
        fc.date({ noInvalidDate: true }),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 5 }).map((d) => obj(d as Record<string, AmfValue>)),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeAmf0(encodeAmf0(v as AmfValue)).value).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
