// A minimal ISO BMFF reader (ISO/IEC 14496-12 §4.2): the box tree, plus the fields of init
// segments and movie fragments that the HLS source and the muxer tests need.
import { Fmp4Error } from './errors';

export interface Box {
  type: string;
  /** Offset of the box header in the parsed buffer. */
  offset: number;
  size: number;
  /** The bytes after the header (a view). */
  payload: Buffer;
  children?: Box[];
}

/** Boxes that hold only boxes. Sample entries and stsd/dref are read by the field parsers. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf', 'dinf', 'edts', 'udta']);

export function parseBoxes(buf: Buffer, start = 0, end = buf.length): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > end) throw new Fmp4Error('INVALID', `box "${type}" at ${pos}: largesize truncated`);
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = end - pos; // §4.2: extends to the end of the file
    }
    if (size < header || pos + size > end) throw new Fmp4Error('INVALID', `box "${type}" at ${pos}: size ${size} runs past ${end}`);
    const box: Box = { type, offset: pos, size, payload: buf.subarray(pos + header, pos + size) };
    if (CONTAINERS.has(type)) box.children = parseBoxes(buf, pos + header, pos + size);
    boxes.push(box);
    pos += size;
  }
  if (pos !== end) throw new Fmp4Error('INVALID', `${end - pos} trailing bytes after the last box`);
  return boxes;
}

/** The first box at a path like "moov/trak/mdia/mdhd". */
export function findBox(boxes: readonly Box[] | undefined, path: string): Box | undefined {
  const [head, ...rest] = path.split('/');
  const box = boxes?.find((b) => b.type === head);
  if (!box || rest.length === 0) return box;
  return findBox(box.children, rest.join('/'));
}

export function findBoxes(boxes: readonly Box[] | undefined, type: string): Box[] {
  return boxes?.filter((b) => b.type === type) ?? [];
}

export interface InitTrack {
  trackId: number;
  handler: string;
  timescale: number;
  /** Sample entry type: avc1, hvc1, av01, mp4a, Opus, … */
  sampleEntry: string;
  /** The first child box of the sample entry (avcC, hvcC, av1C, esds, dOps): type and payload. */
  config?: { type: string; payload: Buffer };
  width?: number;
  height?: number;
  channels?: number;
  sampleRate?: number;
}

const VISUAL_ENTRY_HEADER = 78;
const AUDIO_ENTRY_HEADER = 28;

export function parseInitSegment(buf: Buffer): InitTrack[] {
  return fieldsInside('init segment', () => readInitSegment(buf));
}

function readInitSegment(buf: Buffer): InitTrack[] {
  const top = parseBoxes(buf);
  const moov = findBox(top, 'moov');
  if (!moov) throw new Fmp4Error('INVALID', 'init segment without moov');
  return findBoxes(moov.children, 'trak').map((trak) => {
    const tkhd = findBox(trak.children, 'tkhd');
    const mdhd = findBox(trak.children, 'mdia/mdhd');
    const hdlr = findBox(trak.children, 'mdia/hdlr');
    const stsd = findBox(trak.children, 'mdia/minf/stbl/stsd');
    if (!tkhd || !mdhd || !hdlr || !stsd) throw new Fmp4Error('INVALID', 'trak without tkhd, mdhd, hdlr or stsd');
    const v1 = (b: Box) => b.payload[0] === 1;
    const track: InitTrack = {
      trackId: tkhd.payload.readUInt32BE(v1(tkhd) ? 20 : 12),
      handler: hdlr.payload.toString('latin1', 8, 12),
      timescale: mdhd.payload.readUInt32BE(v1(mdhd) ? 20 : 12),
      sampleEntry: '',
    };
    // stsd: FullBox header, entry_count, then sample entries (boxes).
    const entry = parseBoxes(stsd.payload, 8, stsd.payload.length)[0];
    if (!entry) return track;
    track.sampleEntry = entry.type;
    const p = entry.payload;
    let childStart: number | undefined;
    if (track.handler === 'vide' && p.length >= VISUAL_ENTRY_HEADER) {
      track.width = p.readUInt16BE(24);
      track.height = p.readUInt16BE(26);
      childStart = VISUAL_ENTRY_HEADER;
    } else if (track.handler === 'soun' && p.length >= AUDIO_ENTRY_HEADER) {
      track.channels = p.readUInt16BE(16);
      track.sampleRate = p.readUInt32BE(24) / 0x10000;
      childStart = AUDIO_ENTRY_HEADER;
    }
    if (childStart !== undefined && childStart + 8 <= p.length) {
      const child = parseBoxes(p, childStart, p.length)[0];
      if (child) track.config = { type: child.type, payload: child.payload };
    }
    return track;
  });
}

