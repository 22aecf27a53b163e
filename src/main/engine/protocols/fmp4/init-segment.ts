// The initialization segment: ftyp + moov with one trak per track and mvex/trex (ISO/IEC 14496-12
// §8.8.1: movie fragments follow), empty sample tables (§8.6, §8.7: samples live in fragments).
import type { Track } from '../media/types';
import { BoxWriter } from './box-writer';
import { sampleEntryType, videoSize, writeSampleEntry } from './sample-entry';

const MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
/** mvhd timescale; the movie has no duration, so this only has to be valid. */
const MOVIE_TIMESCALE = 1000;

function writeMatrix(w: BoxWriter): void {
  for (const v of MATRIX) w.u32(v);
}

function writeTrak(w: BoxWriter, track: Track, trackId: number): void {
  const video = track.kind === 'video';
  const size = video ? videoSize(track) : { width: 0, height: 0 };
  w.begin('trak');
  // §8.3.2 tkhd: flags track_enabled | track_in_movie.
  w.beginFull('tkhd', 0, 3).u32(0).u32(0).u32(trackId).u32(0).u32(0).zeros(8);
  w.u16(0).u16(0).u16(video ? 0 : 0x0100).u16(0); // layer, alternate_group, volume, reserved
  writeMatrix(w);
  w.u32(size.width * 0x10000).u32(size.height * 0x10000).end();
  w.begin('mdia');
  // §8.4.2 mdhd: language 'und' packed as three 5-bit letters.
  w.beginFull('mdhd', 0, 0).u32(0).u32(0).u32(track.clockRate).u32(0).u16(0x55c4).u16(0).end();
  w.beginFull('hdlr', 0, 0).u32(0).fourCc(video ? 'vide' : 'soun').zeros(12).bytes(Buffer.from(video ? 'VideoHandler\0' : 'SoundHandler\0', 'latin1')).end();
  w.begin('minf');
  if (video) w.beginFull('vmhd', 0, 1).zeros(8).end();
  else w.beginFull('smhd', 0, 0).zeros(4).end();
  w.begin('dinf').beginFull('dref', 0, 0).u32(1).beginFull('url ', 0, 1).end().end().end();
  w.begin('stbl');
  w.beginFull('stsd', 0, 0).u32(1);
  writeSampleEntry(w, track, trackId);
  w.end();
  w.beginFull('stts', 0, 0).u32(0).end();
  w.beginFull('stsc', 0, 0).u32(0).end();
  w.beginFull('stsz', 0, 0).u32(0).u32(0).end();
  w.beginFull('stco', 0, 0).u32(0).end();
  w.end(); // stbl
  w.end(); // minf
  w.end(); // mdia
  w.end(); // trak
}

/** ftyp + moov for `tracks`; track_ID = index + 1. */
export function buildInitSegment(tracks: readonly Track[]): Buffer {
  for (const t of tracks) sampleEntryType(t); // fail early on unsupported codecs
  const w = new BoxWriter(2048);
  w.begin('ftyp').fourCc('iso5').u32(512).fourCc('iso5').fourCc('iso6').fourCc('mp41').end();
  w.begin('moov');
  w.beginFull('mvhd', 0, 0).u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(0);
  w.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
  writeMatrix(w);
  w.zeros(24).u32(tracks.length + 1).end(); // pre_defined, next_track_ID
  tracks.forEach((t, i) => writeTrak(w, t, i + 1));
  w.begin('mvex');
  tracks.forEach((_, i) => {
    // §8.8.3 trex: defaults are unused; every trun states duration, size and flags.
    w.beginFull('trex', 0, 0).u32(i + 1).u32(1).u32(0).u32(0).u32(0).end();
  });
  w.end(); // mvex
  w.end(); // moov
  return Buffer.from(w.finish());
}
