// FLV/RTMP audio tag bodies: legacy (FLV 10.1 §E.4.2.1 AUDIODATA; AAC with AACPacketType, MP3
// pass-through) and Enhanced RTMP v2 audio (SoundFormat 9 = ExHeader, FourCC, ModEx, multitrack).
import type { AudioCodec } from '../media/types';
import { FlvError } from './errors';
import { readFourCc, readModEx, readMultitrackHeader, readTrackSlices } from './ex-header';

export const FlvSoundFormat = {
  LinearPcmPlatform: 0,
  Adpcm: 1,
  Mp3: 2,
  LinearPcmLe: 3,
  Nellymoser16k: 4,
  Nellymoser8k: 5,
  Nellymoser: 6,
  G711ALaw: 7,
  G711MuLaw: 8,
  ExHeader: 9,
  Aac: 10,
  Speex: 11,
  Mp3_8k: 14,
  DeviceSpecific: 15,
} as const;

/** E-RTMP AudioPacketType. */
export const AudioPacketType = { SequenceStart: 0, CodedFrames: 1, SequenceEnd: 2, MultichannelConfig: 4, Multitrack: 5, ModEx: 7 } as const;

export const AudioFourCc = { Aac: 'mp4a', Opus: 'Opus', Mp3: '.mp3', Flac: 'fLaC', Ac3: 'ac-3', Eac3: 'ec-3' } as const;

export type FlvAudioPacketKind = 'sequenceStart' | 'codedFrames' | 'sequenceEnd' | 'multichannelConfig';

export interface FlvAudioPacket {
  enhanced: boolean;
  /** Legacy SoundFormat (9 for enhanced). */
  soundFormat: number;
  /** Legacy rate/size/type bits (0–3, 0–1, 0–1); for AAC they are fixed at 3/1/1 and meaningless. */
  soundRate: number;
  soundSize: number;
  soundType: number;
  fourCc?: string;
  codec?: AudioCodec;
  kind: FlvAudioPacketKind;
  /** AudioSpecificConfig / OpusHead / raw frame / multichannel config: a view. */
  data: Buffer;
  trackId: number;
  timestampNanoOffset?: number;
}

const FOURCC_CODECS: Record<string, AudioCodec> = { mp4a: 'AAC', Opus: 'Opus', '.mp3': 'MP3' };

function legacy(body: Buffer): FlvAudioPacket {
  const b0 = body[0];
  const soundFormat = b0 >> 4;
  const base = { enhanced: false, soundFormat, soundRate: (b0 >> 2) & 3, soundSize: (b0 >> 1) & 1, soundType: b0 & 1, trackId: 0 };
  if (soundFormat === FlvSoundFormat.Aac) {
    if (body.length < 2) throw new FlvError('TRUNCATED', 'FLV AAC audio tag without AACPacketType');
    const t = body[1];
    if (t > 1) throw new FlvError('INVALID', `FLV AACPacketType ${t} is reserved`);
    return { ...base, fourCc: AudioFourCc.Aac, codec: 'AAC', kind: t === 0 ? 'sequenceStart' : 'codedFrames', data: body.subarray(2) };
  }
  if (soundFormat === FlvSoundFormat.Mp3 || soundFormat === FlvSoundFormat.Mp3_8k) {
    return { ...base, fourCc: AudioFourCc.Mp3, codec: 'MP3', kind: 'codedFrames', data: body.subarray(1) };
  }
  // PCM, ADPCM, Nellymoser, G.711, Speex: opaque to Relaybox.
  return { ...base, kind: 'codedFrames', data: body.subarray(1) };
}

function packetKind(packetType: number): FlvAudioPacketKind {
  switch (packetType) {
    case AudioPacketType.SequenceStart:
      return 'sequenceStart';
    case AudioPacketType.CodedFrames:
      return 'codedFrames';
    case AudioPacketType.SequenceEnd:
      return 'sequenceEnd';
    case AudioPacketType.MultichannelConfig:
      return 'multichannelConfig';
    default:
      throw new FlvError('UNSUPPORTED', `E-RTMP AudioPacketType ${packetType} is reserved`);
  }
}

