// AMF0 (Adobe "Action Message Format – AMF 0", Dec 2007): the encoding of RTMP commands
// (type 20), data messages (type 18, e.g. onMetaData) and FLV script tags.
//
// Decoding is bounded by the input: every length and count is checked against the remaining
// bytes, nesting is limited, and a reference may only point at an object already complete (a
// cyclic graph from the wire would hang consumers that walk it).
import { AmfError } from './errors';
import { Amf3Decoder } from './amf3';
import {
  AmfEcmaArray,
  DEFAULT_AMF_MAX_DEPTH,
  type AmfDecodeOptions,
  type AmfObject,
  type AmfValue,
} from './amf-value';

/** AMF0 §2.1 type markers. */
export const Amf0Marker = {
  Number: 0x00,
  Boolean: 0x01,
  String: 0x02,
  Object: 0x03,
  MovieClip: 0x04,
  Null: 0x05,
  Undefined: 0x06,
  Reference: 0x07,
  EcmaArray: 0x08,
  ObjectEnd: 0x09,
  StrictArray: 0x0a,
  Date: 0x0b,
  LongString: 0x0c,
  Unsupported: 0x0d,
  RecordSet: 0x0e,
  XmlDocument: 0x0f,
  TypedObject: 0x10,
  AvmPlus: 0x11,
} as const;

class Amf0Decoder {
  pos: number;
  private readonly refs: AmfValue[] = [];
  private readonly open = new Set<number>();
  private readonly maxDepth: number;

  constructor(
    private readonly buf: Buffer,
    offset: number,
    private readonly options: AmfDecodeOptions,
  ) {
    this.pos = offset;
    this.maxDepth = options.maxDepth ?? DEFAULT_AMF_MAX_DEPTH;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new AmfError('TRUNCATED', 'AMF0 value truncated', this.pos);
  }

