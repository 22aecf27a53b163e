// The two /get output formats (MediaMTX's format=fmp4|mp4):
// - fmp4: the recording's init segment, then one re-timed moof+mdat per recorded part, streamed
//   as read (browsers play fragmented MP4 progressively in <video>).
// - mp4: a progressive MP4 (ftyp, moov with complete sample tables, mdat), for players and
//   editors that need a plain file; the span's samples are collected first to build the moov.
import { findBox, findBoxes, parseBoxes, type Box } from '../../protocols/fmp4/box-parser';
import { BoxWriter } from '../../protocols/fmp4/box-writer';
import { buildFragment } from '../../protocols/fmp4/fragment';
import type { RecordingSpan, SpanTrack } from './span';

/** Writes one piece; false when the client went away. */
export type WriteOut = (buf: Buffer) => Promise<boolean>;

export async function writeFmp4(span: RecordingSpan, write: WriteOut): Promise<void> {
  if (!(await write(span.init))) return;
  let seq = 1;
  for await (const batch of span.batches()) {
    const frag = buildFragment(seq++, batch.map((t) => ({ trackId: t.trackId, baseMediaDecodeTime: t.samples[0].dts, samples: t.samples })));
    if (!(await write(frag))) return;
  }
}

interface Mp4Track {
  trackId: number;
  timescale: number;
  samples: SpanTrack['samples'];
  /** Per chunk: index of its first sample and its sample count. */
  chunks: { first: number; count: number }[];
}

const MOVIE_TIMESCALE = 1000;

export async function writeMp4(span: RecordingSpan, write: WriteOut): Promise<void> {
  const tracks = new Map<number, Mp4Track>(span.tracks.map((t) => [t.trackId, { trackId: t.trackId, timescale: t.timescale, samples: [], chunks: [] }]));
  // mdat order: batch by batch, track by track; each run of one track's samples is one chunk.
  const order: { track: Mp4Track; chunk: number }[] = [];
  for await (const batch of span.batches()) {
    for (const t of batch) {
      const tr = tracks.get(t.trackId);
      if (!tr) continue;
      tr.chunks.push({ first: tr.samples.length, count: t.samples.length });
      order.push({ track: tr, chunk: tr.chunks.length - 1 });
      tr.samples.push(...t.samples);
    }
  }
  const list = [...tracks.values()].filter((t) => t.samples.length > 0);
  if (list.length === 0) throw new Error('the span holds no samples');

  // Chunk offsets depend on the moov size, which does not depend on their values (co64).
  const ftyp = new BoxWriter(32).begin('ftyp').fourCc('isom').u32(512).fourCc('isom').fourCc('iso2').fourCc('avc1').fourCc('mp41').end().finish();
  let dataSize = 0;
  for (const t of list) for (const s of t.samples) dataSize += s.data.length;
  const mdatHeader = dataSize + 8 > 0xffffffff ? 16 : 8;
  const offsets = new Map<Mp4Track, number[]>(list.map((t) => [t, new Array<number>(t.chunks.length).fill(0)]));
  const moovSize = buildMoov(span.init, list, offsets).length;
  let pos = ftyp.length + moovSize + mdatHeader;
  for (const { track, chunk } of order) {
    offsets.get(track)![chunk] = pos;
    const c = track.chunks[chunk];
    for (let i = c.first; i < c.first + c.count; i++) pos += track.samples[i].data.length;
  }
  const moov = buildMoov(span.init, list, offsets);
  const head = Buffer.alloc(mdatHeader);
  if (mdatHeader === 8) {
    head.writeUInt32BE(dataSize + 8, 0);
    head.write('mdat', 4, 'latin1');
  } else {
    head.writeUInt32BE(1, 0);
    head.write('mdat', 4, 'latin1');
    head.writeBigUInt64BE(BigInt(dataSize + 16), 8);
  }
  if (!(await write(Buffer.concat([ftyp, moov, head])))) return;
  for (const { track, chunk } of order) {
    const c = track.chunks[chunk];
    const parts = track.samples.slice(c.first, c.first + c.count).map((s) => s.data);
    if (!(await write(Buffer.concat(parts)))) return;
  }
}

const raw = (init: Buffer, box: Box) => init.subarray(box.offset, box.offset + box.size);

function mediaDuration(t: Mp4Track): number {
  const last = t.samples[t.samples.length - 1];
  return last.dts + last.duration - t.samples[0].dts;
}

