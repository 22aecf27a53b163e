// Sequence headers ↔ stream-model tracks: avcC / hvcC / av1C ↔ parameter sets and picture size,
// AudioSpecificConfig / OpusHead ↔ clock rate and channels.
import type { AudioTrack, VideoTrack } from '../media/types';
import { buildAvcDecoderConfig, parseAvcDecoderConfig } from '../h264/avc-config';
import { parseH264Sps } from '../h264/sps';
import { h264CodecString } from '../h264/codec-string';
import { buildHevcDecoderConfig, hevcConfigNalu, parseHevcDecoderConfig } from '../h265/hvcc';
import { H265NalType } from '../h265/nal-units';
import { parseH265Sps } from '../h265/sps';
import { h265CodecString } from '../h265/codec-string';
import { buildAv1DecoderConfig, findAv1SequenceHeaderObu, parseAv1DecoderConfig } from '../av1/av1c';
import { av1CodecString } from '../av1/sequence-header';
import { aacCodecString, buildAudioSpecificConfig, parseAudioSpecificConfig } from '../aac/audio-specific-config';
import { FlvError } from './errors';
import { FlvVideoFrameType, flvVideoHeaderSize, writeFlvVideoHeader, type FlvVideoPacket } from './video-tag';
import { flvAudioHeaderSize, writeFlvAudioHeader, type FlvAudioPacket } from './audio-tag';
import { buildOpusHead, parseOpusHead } from './opus-head';
import { parseMp3FrameHeader } from './mp3-header';

export interface FlvVideoConfig {
  track: VideoTrack;
  /** NAL unit length prefix size for the coded frames that follow (H.264/H.265; 4 for AV1). */
  nalLengthSize: number;
}

/** A track from a video SequenceStart packet. Parameter sets are copied out of the message. */
export function videoTrackFromSequenceStart(packet: FlvVideoPacket): FlvVideoConfig {
  if (packet.kind !== 'sequenceStart') throw new FlvError('INVALID', `expected a video sequence start, got ${packet.kind}`);
  switch (packet.codec) {
    case 'H264': {
      const avcc = parseAvcDecoderConfig(packet.data);
      const sps = avcc.sps[0];
      const pps = avcc.pps[0];
      if (!sps || !pps) throw new FlvError('INVALID', 'AVC sequence header without SPS or PPS');
      const info = parseH264Sps(sps);
      return {
        track: {
          kind: 'video',
          codec: 'H264',
          clockRate: 90000,
          sps: Buffer.from(sps),
          pps: Buffer.from(pps),
          width: info.width,
          height: info.height,
          codecString: h264CodecString(sps),
        },
        nalLengthSize: avcc.nalLengthSize,
      };
    }
    case 'H265': {
      const hvcc = parseHevcDecoderConfig(packet.data);
      const vps = hevcConfigNalu(hvcc, H265NalType.Vps);
      const sps = hevcConfigNalu(hvcc, H265NalType.Sps);
      const pps = hevcConfigNalu(hvcc, H265NalType.Pps);
      if (!vps || !sps || !pps) throw new FlvError('INVALID', 'HEVC sequence header without VPS, SPS or PPS');
      const info = parseH265Sps(sps);
      return {
        track: {
          kind: 'video',
          codec: 'H265',
          clockRate: 90000,
          vps: Buffer.from(vps),
          sps: Buffer.from(sps),
          pps: Buffer.from(pps),
          width: info.width,
          height: info.height,
          codecString: h265CodecString(info.profileTierLevel),
        },
        nalLengthSize: hvcc.nalLengthSize,
      };
    }
    case 'AV1': {
      const av1c = parseAv1DecoderConfig(packet.data);
      const found = av1c.configObus.length > 0 ? findAv1SequenceHeaderObu(av1c.configObus) : undefined;
      const track: VideoTrack = { kind: 'video', codec: 'AV1', clockRate: 90000 };
      if (found) {
        track.av1SequenceHeader = Buffer.from(found.obu);
        track.width = found.header.maxFrameWidth;
        track.height = found.header.maxFrameHeight;
        track.codecString = av1CodecString(found.header);
      }
      return { track, nalLengthSize: 4 };
    }
    default:
      throw new FlvError('UNSUPPORTED', `no track conversion for video ${packet.fourCc ?? `codec id ${packet.codecId}`}`);
  }
}