  private readUtf8(length: number): string {
    if (length > this.buf.length - this.pos) {
      throw new AmfError('TRUNCATED', `AMF0 string of ${length} bytes runs past the input`, this.pos);
    }
    const s = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  private readShortString(): string {
    this.need(2);
    const length = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return this.readUtf8(length);
  }

  private readLongString(): string {
    this.need(4);
    const length = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return this.readUtf8(length);
  }

  private enter(depth: number): void {
    if (depth >= this.maxDepth) throw new AmfError('DEPTH_EXCEEDED', `AMF0 nesting deeper than ${this.maxDepth}`, this.pos);
  }

  readValue(depth: number): AmfValue {
    this.need(1);
    const marker = this.buf[this.pos++];
    switch (marker) {
      case Amf0Marker.Number:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleBE(this.pos - 8);
      case Amf0Marker.Boolean:
        this.need(1);
        return this.buf[this.pos++] !== 0;
      case Amf0Marker.String:
        return this.readShortString();
      case Amf0Marker.LongString:
      case Amf0Marker.XmlDocument:
        return this.readLongString();
      case Amf0Marker.Null:
        return null;
      case Amf0Marker.Undefined:
      case Amf0Marker.Unsupported:
        return undefined;
      case Amf0Marker.Object:
        return this.readProperties(depth, false);
      case Amf0Marker.TypedObject:
        this.readShortString(); // class name: Relaybox has no classes to map it to
        return this.readProperties(depth, false);
      case Amf0Marker.EcmaArray:
        this.need(4);
        this.pos += 4; // the count is a hint; the properties end with the object-end marker
        return this.readProperties(depth, true);
      case Amf0Marker.StrictArray:
        return this.readStrictArray(depth);
      case Amf0Marker.Date: {
        this.need(10);
        const ms = this.buf.readDoubleBE(this.pos);
        this.pos += 10; // the time zone (S16) "should be 0" and is ignored (§2.13)
        return new Date(ms);
      }
      case Amf0Marker.Reference: {
        this.need(2);
        const index = this.buf.readUInt16BE(this.pos);
        this.pos += 2;
        if (index >= this.refs.length) throw new AmfError('BAD_REFERENCE', `AMF0 reference ${index} undefined`, this.pos - 2);
        if (this.open.has(index)) throw new AmfError('BAD_REFERENCE', `AMF0 reference ${index} to an object still being decoded`, this.pos - 2);
        return this.refs[index];
      }
      case Amf0Marker.AvmPlus: {
        // §3.1: the following value is AMF3, with its own reference tables.
        const d = new Amf3Decoder(this.buf, this.pos, this.options, depth);
        const value = d.readValue();
        this.pos = d.offset;
        return value;
      }
      case Amf0Marker.ObjectEnd:
        throw new AmfError('UNKNOWN_MARKER', 'AMF0 object-end marker outside an object', this.pos - 1);
      default:
        throw new AmfError('UNKNOWN_MARKER', `unknown or reserved AMF0 marker 0x${marker.toString(16)}`, this.pos - 1);
    }
  }

  /** §2.5/§2.10: properties up to an empty name followed by the object-end marker. */
  private readProperties(depth: number, ecmaArray: boolean): AmfObject {
    this.enter(depth);
    const obj = Object.create(null) as AmfObject;
    const index = this.refs.push(obj) - 1;
    this.open.add(index);
    for (;;) {
      // Some encoders end a top-level ECMA array (onMetaData) at the end of the data without
      // the object-end marker; FFmpeg accepts that, so do we.
      if (ecmaArray && this.pos === this.buf.length) break;
      this.need(2);
      const keyLength = this.buf.readUInt16BE(this.pos);
      if (keyLength === 0 && this.pos + 2 < this.buf.length && this.buf[this.pos + 2] === Amf0Marker.ObjectEnd) {
        this.pos += 3;
        break;
      }
      const key = this.readShortString();
      obj[key] = this.readValue(depth + 1);
    }
    this.open.delete(index);
    return obj;
  }

  private readStrictArray(depth: number): AmfValue[] {
    this.enter(depth);
    this.need(4);
    const count = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    // Every value takes at least one byte.
    if (count > this.buf.length - this.pos) {
      throw new AmfError('LIMIT_EXCEEDED', `AMF0 strict array of ${count} items exceeds the input`, this.pos - 4);
    }
    const arr: AmfValue[] = [];
    const index = this.refs.push(arr) - 1;
    this.open.add(index);
    for (let i = 0; i < count; i++) arr.push(this.readValue(depth + 1));
    this.open.delete(index);
    return arr;
  }
}

/** Decodes one AMF0 value at `offset`; returns it and the offset after it. */
export function decodeAmf0(buf: Buffer, offset = 0, options: AmfDecodeOptions = {}): { value: AmfValue; offset: number } {
  const d = new Amf0Decoder(buf, offset, options);
  const value = d.readValue(0);
  return { value, offset: d.pos };
}

/**
 * Decodes consecutive AMF0 values until the buffer ends (a command or data message body).
 * They share one reference table, as in a message.
 */
export function decodeAmf0Values(buf: Buffer, options: AmfDecodeOptions = {}, offset = 0): AmfValue[] {
  const d = new Amf0Decoder(buf, offset, options);
  const values: AmfValue[] = [];
  while (d.pos < buf.length) values.push(d.readValue(0));
  return values;
}

/** Grows one buffer while encoding, so a command costs one allocation in the common case. */
class Amf0Writer {
  buf = Buffer.allocUnsafe(256);
  pos = 0;
  constructor(private readonly maxDepth: number) {}

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private double(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  private utf8(s: string, long: boolean): void {
    const length = Buffer.byteLength(s, 'utf8');
    if (!long && length > 0xffff) throw new AmfError('UNENCODABLE', `AMF0 property name of ${length} bytes exceeds 65535`);
    this.ensure((long ? 4 : 2) + length);
    if (long) this.pos = this.buf.writeUInt32BE(length, this.pos);
    else this.pos = this.buf.writeUInt16BE(length, this.pos);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private properties(obj: AmfObject, depth: number): void {
    for (const key of Object.keys(obj)) {
      this.utf8(key, false);
      this.value(obj[key], depth + 1);
    }
    this.byte(0);
    this.byte(0);
    this.byte(Amf0Marker.ObjectEnd);
  }

  value(v: AmfValue, depth: number): void {
    if (depth > this.maxDepth) throw new AmfError('UNENCODABLE', `AMF0 value nested deeper than ${this.maxDepth} (a cycle?)`);
    if (v === null) return this.byte(Amf0Marker.Null);
    switch (typeof v) {
      case 'undefined':
        return this.byte(Amf0Marker.Undefined);
      case 'number':
        this.byte(Amf0Marker.Number);
        return this.double(v);
      case 'boolean':
        this.byte(Amf0Marker.Boolean);
        return this.byte(v ? 1 : 0);
      case 'string': {
        const long = Buffer.byteLength(v, 'utf8') > 0xffff;
        this.byte(long ? Amf0Marker.LongString : Amf0Marker.String);
        return this.utf8(v, long);
      }
      case 'object':
        break;
      default:
        throw new AmfError('UNENCODABLE', `AMF0 cannot encode a ${typeof v}`);
    }
    if (v instanceof Date) {
      this.byte(Amf0Marker.Date);
      this.double(v.getTime());
      this.byte(0);
      return this.byte(0);
    }
    if (Array.isArray(v)) {
      this.byte(Amf0Marker.StrictArray);
      this.ensure(4);
      this.pos = this.buf.writeUInt32BE(v.length, this.pos);
      for (const item of v) this.value(item, depth + 1);
      return;
    }
    if (v instanceof AmfEcmaArray) {
      this.byte(Amf0Marker.EcmaArray);
      this.ensure(4);
      this.pos = this.buf.writeUInt32BE(Object.keys(v.entries).length, this.pos);
      return this.properties(v.entries, depth);
    }
    if (Buffer.isBuffer(v)) throw new AmfError('UNENCODABLE', 'AMF0 has no byte-array type');
    this.byte(Amf0Marker.Object);
    this.properties(v, depth);
  }
}

/** Encodes values back to back (a command is name, transaction id, object, arguments…). */
export function encodeAmf0(...values: AmfValue[]): Buffer {
  const w = new Amf0Writer(DEFAULT_AMF_MAX_DEPTH);
  for (const v of values) w.value(v, 0);
  return w.buf.subarray(0, w.pos);
}