export interface TrexDefaults {
  duration: number;
  size: number;
  flags: number;
}

/** Reads consecutive big-endian fields of a box payload. */
class FieldCursor {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): number {
    const v = Number(this.buf.readBigUInt64BE(this.pos));
    this.pos += 8;
    return v;
  }
}

/** Field reads past a box's payload surface as Buffer RangeErrors; report them as INVALID. */
function fieldsInside<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RangeError) throw new Fmp4Error('INVALID', `${what}: a box is shorter than its fields (${e.message})`);
    throw e;
  }
}

export interface ParsedSample {
  dts: number;
  pts: number;
  duration: number;
  flags: number;
  sync: boolean;
  data: Buffer;
}

export interface ParsedTraf {
  trackId: number;
  baseMediaDecodeTime: number;
  samples: ParsedSample[];
}

export interface ParsedFragment {
  sequenceNumber: number;
  tracks: ParsedTraf[];
}

/**
 * Reads moof + mdat pairs from a buffer. Handles what our muxer and common packagers write:
 * tfhd defaults, default-base-is-moof or explicit base offsets, trun versions 0 and 1.
 */
export function parseFragments(buf: Buffer, trexDefaults: ReadonlyMap<number, TrexDefaults> = new Map()): ParsedFragment[] {
  return fieldsInside('fragment', () => readFragments(buf, trexDefaults));
}

function readFragments(buf: Buffer, trexDefaults: ReadonlyMap<number, TrexDefaults>): ParsedFragment[] {
  const top = parseBoxes(buf);
  const out: ParsedFragment[] = [];
  for (const moof of findBoxes(top, 'moof')) {
    const mfhd = findBox(moof.children, 'mfhd');
    const frag: ParsedFragment = { sequenceNumber: mfhd ? mfhd.payload.readUInt32BE(4) : 0, tracks: [] };
    for (const traf of findBoxes(moof.children, 'traf')) {
      const tfhd = findBox(traf.children, 'tfhd');
      if (!tfhd) throw new Fmp4Error('INVALID', 'traf without tfhd');
      const tf = tfhd.payload.readUIntBE(1, 3);
      const h = new FieldCursor(tfhd.payload, 4);
      const trackId = h.u32();
      const trex = trexDefaults.get(trackId);
      // §8.8.7: optional tfhd fields in flag order.
      const base = tf & 0x01 ? h.u64() : moof.offset;
      if (tf & 0x02) h.u32(); // sample_description_index
      const defDuration = tf & 0x08 ? h.u32() : (trex?.duration ?? 0);
      const defSize = tf & 0x10 ? h.u32() : (trex?.size ?? 0);
      const defFlags = tf & 0x20 ? h.u32() : (trex?.flags ?? 0);
      const tfdt = findBox(traf.children, 'tfdt');
      const bmdt = !tfdt ? 0 : tfdt.payload[0] === 1 ? Number(tfdt.payload.readBigUInt64BE(4)) : tfdt.payload.readUInt32BE(4);
      const result: ParsedTraf = { trackId, baseMediaDecodeTime: bmdt, samples: [] };
      let dts = bmdt;
      for (const trun of findBoxes(traf.children, 'trun')) {
        const version = trun.payload[0];
        const rf = trun.payload.readUIntBE(1, 3);
        const r = new FieldCursor(trun.payload, 4);
        const count = r.u32();
        let dataPos = rf & 0x01 ? base + r.i32() : base;
        const firstFlags = rf & 0x04 ? r.u32() : undefined;
        for (let i = 0; i < count; i++) {
          const duration = rf & 0x100 ? r.u32() : defDuration;
          const size = rf & 0x200 ? r.u32() : defSize;
          const flags = rf & 0x400 ? r.u32() : i === 0 && firstFlags !== undefined ? firstFlags : defFlags;
          // trun version 0 stores unsigned offsets, version 1 signed (§8.8.8.2).
          const cto = rf & 0x800 ? (version === 0 ? r.u32() : r.i32()) : 0;
          if (dataPos + size > buf.length) throw new Fmp4Error('INVALID', `sample data of track ${trackId} runs past the buffer`);
          result.samples.push({ dts, pts: dts + cto, duration, flags, sync: (flags & 0x10000) === 0, data: buf.subarray(dataPos, dataPos + size) });
          dts += duration;
          dataPos += size;
        }
      }
      frag.tracks.push(result);
    }
    out.push(frag);
  }
  return out;
}
