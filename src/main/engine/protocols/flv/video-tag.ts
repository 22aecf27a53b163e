// FLV/RTMP video tag bodies: legacy AVC (FLV 10.1 §E.4.3.1 VIDEODATA + AVCVIDEOPACKET) and
// Enhanced RTMP v1/v2 (IsExHeader bit, FourCC, packet types, ModEx, multitrack).
import type { VideoCodec } from '../media/types';
import { FlvError } from './errors';
import { readFourCc, readModEx, readMultitrackHeader, readTrackSlices } from './ex-header';

export const FlvVideoFrameType = { Key: 1, Inter: 2, DisposableInter: 3, GeneratedKey: 4, Command: 5 } as const;

/** Legacy VideoCodecId values; 12 is the widespread (non-Adobe) HEVC extension. */
export const FlvVideoCodecId = { SorensonH263: 2, Screen: 3, Vp6: 4, Vp6Alpha: 5, ScreenV2: 6, Avc: 7, HevcLegacy: 12 } as const;

/** E-RTMP VideoPacketType. */
export const VideoPacketType = {
  SequenceStart: 0,
  CodedFrames: 1,
  SequenceEnd: 2,
  CodedFramesX: 3,
  Metadata: 4,
  Mpeg2TsSequenceStart: 5,
  Multitrack: 6,
  ModEx: 7,
} as const;

export const VideoFourCc = { Avc: 'avc1', Hevc: 'hvc1', Av1: 'av01', Vp9: 'vp09', Vp8: 'vp08' } as const;

export type FlvVideoPacketKind = 'sequenceStart' | 'codedFrames' | 'sequenceEnd' | 'metadata' | 'mpeg2tsSequenceStart' | 'command';

export interface FlvVideoPacket {
  /** Enhanced (FourCC) signalling rather than a legacy codec id. */
  enhanced: boolean;
  /** FourCC ('avc1', 'hvc1', 'av01', …); legacy AVC/HEVC map to 'avc1'/'hvc1'. */
  fourCc?: string;
  /** Legacy VideoCodecId, for non-enhanced tags. */
  codecId?: number;
  /** The stream-model codec, when Relaybox knows it. */
  codec?: VideoCodec;
  frameType: number;
  kind: FlvVideoPacketKind;
  /** Composition time offset in ms (pts − dts), signed. */
  compositionTime: number;
  /** Config record, coded frames (length-prefixed NAL units / AV1 OBUs) or AMF metadata: a view. */
  data: Buffer;
  trackId: number;
  /** VideoCommand for frameType 5 (0 start seek, 1 end seek). */
  command?: number;
  /** E-RTMP ModEx TimestampOffsetNano. */
  timestampNanoOffset?: number;
}

const FOURCC_CODECS: Record<string, VideoCodec> = { avc1: 'H264', hvc1: 'H265', av01: 'AV1' };

function readSi24(body: Buffer, pos: number): number {
  return body.readIntBE(pos, 3);
}

function legacy(body: Buffer): FlvVideoPacket[] {
  const frameType = body[0] >> 4;
  const codecId = body[0] & 0x0f;
  if (codecId !== FlvVideoCodecId.Avc && codecId !== FlvVideoCodecId.HevcLegacy) {
    // Sorenson/VP6/screen video: opaque to Relaybox; relay it untouched if at all.
    return [{ enhanced: false, codecId, frameType, kind: frameType === FlvVideoFrameType.Command ? 'command' : 'codedFrames', compositionTime: 0, data: body.subarray(1), trackId: 0 }];
  }
  const fourCc = codecId === FlvVideoCodecId.Avc ? VideoFourCc.Avc : VideoFourCc.Hevc;
  const base = { enhanced: false, fourCc, codecId, codec: FOURCC_CODECS[fourCc], frameType, trackId: 0 };
  if (frameType === FlvVideoFrameType.Command) {
    if (body.length < 2) throw new FlvError('TRUNCATED', 'FLV video command truncated');
    return [{ ...base, kind: 'command', command: body[1], compositionTime: 0, data: body.subarray(2) }];
  }
  if (body.length < 5) throw new FlvError('TRUNCATED', `FLV AVC video tag of ${body.length} bytes; header needs 5`);
  const packetType = body[1];
  const kind: FlvVideoPacketKind | undefined =
    packetType === 0 ? 'sequenceStart' : packetType === 1 ? 'codedFrames' : packetType === 2 ? 'sequenceEnd' : undefined;
  if (!kind) throw new FlvError('INVALID', `FLV AVCPacketType ${packetType} is reserved`);
  return [{ ...base, kind, compositionTime: readSi24(body, 2), data: body.subarray(5) }];
}

function packetKind(packetType: number): FlvVideoPacketKind {
  switch (packetType) {
    case VideoPacketType.SequenceStart:
      return 'sequenceStart';
    case VideoPacketType.CodedFrames:
    case VideoPacketType.CodedFramesX:
      return 'codedFrames';
    case VideoPacketType.SequenceEnd:
      return 'sequenceEnd';
    case VideoPacketType.Metadata:
      return 'metadata';
    case VideoPacketType.Mpeg2TsSequenceStart:
      return 'mpeg2tsSequenceStart';
    default:
      throw new FlvError('UNSUPPORTED', `E-RTMP VideoPacketType ${packetType} is reserved`);
  }
}

