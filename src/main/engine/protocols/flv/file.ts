// FLV file framing (FLV 10.1 §E.2–E.4.1): the 9-byte header, then tags of an 11-byte header, a
// body and a 4-byte PreviousTagSize. HTTP-FLV is exactly this over a chunked HTTP response.
import type { AccessUnit, Track } from '../media/types';
import { FlvError } from './errors';
import { flvBodySize, flvTimestampMs, writeFlvBody } from './access-unit';

export const FlvTagType = { Audio: 8, Video: 9, Script: 18 } as const;

/** The FLV header plus PreviousTagSize0: what precedes the first tag. */
export const FLV_FILE_HEADER_SIZE = 13;
export const FLV_TAG_HEADER_SIZE = 11;
const PREVIOUS_TAG_SIZE = 4;

export interface FlvFileHeader {
  version: number;
  hasAudio: boolean;
  hasVideo: boolean;
  /** Offset of the first PreviousTagSize (9 in every known file). */
  dataOffset: number;
}

/** "FLV", version 1, flags, DataOffset 9, PreviousTagSize0 = 0. */
export function buildFlvFileHeader(flags: { audio: boolean; video: boolean }): Buffer {
  const out = Buffer.alloc(FLV_FILE_HEADER_SIZE);
  out.write('FLV', 0, 'latin1');
  out[3] = 1;
  out[4] = (flags.audio ? 4 : 0) | (flags.video ? 1 : 0);
  out.writeUInt32BE(9, 5);
  return out;
}

export function parseFlvFileHeader(buf: Buffer): FlvFileHeader {
  if (buf.length < 9) throw new FlvError('TRUNCATED', 'FLV header truncated');
  if (buf.toString('latin1', 0, 3) !== 'FLV') throw new FlvError('BAD_HEADER', 'not an FLV file (signature)');
  const dataOffset = buf.readUInt32BE(5);
  if (dataOffset < 9) throw new FlvError('BAD_HEADER', `FLV DataOffset ${dataOffset} is below 9`);
  return { version: buf[3], hasAudio: (buf[4] & 4) !== 0, hasVideo: (buf[4] & 1) !== 0, dataOffset };
}

/** Writes an 11-byte tag header; the timestamp wraps to 32 bits (24 bits + extension byte). */
export function writeFlvTagHeader(target: Buffer, pos: number, tagType: number, dataSize: number, timestampMs: number): number {
  if (dataSize > 0xffffff) throw new RangeError(`FLV tag body of ${dataSize} bytes exceeds 24 bits`);
  const ts = timestampMs >>> 0;
  target[pos] = tagType;
  target.writeUIntBE(dataSize, pos + 1, 3);
  target.writeUIntBE(ts & 0xffffff, pos + 4, 3);
  target[pos + 7] = ts >>> 24;
  target.writeUIntBE(0, pos + 8, 3); // StreamID: always 0
  return pos + FLV_TAG_HEADER_SIZE;
}

/** A complete tag: header, body, PreviousTagSize. */
export function buildFlvTag(tagType: number, timestampMs: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(FLV_TAG_HEADER_SIZE + body.length + PREVIOUS_TAG_SIZE);
  let pos = writeFlvTagHeader(out, 0, tagType, body.length, timestampMs);
  pos += body.copy(out, pos);
  out.writeUInt32BE(FLV_TAG_HEADER_SIZE + body.length, pos);
  return out;
}

/**
 * A complete FLV tag for an access unit in one allocation: serialize once per access unit and
 * write the same Buffer to every HTTP-FLV reader.
 */
export function flvTagFromAccessUnit(au: AccessUnit, track: Track): Buffer {
  const bodySize = flvBodySize(au, track);
  const out = Buffer.allocUnsafe(FLV_TAG_HEADER_SIZE + bodySize + PREVIOUS_TAG_SIZE);
  const type = track.kind === 'video' ? FlvTagType.Video : FlvTagType.Audio;
  let pos = writeFlvTagHeader(out, 0, type, bodySize, flvTimestampMs(au, track));
  pos = writeFlvBody(out, pos, au, track);
  out.writeUInt32BE(FLV_TAG_HEADER_SIZE + bodySize, pos);
  return out;
}

export interface FlvTag {
  type: number;
  /** ms, 32 bits as in the file. */
  timestamp: number;
  /** The Filter bit (encrypted/pre-processed body, FLV 10.1 §E.4.1). */
  filtered: boolean;
  body: Buffer;
  /** The PreviousTagSize that followed, for checking (0 until read). */
  previousTagSize: number;
}

