// One movie fragment: moof (mfhd, a traf per track with tfhd default-base-is-moof, tfdt version 1,
// trun version 1 with signed composition offsets) followed by its mdat (ISO/IEC 14496-12 §8.8).
import { BoxWriter } from './box-writer';
import { Fmp4Error } from './errors';

export interface FragmentSample {
  /** In the track's timescale. */
  duration: number;
  /** pts − dts, may be negative (trun version 1). */
  compositionOffset: number;
  /** A sync sample (key frame; every audio frame). */
  sync: boolean;
  data: Buffer;
}

export interface FragmentTrack {
  trackId: number;
  /** dts of the first sample, in the track's timescale (≥ 0). */
  baseMediaDecodeTime: number;
  samples: readonly FragmentSample[];
}

/** §8.8.3.1 sample flags: sample_depends_on 2 (I-frame) vs 1 plus sample_is_non_sync_sample. */
export const SYNC_SAMPLE_FLAGS = 0x02000000;
export const NON_SYNC_SAMPLE_FLAGS = 0x01010000;

/** tfhd flags: default-base-is-moof (§8.8.7.1), so data offsets count from the moof start. */
const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
/** trun flags: data-offset, sample-duration, sample-size, sample-flags, composition-time-offset. */
const TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

export function buildFragment(sequenceNumber: number, tracks: readonly FragmentTrack[]): Buffer {
  let dataSize = 0;
  let sampleCount = 0;
  for (const t of tracks) {
    if (t.baseMediaDecodeTime < 0) throw new Fmp4Error('INVALID', `track ${t.trackId}: negative decode time ${t.baseMediaDecodeTime}; offset the stream's timestamps first`);
    for (const s of t.samples) dataSize += s.data.length;
    sampleCount += t.samples.length;
  }
  const moofSize = 8 + 16 + tracks.length * (8 + 16 + 20 + 20) + sampleCount * 16;
  const w = new BoxWriter(moofSize + 8 + dataSize);
  w.begin('moof');
  w.beginFull('mfhd', 0, 0).u32(sequenceNumber).end();
  const dataOffsetFields: number[] = [];
  for (const t of tracks) {
    w.begin('traf');
    w.beginFull('tfhd', 0, TFHD_DEFAULT_BASE_IS_MOOF).u32(t.trackId).end();
    w.beginFull('tfdt', 1, 0).u64(t.baseMediaDecodeTime).end();
    w.beginFull('trun', 1, TRUN_FLAGS).u32(t.samples.length);
    dataOffsetFields.push(w.length);
    w.u32(0);
    for (const s of t.samples) {
      w.u32(s.duration).u32(s.data.length).u32(s.sync ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS).i32(s.compositionOffset);
    }
    w.end().end();
  }
  w.end();
  // Data offsets: from the moof start to each track's first byte in the mdat.
  let offset = w.length + 8;
  tracks.forEach((t, i) => {
    w.patchU32(dataOffsetFields[i], offset);
    for (const s of t.samples) offset += s.data.length;
  });
  w.begin('mdat');
  for (const t of tracks) for (const s of t.samples) w.bytes(s.data);
  w.end();
  return w.finish();
}