/** Parses a video tag body into one packet per track (one for everything but E-RTMP multitrack). */
export function parseFlvVideoTagPackets(body: Buffer): FlvVideoPacket[] {
  if (body.length < 1) throw new FlvError('TRUNCATED', 'empty FLV video tag');
  if ((body[0] & 0x80) === 0) return legacy(body);
  const frameType = (body[0] >> 4) & 7;
  const modEx = readModEx(body, 1, body[0] & 0x0f, VideoPacketType.ModEx);
  let pos = modEx.pos;
  let packetType = modEx.packetType;
  const extra = modEx.timestampNanoOffset === undefined ? {} : { timestampNanoOffset: modEx.timestampNanoOffset };
  if (packetType !== VideoPacketType.Metadata && frameType === FlvVideoFrameType.Command) {
    if (pos >= body.length) throw new FlvError('TRUNCATED', 'E-RTMP video command truncated');
    return [{ enhanced: true, frameType, kind: 'command', command: body[pos], compositionTime: 0, data: body.subarray(pos + 1), trackId: 0, ...extra }];
  }
  let multitrackType: number | undefined;
  let fourCc: string | undefined;
  if (packetType === VideoPacketType.Multitrack) {
    const mt = readMultitrackHeader(body, pos, VideoPacketType.Multitrack);
    ({ pos, multitrackType, packetType, fourCc } = mt);
  } else {
    fourCc = readFourCc(body, pos);
    pos += 4;
  }
  const kind = packetKind(packetType);
  return readTrackSlices(body, pos, multitrackType, fourCc).map((slice) => {
    let start = slice.start;
    let compositionTime = 0;
    // Only AVC and HEVC carry a composition time, and only in CodedFrames (CodedFramesX: 0).
    if (packetType === VideoPacketType.CodedFrames && (slice.fourCc === VideoFourCc.Avc || slice.fourCc === VideoFourCc.Hevc)) {
      if (start + 3 > slice.end) throw new FlvError('TRUNCATED', 'E-RTMP composition time truncated');
      compositionTime = readSi24(body, start);
      start += 3;
    }
    const packet: FlvVideoPacket = {
      enhanced: true,
      fourCc: slice.fourCc,
      frameType,
      kind,
      compositionTime,
      data: body.subarray(start, slice.end),
      trackId: slice.trackId,
      ...extra,
    };
    const codec = FOURCC_CODECS[slice.fourCc];
    if (codec) packet.codec = codec;
    return packet;
  });
}

/** Parses a video tag body; for multitrack tags, returns track 0 (or the first track). */
export function parseFlvVideoTag(body: Buffer): FlvVideoPacket {
  const packets = parseFlvVideoTagPackets(body);
  return packets.find((p) => p.trackId === 0) ?? packets[0];
}

export interface FlvVideoHeaderSpec {
  codec: VideoCodec;
  kind: 'sequenceStart' | 'codedFrames' | 'sequenceEnd';
  frameType: number;
  /** ms; ignored for AV1 and non-coded-frame packets. */
  compositionTime?: number;
}

/**
 * Header size for a body written by writeFlvVideoHeader: H.264 uses the legacy 5-byte AVC header
 * (every player reads it); H.265 and AV1 use E-RTMP FourCC headers (what OBS 30+ and FFmpeg 6.1+
 * send), with CodedFramesX when the composition time is 0.
 */
export function flvVideoHeaderSize(spec: FlvVideoHeaderSpec): number {
  return spec.codec === 'H265' && compositionTimeOf(spec) !== 0 ? 8 : 5;
}

function compositionTimeOf(spec: FlvVideoHeaderSpec): number {
  return spec.kind === 'codedFrames' ? Math.round(spec.compositionTime ?? 0) : 0;
}

const FOURCC_BY_CODEC: Record<VideoCodec, string> = { H264: VideoFourCc.Avc, H265: VideoFourCc.Hevc, AV1: VideoFourCc.Av1 };

export function writeFlvVideoHeader(target: Buffer, pos: number, spec: FlvVideoHeaderSpec): number {
  const cts = compositionTimeOf(spec);
  if (cts < -0x800000 || cts > 0x7fffff) throw new RangeError(`FLV composition time ${cts} ms does not fit 24 bits`);
  if (spec.codec === 'H264') {
    target[pos] = (spec.frameType << 4) | FlvVideoCodecId.Avc;
    target[pos + 1] = spec.kind === 'sequenceStart' ? 0 : spec.kind === 'codedFrames' ? 1 : 2;
    target.writeIntBE(cts, pos + 2, 3);
    return pos + 5;
  }
  let packetType: number =
    spec.kind === 'sequenceStart' ? VideoPacketType.SequenceStart : spec.kind === 'sequenceEnd' ? VideoPacketType.SequenceEnd : VideoPacketType.CodedFrames;
  const withCts = spec.codec === 'H265' && cts !== 0;
  if (spec.kind === 'codedFrames' && !withCts) packetType = VideoPacketType.CodedFramesX;
  // AV1 has no composition time at all; CodedFrames and CodedFramesX mean the same for it, and
  // FFmpeg/OBS send CodedFrames, so use that.
  if (spec.codec === 'AV1' && spec.kind === 'codedFrames') packetType = VideoPacketType.CodedFrames;
  target[pos] = 0x80 | (spec.frameType << 4) | packetType;
  target.write(FOURCC_BY_CODEC[spec.codec], pos + 1, 'latin1');
  pos += 5;
  if (withCts) {
    target.writeIntBE(cts, pos, 3);
    pos += 3;
  }
  return pos;
}
