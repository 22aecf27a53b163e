// Writes ISO BMFF boxes (ISO/IEC 14496-12 §4.2) into one growing buffer: open a box, write its
// fields and children, close it and the 32-bit size is patched in. No intermediate buffers.

export class BoxWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly open: number[] = [];

  constructor(initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Opens a box: size placeholder and four-character type. */
  begin(type: string): this {
    this.open.push(this.pos);
    this.u32(0);
    this.fourCc(type);
    return this;
  }

  /** Opens a FullBox (§4.2.2): box header plus version and 24-bit flags. */
  beginFull(type: string, version: number, flags: number): this {
    this.begin(type);
    return this.u32(((version & 0xff) << 24) | (flags & 0xffffff));
  }

  end(): this {
    const start = this.open.pop();
    if (start === undefined) throw new Error('BoxWriter.end() without an open box');
    this.buf.writeUInt32BE(this.pos - start, start);
    return this;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.buf.writeUIntBE(v, this.pos, 3);
    this.pos += 3;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  u64(v: number): this {
    this.ensure(8);
    this.buf.writeUInt32BE(Math.floor(v / 2 ** 32), this.pos);
    this.buf.writeUInt32BE(v >>> 0, this.pos + 4);
    this.pos += 8;
    return this;
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  fourCc(type: string): this {
    if (type.length !== 4) throw new Error(`box type "${type}" is not four characters`);
    this.ensure(4);
    this.buf.write(type, this.pos, 'latin1');
    this.pos += 4;
    return this;
  }

  bytes(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Patches a u32 written earlier (e.g. trun data_offset once the moof size is known). */
  patchU32(at: number, v: number): void {
    this.buf.writeUInt32BE(v >>> 0, at);
  }

  /** The bytes written so far (a copy-free view; do not keep writing after taking it). */
  finish(): Buffer {
    if (this.open.length > 0) throw new Error(`BoxWriter.finish() with ${this.open.length} box(es) open`);
    return this.buf.subarray(0, this.pos);
  }
}
