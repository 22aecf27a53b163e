// HTTP-FLV as an output format of the stream core: every access unit becomes one complete FLV
// tag (header, body, PreviousTagSize) once per stream, and that Buffer goes to every FLV reader
// (issue 3 item 4, "serialize once"). Per-reader state is only the core's queue.
import type { FormatEncoder, OutputFormat } from '../../core/format';
import type { Stream } from '../../core/stream';
import type { Logger } from '../../log/logger';
import type { AccessUnit, Track } from '../../protocols/media/types';
import { buildFlvFileHeader, buildFlvTag, flvTagFromAccessUnit, FlvTagType } from '../../protocols/flv/file';
import { flvTimestampMs } from '../../protocols/flv/access-unit';
import { buildOnMetaDataBody, metadataForTracks } from '../../protocols/flv/script-tag';
import { flvAudioSequenceStartBody, flvVideoSequenceStartBody } from '../../protocols/flv/sequence-header';

/** Format key shared by every HTTP-FLV reader: the bytes depend on nothing per reader. */
export const FLV_FORMAT_KEY = 'flv';

/** The tracks an FLV stream carries (one video, one audio) and the ones it leaves out, with why. */
export interface FlvTrackSelection {
  video: number;
  audio: number;
  skipped: { index: number; reason: string }[];
  /** Sequence header bodies of the carried tracks, built while checking that they can be. */
  videoSequenceStart: Buffer | null;
  audioSequenceStart: Buffer | null;
}

function describe(track: Track, index: number): string {
  return `track ${index} (${track.kind} ${track.codec})`;
}

/**
 * FLV carries one video and one audio track (FLV 10.1 §E.4; E-RTMP multitrack is not written
 * here). Every codec of the stream model has an FLV form: H.264, AAC and MP3 legacy; H.265, AV1
 * and Opus as Enhanced RTMP (FourCC). A track is left out when a second one of its kind came
 * first, or when its sequence header cannot be built (e.g. H.264 without SPS/PPS: players cannot
 * decode length-prefixed NAL units without the avcC record).
 */
export function selectFlvTracks(tracks: readonly Track[]): FlvTrackSelection {
  const out: FlvTrackSelection = { video: -1, audio: -1, skipped: [], videoSequenceStart: null, audioSequenceStart: null };
  tracks.forEach((track, index) => {
    if (track.kind === 'video') {
      if (out.video >= 0) {
        out.skipped.push({ index, reason: `${describe(track, index)}: FLV carries one video track` });
        return;
      }
      try {
        out.videoSequenceStart = flvVideoSequenceStartBody(track);
        out.video = index;
      } catch (err) {
        out.skipped.push({ index, reason: `${describe(track, index)}: no sequence header (${(err as Error).message})` });
      }
      return;
    }
    if (out.audio >= 0) {
      out.skipped.push({ index, reason: `${describe(track, index)}: FLV carries one audio track` });
      return;
    }
    try {
      // MP3 has no sequence header (undefined); that is fine.
      out.audioSequenceStart = flvAudioSequenceStartBody(track) ?? null;
      out.audio = index;
    } catch (err) {
      out.skipped.push({ index, reason: `${describe(track, index)}: no sequence header (${(err as Error).message})` });
    }
  });
  return out;
}

/**
 * What every reader gets first: the FLV file header, onMetaData, then the sequence headers, all
 * at timestamp 0, in one Buffer (FLV 10.1 §E.2, §E.4.4; players need the sequence headers before
 * the first coded frame).
 */
export function buildFlvStreamHeader(tracks: readonly Track[], sel: FlvTrackSelection): Buffer {
  const carried = [sel.video, sel.audio].filter((i) => i >= 0).map((i) => tracks[i]);
  const parts = [
    buildFlvFileHeader({ audio: sel.audio >= 0, video: sel.video >= 0 }),
    buildFlvTag(FlvTagType.Script, 0, buildOnMetaDataBody(metadataForTracks(carried))),
  ];
  if (sel.videoSequenceStart) parts.push(buildFlvTag(FlvTagType.Video, 0, sel.videoSequenceStart));
  if (sel.audioSequenceStart) parts.push(buildFlvTag(FlvTagType.Audio, 0, sel.audioSequenceStart));
  return Buffer.concat(parts);
}

/** The per-stream encoder: the header once, then one tag per carried unit. */
export class FlvStreamEncoder implements FormatEncoder<Buffer> {
  private readonly headerBytes: Buffer;
  // FLV timestamps are unsigned (§E.4.1). If the first unit this encoder sees is before 0 ms, all
  // units are shifted by the same amount, once per stream, so every reader sees the same bytes.
  private offsetMs: number | null = null;

  constructor(
    private readonly tracks: readonly Track[],
    private readonly selection: FlvTrackSelection,
  ) {
    this.headerBytes = buildFlvStreamHeader(tracks, selection);
  }

  header(): Buffer {
    return this.headerBytes;
  }

  encode(au: AccessUnit): Buffer | null {
    if (au.track !== this.selection.video && au.track !== this.selection.audio) return null;
    const track = this.tracks[au.track];
    const ms = flvTimestampMs(au, track);
    if (this.offsetMs === null) this.offsetMs = ms < 0 ? -ms : 0;
    if (this.offsetMs === 0 && ms >= 0) return flvTagFromAccessUnit(au, track);
    return flvTagFromAccessUnit(shifted(au, track, this.offsetMs), track);
  }

  byteLength(item: Buffer): number {
    return item.length;
  }
}

/** The unit moved by offsetMs, with dts clamped at 0 (pts kept at or after dts). */
function shifted(au: AccessUnit, track: Track, offsetMs: number): AccessUnit {
  const offset = Math.round((offsetMs * track.clockRate) / 1000);
  const dts = Math.max(0, au.dts + offset);
  return { ...au, dts, pts: Math.max(dts, au.pts + offset) };
}

/**
 * The HTTP-FLV output format. One instance per server (it logs the tracks it leaves out, once per
 * stream, when the stream's encoder is created); every instance has the same key, so all FLV
 * readers of a stream share one encoder whichever server subscribed first.
 */
export function createFlvFormat(log?: Logger): OutputFormat<Buffer> {
  return {
    key: FLV_FORMAT_KEY,
    createEncoder(stream: Stream): FormatEncoder<Buffer> {
      const selection = selectFlvTracks(stream.tracks);
      if (selection.skipped.length > 0) {
        log?.warn(`HTTP-FLV leaves out ${selection.skipped.map((s) => s.reason).join('; ')}`);
      }
      return new FlvStreamEncoder(stream.tracks, selection);
    },
  };
}