/** Parses an audio tag body into one packet per track. */
export function parseFlvAudioTagPackets(body: Buffer): FlvAudioPacket[] {
  if (body.length < 1) throw new FlvError('TRUNCATED', 'empty FLV audio tag');
  if (body[0] >> 4 !== FlvSoundFormat.ExHeader) return [legacy(body)];
  const modEx = readModEx(body, 1, body[0] & 0x0f, AudioPacketType.ModEx);
  let pos = modEx.pos;
  let packetType = modEx.packetType;
  let multitrackType: number | undefined;
  let fourCc: string | undefined;
  if (packetType === AudioPacketType.Multitrack) {
    ({ pos, multitrackType, packetType, fourCc } = readMultitrackHeader(body, pos, AudioPacketType.Multitrack));
  } else {
    fourCc = readFourCc(body, pos);
    pos += 4;
  }
  const kind = packetKind(packetType);
  return readTrackSlices(body, pos, multitrackType, fourCc).map((slice) => {
    const packet: FlvAudioPacket = {
      enhanced: true,
      soundFormat: FlvSoundFormat.ExHeader,
      soundRate: 0,
      soundSize: 0,
      soundType: 0,
      fourCc: slice.fourCc,
      kind,
      data: body.subarray(slice.start, slice.end),
      trackId: slice.trackId,
    };
    const codec = FOURCC_CODECS[slice.fourCc];
    if (codec) packet.codec = codec;
    if (modEx.timestampNanoOffset !== undefined) packet.timestampNanoOffset = modEx.timestampNanoOffset;
    return packet;
  });
}

/** Parses an audio tag body; for multitrack tags, returns track 0 (or the first track). */
export function parseFlvAudioTag(body: Buffer): FlvAudioPacket {
  const packets = parseFlvAudioTagPackets(body);
  return packets.find((p) => p.trackId === 0) ?? packets[0];
}

export interface FlvAudioHeaderSpec {
  codec: AudioCodec;
  kind: 'sequenceStart' | 'codedFrames' | 'sequenceEnd';
  /** For MP3's legacy flags. */
  sampleRate?: number;
  channels?: number;
}

/** AAC and MP3 use legacy headers (2 and 1 bytes); Opus needs E-RTMP (5 bytes). */
export function flvAudioHeaderSize(spec: FlvAudioHeaderSpec): number {
  return spec.codec === 'AAC' ? 2 : spec.codec === 'MP3' ? 1 : 5;
}

function mp3RateBits(sampleRate: number | undefined): number {
  if (sampleRate === undefined || sampleRate >= 44100) return 3;
  if (sampleRate >= 22050) return 2;
  if (sampleRate >= 11025) return 1;
  return 0;
}

export function writeFlvAudioHeader(target: Buffer, pos: number, spec: FlvAudioHeaderSpec): number {
  if (spec.codec === 'AAC') {
    // §E.4.2.1: for AAC, SoundRate is always 3 (44 kHz), SoundSize 1, SoundType 1; the real
    // values are in the AudioSpecificConfig.
    target[pos] = (FlvSoundFormat.Aac << 4) | 0x0f;
    target[pos + 1] = spec.kind === 'sequenceStart' ? 0 : 1;
    return pos + 2;
  }
  if (spec.codec === 'MP3') {
    const format = spec.sampleRate === 8000 ? FlvSoundFormat.Mp3_8k : FlvSoundFormat.Mp3;
    target[pos] = (format << 4) | (mp3RateBits(spec.sampleRate) << 2) | 0x02 | ((spec.channels ?? 2) > 1 ? 1 : 0);
    return pos + 1;
  }
  const packetType =
    spec.kind === 'sequenceStart' ? AudioPacketType.SequenceStart : spec.kind === 'sequenceEnd' ? AudioPacketType.SequenceEnd : AudioPacketType.CodedFrames;
  target[pos] = (FlvSoundFormat.ExHeader << 4) | packetType;
  target.write(AudioFourCc.Opus, pos + 1, 'latin1');
  return pos + 5;
}
