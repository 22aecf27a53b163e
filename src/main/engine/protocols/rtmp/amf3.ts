// AMF3 decoder (Adobe "Action Message Format – AMF 3", Jan 2013), enough for AMF3 data and
// command messages (RTMP types 15/17) and the AMF0 avmplus switch (marker 0x11). Encoding is not
// needed: Relaybox answers in AMF0, which every client accepts.
//
// Every length and count is checked against the remaining bytes before anything is allocated,
// and the reference tables only grow by values actually read, so memory stays proportional to
// the input.
import { AmfError } from './errors';
import { DEFAULT_AMF_MAX_DEPTH, type AmfDecodeOptions, type AmfObject, type AmfValue } from './amf-value';

const enum Amf3Marker {
  Undefined = 0x00,
  Null = 0x01,
  False = 0x02,
  True = 0x03,
  Integer = 0x04,
  Double = 0x05,
  String = 0x06,
  XmlDoc = 0x07,
  Date = 0x08,
  Array = 0x09,
  Object = 0x0a,
  Xml = 0x0b,
  ByteArray = 0x0c,
  VectorInt = 0x0d,
  VectorUint = 0x0e,
  VectorDouble = 0x0f,
  VectorObject = 0x10,
  Dictionary = 0x11,
}

interface Amf3Traits {
  className: string;
  dynamic: boolean;
  sealed: string[];
}