/** The configuration record for a track (the body of its sequence header after the tag header). */
export function videoConfigRecord(track: VideoTrack): Buffer {
  switch (track.codec) {
    case 'H264':
      if (!track.sps || !track.pps) throw new FlvError('INVALID', 'H.264 track without SPS/PPS');
      return buildAvcDecoderConfig({ sps: track.sps, pps: track.pps });
    case 'H265':
      if (!track.vps || !track.sps || !track.pps) throw new FlvError('INVALID', 'H.265 track without VPS/SPS/PPS');
      return buildHevcDecoderConfig({ vps: track.vps, sps: track.sps, pps: track.pps });
    case 'AV1':
      if (!track.av1SequenceHeader) throw new FlvError('INVALID', 'AV1 track without a sequence header');
      return buildAv1DecoderConfig(track.av1SequenceHeader);
  }
}

/** A complete video SequenceStart tag body for a track. */
export function flvVideoSequenceStartBody(track: VideoTrack): Buffer {
  const record = videoConfigRecord(track);
  const spec = { codec: track.codec, kind: 'sequenceStart', frameType: FlvVideoFrameType.Key } as const;
  const out = Buffer.allocUnsafe(flvVideoHeaderSize(spec) + record.length);
  record.copy(out, writeFlvVideoHeader(out, 0, spec));
  return out;
}

/** A video SequenceEnd tag body (AVC end of sequence / E-RTMP SequenceEnd). */
export function flvVideoSequenceEndBody(track: VideoTrack): Buffer {
  const spec = { codec: track.codec, kind: 'sequenceEnd', frameType: FlvVideoFrameType.Key } as const;
  const out = Buffer.allocUnsafe(flvVideoHeaderSize(spec));
  writeFlvVideoHeader(out, 0, spec);
  return out;
}

/** A track from an audio SequenceStart packet (AAC AudioSpecificConfig, E-RTMP OpusHead). */
export function audioTrackFromSequenceStart(packet: FlvAudioPacket): AudioTrack {
  if (packet.kind !== 'sequenceStart') throw new FlvError('INVALID', `expected an audio sequence start, got ${packet.kind}`);
  if (packet.codec === 'AAC') {
    const asc = parseAudioSpecificConfig(packet.data);
    return {
      kind: 'audio',
      codec: 'AAC',
      // The core rate: AAC timestamps and RTP/MP4 clocks count core samples, also with SBR.
      clockRate: asc.sampleRate,
      // Parametric stereo decodes a mono core to two channels (HE-AAC v2).
      channels: asc.ps ? 2 : asc.channels,
      config: Buffer.from(packet.data),
      codecString: aacCodecString(asc),
    };
  }
  if (packet.codec === 'Opus') {
    const head = parseOpusHead(packet.data);
    // RFC 7587 §4.1: Opus always runs a 48 kHz clock, whatever the input rate was.
    return { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: head.channels, codecString: 'opus' };
  }
  throw new FlvError('UNSUPPORTED', `no track conversion for an audio ${packet.fourCc ?? `format ${packet.soundFormat}`} sequence header`);
}

/** MP3 has no sequence header: the track comes from the first frame's MPEG audio header. */
export function audioTrackFromMp3Packet(packet: FlvAudioPacket): AudioTrack {
  const h = parseMp3FrameHeader(packet.data);
  return { kind: 'audio', codec: 'MP3', clockRate: h.sampleRate, channels: h.channels, codecString: 'mp4a.40.34' };
}

/** A complete audio SequenceStart tag body, or undefined for MP3 (it has none). */
export function flvAudioSequenceStartBody(track: AudioTrack): Buffer | undefined {
  let record: Buffer;
  if (track.codec === 'AAC') {
    record = track.config ?? buildAudioSpecificConfig({ sampleRate: track.clockRate, channelConfiguration: track.channels === 8 ? 7 : track.channels });
  } else if (track.codec === 'Opus') {
    record = buildOpusHead(track.channels);
  } else {
    return undefined;
  }
  const spec = { codec: track.codec, kind: 'sequenceStart' } as const;
  const out = Buffer.allocUnsafe(flvAudioHeaderSize(spec) + record.length);
  record.copy(out, writeFlvAudioHeader(out, 0, spec));
  return out;
}
