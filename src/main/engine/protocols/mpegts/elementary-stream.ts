// Access unit → PES payload per codec. H.264/H.265: Annex B with an access unit delimiter first
// (ISO/IEC 13818-1 §2.14.1 for AVC and §2.17 for HEVC require one per access unit in TS) and the
// parameter sets before every random access point, so each HLS segment decodes on its own. AAC:
// ADTS frames (Table 2-34 stream_type 0x0F, ISO/IEC 13818-7 §6.2). Opus: the Opus-in-TS mapping
// FFmpeg and GStreamer implement, as private PES data (stream_type 0x06): a registration
// descriptor 'Opus', a DVB extension descriptor 0x80 with the channel configuration, and a
// control header (prefix 0x3FF, size bytes) before each packet.
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../media/types';
import { buildAdtsHeader } from '../aac/adts';
import { parseAudioSpecificConfig, type AacConfig } from '../aac/audio-specific-config';
import { H264NalType, h264NalType } from '../h264/nal-units';
import { H265NalType, h265NalType } from '../h265/nal-units';
import { StreamId, StreamType } from './constants';
import { MpegTsError } from './errors';

const START_CODE = Buffer.from([0, 0, 0, 1]);
/** H.264 §7.3.2.4 AUD with primary_pic_type 7 (any slice type). */
const H264_AUD = Buffer.from([0x09, 0xf0]);
/** H.265 §7.3.2.5 AUD (type 35, layer 0, TemporalId+1 = 1), pic_type 2 (any). */
const H265_AUD = Buffer.from([0x46, 0x01, 0x50]);

export interface EsWriter {
  streamType: number;
  streamId: number;
  /** ES_info descriptors for the PMT. */
  descriptors: Buffer;
  /** Payload pieces of the PES for one access unit. */
  pieces(au: AccessUnit): Buffer[];
}

function annexB(nalus: readonly Buffer[], out: Buffer[]): void {
  for (const n of nalus) {
    if (n.length === 0) continue;
    out.push(START_CODE, n);
  }
}

function h264Writer(track: VideoTrack): EsWriter {
  return {
    streamType: StreamType.H264,
    streamId: StreamId.Video,
    descriptors: Buffer.alloc(0),
    pieces(au) {
      const nalus = au.nalus ?? [];
      const out: Buffer[] = [];
      const first = nalus.find((n) => n.length > 0);
      const startsWithAud = first !== undefined && h264NalType(first) === H264NalType.Aud;
      out.push(START_CODE, startsWithAud ? first : H264_AUD);
      const rest = startsWithAud ? nalus.slice(nalus.indexOf(first) + 1) : nalus;
      // Parameter sets go right after the AUD (H.264 §7.4.1.2.3 order).
      if (au.key) {
        const has = (t: number) => nalus.some((n) => n.length > 0 && h264NalType(n) === t);
        if (!has(H264NalType.Sps) && track.sps) out.push(START_CODE, track.sps);
        if (!has(H264NalType.Pps) && track.pps) out.push(START_CODE, track.pps);
      }
      annexB(rest, out);
      return out;
    },
  };
}

function h265Writer(track: VideoTrack): EsWriter {
  return {
    streamType: StreamType.H265,
    streamId: StreamId.Video,
    descriptors: Buffer.alloc(0),
    pieces(au) {
      const nalus = au.nalus ?? [];
      const out: Buffer[] = [];
      const first = nalus.find((n) => n.length > 0);
      const startsWithAud = first !== undefined && h265NalType(first) === H265NalType.Aud;
      out.push(START_CODE, startsWithAud ? first : H265_AUD);
      const rest = startsWithAud ? nalus.slice(nalus.indexOf(first) + 1) : nalus;
      if (au.key) {
        const has = (t: number) => nalus.some((n) => n.length > 0 && h265NalType(n) === t);
        if (!has(H265NalType.Vps) && track.vps) out.push(START_CODE, track.vps);
        if (!has(H265NalType.Sps) && track.sps) out.push(START_CODE, track.sps);
        if (!has(H265NalType.Pps) && track.pps) out.push(START_CODE, track.pps);
      }
      annexB(rest, out);
      return out;
    },
  };
}

function aacWriter(track: AudioTrack): EsWriter {
  if (!track.config) throw new MpegTsError('UNSUPPORTED', 'AAC track without an AudioSpecificConfig cannot be written as ADTS');
  const config: AacConfig = parseAudioSpecificConfig(track.config);
  return {
    streamType: StreamType.AacAdts,
    streamId: StreamId.Audio,
    descriptors: Buffer.alloc(0),
    pieces(au) {
      const payload = au.payload ?? Buffer.alloc(0);
      return [buildAdtsHeader(config, payload.length), payload];
    },
  };
}

/** The size field of the Opus control header: 0xFF bytes, then the remainder. */
function opusControlHeader(size: number): Buffer {
  const out = Buffer.alloc(2 + Math.floor(size / 255) + 1);
  // 11-bit prefix 0x3FF, start_trim_flag 0, end_trim_flag 0, control_extension_flag 0, reserved.
  out[0] = 0x7f;
  out[1] = 0xe0;
  out.fill(0xff, 2, out.length - 1);
  out[out.length - 1] = size % 255;
  return out;
}

function opusWriter(track: AudioTrack): EsWriter {
  if (track.channels < 1 || track.channels > 2) throw new MpegTsError('UNSUPPORTED', `Opus with ${track.channels} channels in MPEG-TS (only mono and stereo are mapped here)`);
  // registration_descriptor 'Opus' (ISO/IEC 13818-1 §2.6.8) and the DVB extension descriptor 0x7F
  // with descriptor_tag_extension 0x80: channel_config_code = the channel count for 1–2 channels.
  const descriptors = Buffer.from([0x05, 4, 0x4f, 0x70, 0x75, 0x73, 0x7f, 2, 0x80, track.channels]);
  return {
    streamType: StreamType.PrivatePes,
    streamId: StreamId.PrivateStream1,
    descriptors,
    pieces(au) {
      const payload = au.payload ?? Buffer.alloc(0);
      return [opusControlHeader(payload.length), payload];
    },
  };
}

export function esWriterFor(track: Track): EsWriter {
  if (track.kind === 'video') {
    if (track.codec === 'H264') return h264Writer(track);
    if (track.codec === 'H265') return h265Writer(track);
  } else {
    if (track.codec === 'AAC') return aacWriter(track);
    if (track.codec === 'Opus') return opusWriter(track);
  }
  throw new MpegTsError('UNSUPPORTED', `${track.codec} has no MPEG-TS mapping here (H.264, H.265, AAC, Opus)`);
}
