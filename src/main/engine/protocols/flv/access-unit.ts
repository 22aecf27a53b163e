// FLV/RTMP media tag bodies ↔ stream-model access units.
//
// Timestamps: FLV and RTMP count milliseconds; access units count track clock units (90 kHz for
// video, the sample rate for audio). In: dts = ms · clock / 1000 and, for video, pts = dts + the
// composition time. Out: ms = round(dts · 1000 / clock), composition time = round(pts) − round(dts)
// in ms, so a reader recomputing pts from the two rounded values gets the rounded pts.
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../media/types';
import { h264HasIdr, lengthPrefixedSize, splitLengthPrefixed, writeLengthPrefixed } from '../h264/nal-units';
import { h265HasIrap } from '../h265/nal-units';
import { FlvError } from './errors';
import { FlvVideoFrameType, flvVideoHeaderSize, writeFlvVideoHeader, type FlvVideoHeaderSpec, type FlvVideoPacket } from './video-tag';
import { flvAudioHeaderSize, writeFlvAudioHeader, type FlvAudioHeaderSpec, type FlvAudioPacket } from './audio-tag';

/**
 * An access unit from a video CodedFrames packet. H.264/H.265 NAL units are views into the
 * packet data (no copies). `key` is the FLV key frame flag or an IDR/IRAP NAL unit.
 */
export function accessUnitFromFlvVideo(packet: FlvVideoPacket, timestampMs: number, trackIndex: number, nalLengthSize = 4): AccessUnit {
  if (packet.kind !== 'codedFrames') throw new FlvError('INVALID', `expected video coded frames, got ${packet.kind}`);
  const dts = timestampMs * 90;
  const pts = (timestampMs + packet.compositionTime) * 90;
  const flaggedKey = packet.frameType === FlvVideoFrameType.Key;
  switch (packet.codec) {
    case 'H264': {
      const nalus = splitLengthPrefixed(packet.data, nalLengthSize);
      return { track: trackIndex, dts, pts, key: flaggedKey || h264HasIdr(nalus), nalus };
    }
    case 'H265': {
      const nalus = splitLengthPrefixed(packet.data, nalLengthSize);
      return { track: trackIndex, dts, pts, key: flaggedKey || h265HasIrap(nalus), nalus };
    }
    case 'AV1':
      return { track: trackIndex, dts, pts: dts, key: flaggedKey, payload: packet.data };
    default:
      throw new FlvError('UNSUPPORTED', `no access unit conversion for video ${packet.fourCc ?? `codec id ${packet.codecId}`}`);
  }
}

/** An access unit from an audio CodedFrames packet (one raw frame in `payload`, a view). */
export function accessUnitFromFlvAudio(packet: FlvAudioPacket, timestampMs: number, track: AudioTrack, trackIndex: number): AccessUnit {
  if (packet.kind !== 'codedFrames') throw new FlvError('INVALID', `expected audio coded frames, got ${packet.kind}`);
  const dts = Math.round((timestampMs * track.clockRate) / 1000);
  return { track: trackIndex, dts, pts: dts, key: true, payload: packet.data };
}

/**
 * The FLV/RTMP timestamp of an access unit in ms (not wrapped; writers wrap to 32 bits). FLV has
 * no negative timestamps: keep the stream's dts ≥ 0 (offset it once per stream, not per reader).
 */
export function flvTimestampMs(au: AccessUnit, track: Track): number {
  return Math.round((au.dts * 1000) / track.clockRate);
}

function videoSpec(au: AccessUnit, track: VideoTrack): FlvVideoHeaderSpec {
  return {
    codec: track.codec,
    kind: 'codedFrames',
    frameType: au.key ? FlvVideoFrameType.Key : FlvVideoFrameType.Inter,
    compositionTime: Math.round(au.pts / 90) - Math.round(au.dts / 90),
  };
}

function videoPayloadSize(au: AccessUnit, track: VideoTrack): number {
  if (track.codec === 'AV1') {
    if (!au.payload) throw new FlvError('INVALID', 'AV1 access unit without payload');
    return au.payload.length;
  }
  if (!au.nalus) throw new FlvError('INVALID', `${track.codec} access unit without NAL units`);
  return lengthPrefixedSize(au.nalus, 4);
}

/** Size of the video tag body for an access unit. */
export function flvVideoBodySize(au: AccessUnit, track: VideoTrack): number {
  return flvVideoHeaderSize(videoSpec(au, track)) + videoPayloadSize(au, track);
}

/** Writes the video tag body at `pos` (NAL units with 4-byte lengths); returns the end offset. */
export function writeFlvVideoBody(target: Buffer, pos: number, au: AccessUnit, track: VideoTrack): number {
  pos = writeFlvVideoHeader(target, pos, videoSpec(au, track));
  if (track.codec === 'AV1') return pos + au.payload!.copy(target, pos);
  return writeLengthPrefixed(target, pos, au.nalus!, 4);
}

export function flvVideoBodyFromAccessUnit(au: AccessUnit, track: VideoTrack): Buffer {
  const out = Buffer.allocUnsafe(flvVideoBodySize(au, track));
  writeFlvVideoBody(out, 0, au, track);
  return out;
}

function audioSpec(track: AudioTrack): FlvAudioHeaderSpec {
  return { codec: track.codec, kind: 'codedFrames', sampleRate: track.clockRate, channels: track.channels };
}

export function flvAudioBodySize(au: AccessUnit, track: AudioTrack): number {
  if (!au.payload) throw new FlvError('INVALID', 'audio access unit without payload');
  return flvAudioHeaderSize(audioSpec(track)) + au.payload.length;
}

export function writeFlvAudioBody(target: Buffer, pos: number, au: AccessUnit, track: AudioTrack): number {
  pos = writeFlvAudioHeader(target, pos, audioSpec(track));
  return pos + au.payload!.copy(target, pos);
}

export function flvAudioBodyFromAccessUnit(au: AccessUnit, track: AudioTrack): Buffer {
  const out = Buffer.allocUnsafe(flvAudioBodySize(au, track));
  writeFlvAudioBody(out, 0, au, track);
  return out;
}

/** Size of the tag body for an access unit of either kind. */
export function flvBodySize(au: AccessUnit, track: Track): number {
  return track.kind === 'video' ? flvVideoBodySize(au, track) : flvAudioBodySize(au, track);
}

export function writeFlvBody(target: Buffer, pos: number, au: AccessUnit, track: Track): number {
  return track.kind === 'video' ? writeFlvVideoBody(target, pos, au, track) : writeFlvAudioBody(target, pos, au, track);
}

/** The tag body for an access unit: the payload of an RTMP audio/video message. */
export function flvBodyFromAccessUnit(au: AccessUnit, track: Track): Buffer {
  return track.kind === 'video' ? flvVideoBodyFromAccessUnit(au, track) : flvAudioBodyFromAccessUnit(au, track);
}
