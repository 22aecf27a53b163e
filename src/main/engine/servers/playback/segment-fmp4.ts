// Reading an fMP4 recording segment without loading it whole: the init segment (ftyp+moov) and
// then one moof+mdat pair at a time. A file cut short by a crash ends at its last complete pair
// (the recorder appends whole parts, so everything before the cut is intact).
import { open, type FileHandle } from 'node:fs/promises';
import { parseFragments, parseInitSegment, type InitTrack, type ParsedFragment } from '../../protocols/fmp4/box-parser';

interface BoxHead {
  type: string;
  offset: number;
  size: number;
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

/** Top-level box headers of the file; stops at the first box that runs past the end. */
async function boxHeads(fh: FileHandle): Promise<BoxHead[]> {
  const { size: fileSize } = await fh.stat();
  const out: BoxHead[] = [];
  let pos = 0;
  while (pos + 8 <= fileSize) {
    const h = await readAt(fh, pos, 16);
    if (h.length < 8) break;
    let size = h.readUInt32BE(0);
    const type = h.toString('latin1', 4, 8);
    if (size === 1) {
      if (h.length < 16) break;
      size = Number(h.readBigUInt64BE(8));
    } else if (size === 0) size = fileSize - pos;
    if (size < 8 || pos + size > fileSize) break;
    out.push({ type, offset: pos, size });
    pos += size;
  }
  return out;
}

export class Fmp4SegmentFile {
  private constructor(
    private readonly fh: FileHandle,
    /** ftyp + moov bytes. */
    readonly init: Buffer,
    readonly tracks: InitTrack[],
    /** Offsets and total sizes of the moof+mdat pairs, in file order. */
    private readonly pairs: { offset: number; size: number }[],
  ) {}

  static async open(file: string): Promise<Fmp4SegmentFile> {
    const fh = await open(file, 'r');
    try {
      const heads = await boxHeads(fh);
      const ftyp = heads.find((b) => b.type === 'ftyp');
      const moov = heads.find((b) => b.type === 'moov');
      if (!ftyp || !moov) throw new Error(`${file}: not an fMP4 recording (no ftyp/moov)`);
      const init = Buffer.concat([await readAt(fh, ftyp.offset, ftyp.size), await readAt(fh, moov.offset, moov.size)]);
      const pairs: { offset: number; size: number }[] = [];
      for (let i = 0; i + 1 < heads.length; i++) {
        if (heads[i].type === 'moof' && heads[i + 1].type === 'mdat') {
          pairs.push({ offset: heads[i].offset, size: heads[i].size + heads[i + 1].size });
          i++;
        }
      }
      return new Fmp4SegmentFile(fh, init, parseInitSegment(init), pairs);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get fragmentCount(): number {
    return this.pairs.length;
  }

  async fragment(i: number): Promise<ParsedFragment> {
    const p = this.pairs[i];
    const [frag] = parseFragments(await readAt(this.fh, p.offset, p.size));
    return frag;
  }

  async *fragments(): AsyncGenerator<ParsedFragment> {
    for (let i = 0; i < this.pairs.length; i++) yield this.fragment(i);
  }

  /** Seconds from 0 to the end of the last sample (the recorder starts every segment at 0). */
  async duration(): Promise<number> {
    let end = 0;
    // The last fragments hold the latest samples of every track.
    for (let i = Math.max(0, this.pairs.length - 3); i < this.pairs.length; i++) {
      for (const traf of (await this.fragment(i)).tracks) {
        const ts = this.timescaleOf(traf.trackId);
        const last = traf.samples[traf.samples.length - 1];
        if (ts && last) end = Math.max(end, (last.dts + last.duration) / ts);
      }
    }
    return end;
  }

  timescaleOf(trackId: number): number {
    return this.tracks.find((t) => t.trackId === trackId)?.timescale ?? 0;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