/** One AMF3 decoding context: the three reference tables of §2.2 of the spec. */
export class Amf3Decoder {
  private pos: number;
  private readonly strings: string[] = [];
  private readonly objects: AmfValue[] = [];
  /** Objects whose members are still being read; a reference to one would build a cycle. */
  private readonly open = new Set<number>();
  private readonly traits: Amf3Traits[] = [];
  private readonly maxDepth: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
    options: AmfDecodeOptions = {},
    private readonly baseDepth = 0,
  ) {
    this.pos = offset;
    this.maxDepth = options.maxDepth ?? DEFAULT_AMF_MAX_DEPTH;
  }

  get offset(): number {
    return this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new AmfError('TRUNCATED', 'AMF3 value truncated', this.pos);
  }

  /** §1.3.1 U29: 1–4 bytes; the first three carry 7 bits each, the fourth 8. */
  private readU29(): number {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      this.need(1);
      const b = this.buf[this.pos++];
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) return value;
    }
    this.need(1);
    return ((value << 8) | this.buf[this.pos++]) >>> 0;
  }

  private readUtf8(length: number): string {
    if (length > this.buf.length - this.pos) {
      throw new AmfError('LIMIT_EXCEEDED', `AMF3 string of ${length} bytes exceeds the input`, this.pos);
    }
    const s = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  /** §3.8 UTF-8-vr: a string or a reference into the string table; "" is never referenced. */
  private readString(): string {
    const header = this.readU29();
    if ((header & 1) === 0) {
      const index = header >>> 1;
      if (index >= this.strings.length) throw new AmfError('BAD_REFERENCE', `AMF3 string reference ${index} undefined`, this.pos);
      return this.strings[index];
    }
    const s = this.readUtf8(header >>> 1);
    if (s.length > 0) this.strings.push(s);
    return s;
  }

  private objectReference(header: number): AmfValue {
    const index = header >>> 1;
    if (index >= this.objects.length) throw new AmfError('BAD_REFERENCE', `AMF3 object reference ${index} undefined`, this.pos);
    if (this.open.has(index)) throw new AmfError('BAD_REFERENCE', `AMF3 object reference ${index} to an object still being decoded`, this.pos);
    return this.objects[index];
  }

  /** Reserves a slot in the object table (references count in order of appearance). */
  private register(value: AmfValue): number {
    this.objects.push(value);
    return this.objects.length - 1;
  }

  readValue(depth = this.baseDepth): AmfValue {
    this.need(1);
    const marker = this.buf[this.pos++];
    switch (marker) {
      case Amf3Marker.Undefined:
        return undefined;
      case Amf3Marker.Null:
        return null;
      case Amf3Marker.False:
        return false;
      case Amf3Marker.True:
        return true;
      case Amf3Marker.Integer: {
        const v = this.readU29();
        return v & 0x10000000 ? v - 0x20000000 : v; // sign-extend 29 bits
      }
      case Amf3Marker.Double:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleBE(this.pos - 8);
      case Amf3Marker.String:
        return this.readString();
      case Amf3Marker.XmlDoc:
      case Amf3Marker.Xml: {
        const header = this.readU29();
        if ((header & 1) === 0) return this.objectReference(header);
        const s = this.readUtf8(header >>> 1);
        this.register(s);
        return s;
      }
      case Amf3Marker.Date: {
        const header = this.readU29();
        if ((header & 1) === 0) return this.objectReference(header);
        this.need(8);
        const d = new Date(this.buf.readDoubleBE(this.pos));
        this.pos += 8;
        this.register(d);
        return d;
      }
      case Amf3Marker.ByteArray: {
        const header = this.readU29();
        if ((header & 1) === 0) return this.objectReference(header);
        const length = header >>> 1;
        if (length > this.buf.length - this.pos) {
          throw new AmfError('LIMIT_EXCEEDED', `AMF3 byte array of ${length} bytes exceeds the input`, this.pos);
        }
        const bytes = Buffer.from(this.buf.subarray(this.pos, this.pos + length));
        this.pos += length;
        this.register(bytes);
        return bytes;
      }
      case Amf3Marker.Array:
        return this.readArray(depth);
      case Amf3Marker.Object:
        return this.readObject(depth);
      case Amf3Marker.VectorInt:
      case Amf3Marker.VectorUint:
      case Amf3Marker.VectorDouble:
      case Amf3Marker.VectorObject:
      case Amf3Marker.Dictionary:
        throw new AmfError('UNSUPPORTED', `AMF3 marker 0x${marker.toString(16)} (vector/dictionary) is not supported`, this.pos - 1);
      default:
        throw new AmfError('UNKNOWN_MARKER', `unknown AMF3 marker 0x${marker.toString(16)}`, this.pos - 1);
    }
  }

  private enter(depth: number): void {
    if (depth >= this.maxDepth) throw new AmfError('DEPTH_EXCEEDED', `AMF3 nesting deeper than ${this.maxDepth}`, this.pos);
  }

  /**
   * §3.11: associative part (key/value pairs up to ""), then `count` dense items. Without an
   * associative part this is a JS array; with one, an object holding both (dense items under
   * their indices), since JS arrays with string keys do not survive most consumers.
   */
  private readArray(depth: number): AmfValue {
    const header = this.readU29();
    if ((header & 1) === 0) return this.objectReference(header);
    this.enter(depth);
    const count = header >>> 1;
    if (count > this.buf.length - this.pos) {
      throw new AmfError('LIMIT_EXCEEDED', `AMF3 array of ${count} items exceeds the input`, this.pos);
    }
    const dense: AmfValue[] = [];
    const index = this.register(dense);
    this.open.add(index);
    let assoc: AmfObject | undefined;
    for (;;) {
      const key = this.readString();
      if (key === '') break;
      assoc ??= Object.create(null) as AmfObject;
      assoc[key] = this.readValue(depth + 1);
    }
    for (let i = 0; i < count; i++) dense.push(this.readValue(depth + 1));
    this.open.delete(index);
    if (!assoc) return dense;
    dense.forEach((v, i) => (assoc[String(i)] = v));
    this.objects[index] = assoc;
    return assoc;
  }

  /** §3.12: traits (inline or referenced), sealed members, then dynamic members up to "". */
  private readObject(depth: number): AmfValue {
    const header = this.readU29();
    if ((header & 1) === 0) return this.objectReference(header);
    this.enter(depth);
    let traits: Amf3Traits;
    if ((header & 2) === 0) {
      const t = this.traits[header >>> 2];
      if (!t) throw new AmfError('BAD_REFERENCE', `AMF3 traits reference ${header >>> 2} undefined`, this.pos);
      traits = t;
    } else if ((header & 4) !== 0) {
      const className = this.readString();
      throw new AmfError('UNSUPPORTED', `AMF3 externalizable object "${className}" cannot be decoded without its class`, this.pos);
    } else {
      const sealedCount = header >>> 4;
      const className = this.readString();
      // Each sealed member name and value takes at least one byte.
      if (sealedCount > this.buf.length - this.pos) {
        throw new AmfError('LIMIT_EXCEEDED', `AMF3 traits with ${sealedCount} members exceed the input`, this.pos);
      }
      const sealed: string[] = [];
      for (let i = 0; i < sealedCount; i++) sealed.push(this.readString());
      traits = { className, dynamic: (header & 8) !== 0, sealed };
      this.traits.push(traits);
    }
    const obj = Object.create(null) as AmfObject;
    const index = this.register(obj);
    this.open.add(index);
    for (const name of traits.sealed) obj[name] = this.readValue(depth + 1);
    if (traits.dynamic) {
      for (;;) {
        const key = this.readString();
        if (key === '') break;
        obj[key] = this.readValue(depth + 1);
      }
    }
    this.open.delete(index);
    return obj;
  }
}

/** Decodes one AMF3 value at `offset`; returns it and the offset after it. */
export function decodeAmf3(buf: Buffer, offset = 0, options: AmfDecodeOptions = {}): { value: AmfValue; offset: number } {
  const d = new Amf3Decoder(buf, offset, options);
  const value = d.readValue();
  return { value, offset: d.offset };
}

/** Decodes consecutive AMF3 values sharing one reference context until the buffer ends. */
export function decodeAmf3Values(buf: Buffer, options: AmfDecodeOptions = {}): AmfValue[] {
  const d = new Amf3Decoder(buf, 0, options);
  const values: AmfValue[] = [];
  while (d.offset < buf.length) values.push(d.readValue());
  return values;
}