/** moov for the collected samples: the init segment's track headers and sample descriptions, complete tables. */
function buildMoov(init: Buffer, tracks: readonly Mp4Track[], offsets: ReadonlyMap<Mp4Track, number[]>): Buffer {
  const top = parseBoxes(init);
  const moovBox = findBox(top, 'moov')!;
  const mvhd = findBox(moovBox.children, 'mvhd');
  const movieDuration = Math.max(...tracks.map((t) => Math.round((mediaDuration(t) * MOVIE_TIMESCALE) / t.timescale)));
  const w = new BoxWriter(4096);
  w.begin('moov');
  // ISO/IEC 14496-12 §8.2.2 mvhd: copy rate/volume/matrix, set timescale and duration (version 0).
  const mv = mvhd ? mvhd.payload : Buffer.alloc(100);
  const v1 = mv[0] === 1;
  const rest = mv.subarray(v1 ? 32 : 20);
  w.beginFull('mvhd', 0, 0).u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(movieDuration).bytes(rest).end();
  for (const trak of findBoxes(moovBox.children, 'trak')) {
    const tkhd = findBox(trak.children, 'tkhd')!;
    const trackId = tkhd.payload.readUInt32BE(tkhd.payload[0] === 1 ? 20 : 12);
    const t = tracks.find((x) => x.trackId === trackId);
    if (!t) continue;
    w.begin('trak');
    w.bytes(withDuration(raw(init, tkhd), tkhd.payload[0] === 1 ? 28 : 20, tkhd.payload[0] === 1, Math.round((mediaDuration(t) * MOVIE_TIMESCALE) / t.timescale)));
    w.begin('mdia');
    const mdia = findBox(trak.children, 'mdia')!;
    const mdhd = findBox(mdia.children, 'mdhd')!;
    w.bytes(withDuration(raw(init, mdhd), mdhd.payload[0] === 1 ? 24 : 16, mdhd.payload[0] === 1, mediaDuration(t)));
    w.bytes(raw(init, findBox(mdia.children, 'hdlr')!));
    const minf = findBox(mdia.children, 'minf')!;
    w.begin('minf');
    for (const child of minf.children ?? []) if (child.type !== 'stbl') w.bytes(raw(init, child));
    w.begin('stbl');
    w.bytes(raw(init, findBox(minf.children, 'stbl/stsd')!));
    writeSampleTables(w, t, offsets.get(t)!);
    w.end().end().end().end();
  }
  w.end();
  return w.finish();
}

/** A copy of a tkhd/mdhd box with its duration field (at payload offset `at`) set. */
function withDuration(box: Buffer, at: number, wide: boolean, duration: number): Buffer {
  const out = Buffer.from(box);
  const header = 8;
  if (wide) out.writeBigUInt64BE(BigInt(duration), header + at);
  else out.writeUInt32BE(Math.min(duration, 0xffffffff), header + at);
  return out;
}

/** §8.6.1.2 stts, §8.6.1.3 ctts, §8.6.2 stss, §8.7.4 stsc, §8.7.3 stsz, §8.7.5 co64. */
function writeSampleTables(w: BoxWriter, t: Mp4Track, chunkOffsets: readonly number[]): void {
  const s = t.samples;
  const stts = runLengths(s.map((x) => x.duration));
  w.beginFull('stts', 0, 0).u32(stts.length);
  for (const [n, d] of stts) w.u32(n).u32(d);
  w.end();
  if (s.some((x) => x.compositionOffset !== 0)) {
    const ctts = runLengths(s.map((x) => x.compositionOffset));
    w.beginFull('ctts', 1, 0).u32(ctts.length);
    for (const [n, o] of ctts) w.u32(n).i32(o);
    w.end();
  }
  if (s.some((x) => !x.sync)) {
    const sync = s.map((x, i) => (x.sync ? i + 1 : 0)).filter((i) => i > 0);
    w.beginFull('stss', 0, 0).u32(sync.length);
    for (const i of sync) w.u32(i);
    w.end();
  }
  const stsc: [number, number][] = [];
  t.chunks.forEach((c, i) => {
    if (stsc.length === 0 || stsc[stsc.length - 1][1] !== c.count) stsc.push([i + 1, c.count]);
  });
  w.beginFull('stsc', 0, 0).u32(stsc.length);
  for (const [first, n] of stsc) w.u32(first).u32(n).u32(1);
  w.end();
  w.beginFull('stsz', 0, 0).u32(0).u32(s.length);
  for (const x of s) w.u32(x.data.length);
  w.end();
  w.beginFull('co64', 0, 0).u32(chunkOffsets.length);
  for (const o of chunkOffsets) w.u64(o);
  w.end();
}

/** [count, value] runs, as stts and ctts store them. */
function runLengths(values: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[1] === v) last[0]++;
    else out.push([1, v]);
  }
  return out;
}
