// MSB-first bit reader for codec bitstreams (H.264/H.265 RBSPs, AV1 OBUs, AAC configs), with
// Exp-Golomb codes (H.264 §9.1). Reading past the end throws BitstreamError, so a truncated or
// hostile parameter set can never loop or read garbage.

export type BitstreamErrorCode =
  /** The data ended before the syntax did. */
  | 'TRUNCATED'
  /** A value outside the range the specification allows. */
  | 'INVALID'
  /** Valid syntax this parser does not handle (reported, not guessed). */
  | 'UNSUPPORTED';

export class BitstreamError extends Error {
  override readonly name = 'BitstreamError';
  constructor(
    readonly code: BitstreamErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class BitReader {
  private bitPos: number;
  private readonly endBit: number;

  constructor(
    private readonly buf: Buffer,
    /** Byte offset to start at. */
    offset = 0,
    /** What is being read, for error messages ("H.264 SPS"). */
    private readonly what = 'bitstream',
  ) {
    this.bitPos = offset * 8;
    this.endBit = buf.length * 8;
  }

  get bitsLeft(): number {
    return this.endBit - this.bitPos;
  }

  get bitPosition(): number {
    return this.bitPos;
  }

  /** Current byte offset (rounded down). */
  get byteOffset(): number {
    return this.bitPos >>> 3;
  }

  private truncated(): never {
    throw new BitstreamError('TRUNCATED', `${this.what} truncated at bit ${this.bitPos}`);
  }

  readBit(): number {
    if (this.bitPos >= this.endBit) this.truncated();
    const bit = (this.buf[this.bitPos >>> 3] >> (7 - (this.bitPos & 7))) & 1;
    this.bitPos++;
    return bit;
  }

  readFlag(): boolean {
    return this.readBit() === 1;
  }

  /** Reads up to 32 bits as an unsigned number. */
  readBits(n: number): number {
    if (n === 0) return 0;
    if (n > 32) throw new RangeError(`readBits(${n}): at most 32`);
    if (this.bitPos + n > this.endBit) this.truncated();
    let value = 0;
    for (let i = 0; i < n; i++) {
      value = value * 2 + ((this.buf[this.bitPos >>> 3] >> (7 - (this.bitPos & 7))) & 1);
      this.bitPos++;
    }
    return value;
  }

  skipBits(n: number): void {
    if (this.bitPos + n > this.endBit) this.truncated();
    this.bitPos += n;
  }

  /** ue(v), H.264 §9.1. Values need at most 32 leading zeros; more is invalid syntax. */
  readUE(): number {
    let zeros = 0;
    while (this.readBit() === 0) {
      if (++zeros > 31) throw new BitstreamError('INVALID', `${this.what}: Exp-Golomb code longer than 32 bits`);
    }
    return 2 ** zeros - 1 + this.readBits(zeros);
  }

  /** se(v), H.264 §9.1.1. */
  readSE(): number {
    const k = this.readUE();
    if (k % 2 === 1) return (k + 1) / 2;
    return k === 0 ? 0 : -k / 2;
  }

  /** ue(v) that must not exceed `max` (the ranges the specification gives). */
  readUEMax(max: number, field: string): number {
    const v = this.readUE();
    if (v > max) throw new BitstreamError('INVALID', `${this.what}: ${field} = ${v}, at most ${max}`);
    return v;
  }
}