export interface FlvTagReaderOptions {
  /** Largest tag body accepted. Default 16 MiB (the 24-bit DataSize's range). */
  maxTagSize?: number;
}

/**
 * Incremental FLV parser (file header, then tags), fed with arbitrary slices; for HTTP-FLV pulls
 * and for reading files. Each tag body is assembled into one buffer of its declared size.
 */
export class FlvTagReader {
  private readonly maxTagSize: number;
  private state: 'header' | 'skip' | 'tagHeader' | 'body' | 'previousTagSize' = 'header';
  private readonly stage = Buffer.allocUnsafe(FLV_TAG_HEADER_SIZE);
  private staged = 0;
  private skipRemaining = 0;
  private tag: FlvTag | undefined;
  private filled = 0;
  private out: FlvTag[] = [];
  header: FlvFileHeader | undefined;

  constructor(options: FlvTagReaderOptions = {}) {
    this.maxTagSize = options.maxTagSize ?? 0xffffff;
  }

  /** Collects `size` bytes into the stage; returns the new position, or -1 when `data` ran out. */
  private collect(data: Buffer, pos: number, size: number): number {
    const n = Math.min(size - this.staged, data.length - pos);
    data.copy(this.stage, this.staged, pos, pos + n);
    this.staged += n;
    if (this.staged < size) return -1;
    this.staged = 0;
    return pos + n;
  }

  /** Returns the tags completed by `data`. Throws FlvError; the reader is then unusable. */
  feed(data: Buffer): FlvTag[] {
    let pos = 0;
    while (pos < data.length) {
      switch (this.state) {
        case 'header': {
          const next = this.collect(data, pos, 9);
          if (next < 0) return this.flush();
          pos = next;
          this.header = parseFlvFileHeader(this.stage);
          // Skip anything between the header and DataOffset, then PreviousTagSize0.
          this.skipRemaining = this.header.dataOffset - 9 + PREVIOUS_TAG_SIZE;
          this.state = 'skip';
          break;
        }
        case 'skip': {
          const n = Math.min(this.skipRemaining, data.length - pos);
          pos += n;
          this.skipRemaining -= n;
          if (this.skipRemaining === 0) this.state = 'tagHeader';
          break;
        }
        case 'tagHeader': {
          const next = this.collect(data, pos, FLV_TAG_HEADER_SIZE);
          if (next < 0) return this.flush();
          pos = next;
          const s = this.stage;
          const size = s.readUIntBE(1, 3);
          if (size > this.maxTagSize) throw new FlvError('TAG_TOO_LARGE', `FLV tag of ${size} bytes exceeds the ${this.maxTagSize}-byte limit`);
          if ((s[0] & 0xc0) !== 0) throw new FlvError('INVALID', `FLV tag header reserved bits set (byte 0x${s[0].toString(16)})`);
          const timestamp = (s.readUIntBE(4, 3) | (s[7] << 24)) >>> 0;
          this.tag = { type: s[0] & 0x1f, timestamp, filtered: (s[0] & 0x20) !== 0, body: Buffer.allocUnsafe(size), previousTagSize: 0 };
          this.filled = 0;
          this.state = size > 0 ? 'body' : 'previousTagSize';
          break;
        }
        case 'body': {
          const tag = this.tag!;
          const n = Math.min(tag.body.length - this.filled, data.length - pos);
          data.copy(tag.body, this.filled, pos, pos + n);
          this.filled += n;
          pos += n;
          if (this.filled === tag.body.length) this.state = 'previousTagSize';
          break;
        }
        case 'previousTagSize': {
          const next = this.collect(data, pos, PREVIOUS_TAG_SIZE);
          if (next < 0) return this.flush();
          pos = next;
          const tag = this.tag!;
          tag.previousTagSize = this.stage.readUInt32BE(0);
          this.out.push(tag);
          this.tag = undefined;
          this.state = 'tagHeader';
          break;
        }
      }
    }
    return this.flush();
  }

  private flush(): FlvTag[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** Parses a whole FLV file held in memory. A final tag without its PreviousTagSize is dropped. */
export function parseFlvFile(buf: Buffer, options?: FlvTagReaderOptions): { header: FlvFileHeader; tags: FlvTag[] } {
  const reader = new FlvTagReader(options);
  const tags = reader.feed(buf);
  if (!reader.header) throw new FlvError('TRUNCATED', 'FLV file shorter than its header');
  return { header: reader.header, tags };
}
