// Sample entries for the stsd box: avc1/avcC (ISO/IEC 14496-15 §5.4), hvc1/hvcC (§8.4), av01/av1C
// (AV1 Codec ISO Media File Format Binding §2.3), mp4a/esds (ISO/IEC 14496-14 §5.6, 14496-1
// §7.2.6), Opus/dOps (Encapsulation of Opus in ISO BMFF §4.3).
import type { AudioTrack, Track, VideoTrack } from '../media/types';
import { buildAvcDecoderConfig } from '../h264/avc-config';
import { parseH264Sps } from '../h264/sps';
import { buildHevcDecoderConfig } from '../h265/hvcc';
import { parseH265Sps } from '../h265/sps';
import { buildAv1DecoderConfig, findAv1SequenceHeaderObu } from '../av1/av1c';
import { buildOpusHead, parseOpusHead } from '../flv/opus-head';
import type { BoxWriter } from './box-writer';
import { Fmp4Error } from './errors';

/** The sample entry four-character code a track is written with. */
export function sampleEntryType(track: Track): string {
  switch (track.codec) {
    case 'H264':
      return 'avc1';
    case 'H265':
      return 'hvc1';
    case 'AV1':
      return 'av01';
    case 'AAC':
      return 'mp4a';
    case 'Opus':
      return 'Opus';
    default:
      throw new Fmp4Error('UNSUPPORTED', `${track.codec} has no fMP4 sample entry here (H.264, H.265, AV1, AAC, Opus)`);
  }
}

/** Picture size from the track, else from its sequence header. */
export function videoSize(track: VideoTrack): { width: number; height: number } {
  if (track.width && track.height) return { width: track.width, height: track.height };
  try {
    if (track.codec === 'H264' && track.sps) return parseH264Sps(track.sps);
    if (track.codec === 'H265' && track.sps) return parseH265Sps(track.sps);
    if (track.codec === 'AV1' && track.av1SequenceHeader) {
      const found = findAv1SequenceHeaderObu(track.av1SequenceHeader);
      if (found) return { width: found.header.maxFrameWidth, height: found.header.maxFrameHeight };
    }
  } catch {
    // An unparsable sequence header leaves the size 0: decoders read it from the stream.
  }
  return { width: 0, height: 0 };
}

function videoConfigBox(track: VideoTrack): { type: string; body: Buffer } {
  switch (track.codec) {
    case 'H264':
      if (!track.sps || !track.pps) throw new Fmp4Error('INVALID', 'H.264 track without SPS/PPS: no avcC');
      return { type: 'avcC', body: buildAvcDecoderConfig({ sps: track.sps, pps: track.pps }) };
    case 'H265':
      if (!track.vps || !track.sps || !track.pps) throw new Fmp4Error('INVALID', 'H.265 track without VPS/SPS/PPS: no hvcC');
      return { type: 'hvcC', body: buildHevcDecoderConfig({ vps: track.vps, sps: track.sps, pps: track.pps }) };
    case 'AV1':
      if (!track.av1SequenceHeader) throw new Fmp4Error('INVALID', 'AV1 track without a sequence header: no av1C');
      return { type: 'av1C', body: buildAv1DecoderConfig(track.av1SequenceHeader) };
  }
}

function writeVisualSampleEntry(w: BoxWriter, track: VideoTrack): void {
  const { width, height } = videoSize(track);
  const config = videoConfigBox(track);
  w.begin(sampleEntryType(track));
  w.zeros(6).u16(1); // SampleEntry: reserved, data_reference_index
  w.zeros(16); // pre_defined, reserved, pre_defined[3]
  w.u16(width).u16(height);
  w.u32(0x00480000).u32(0x00480000); // 72 dpi
  w.u32(0).u16(1); // reserved, frame_count
  w.zeros(32); // compressorname
  w.u16(0x0018).u16(0xffff); // depth, pre_defined = -1
  w.begin(config.type).bytes(config.body).end();
  w.end();
}

/** ISO/IEC 14496-1 §8.3.3 expandable size: 7 bits per byte, high bit = more. */
function descriptor(tag: number, body: Buffer): Buffer {
  const sizeBytes: number[] = [];
  let n = body.length;
  do {
    sizeBytes.unshift(n & 0x7f);
    n >>= 7;
  } while (n > 0);
  for (let i = 0; i < sizeBytes.length - 1; i++) sizeBytes[i] |= 0x80;
  return Buffer.concat([Buffer.from([tag, ...sizeBytes]), body]);
}

function esdsBody(asc: Buffer, esId: number): Buffer {
  const decoderSpecificInfo = descriptor(0x05, asc);
  const dcdHead = Buffer.alloc(13);
  dcdHead[0] = 0x40; // objectTypeIndication: Audio ISO/IEC 14496-3
  dcdHead[1] = (0x05 << 2) | 1; // streamType AudioStream, upStream 0, reserved 1
  // bufferSizeDB, maxBitrate, avgBitrate: 0 (unknown).
  const decoderConfig = descriptor(0x04, Buffer.concat([dcdHead, decoderSpecificInfo]));
  const slConfig = descriptor(0x06, Buffer.from([0x02])); // predefined: MP4 files
  const esHead = Buffer.from([esId >> 8, esId & 0xff, 0]);
  return descriptor(0x03, Buffer.concat([esHead, decoderConfig, slConfig]));
}

/** dOps (Opus in ISO BMFF §4.3.2): OpusHead without the magic, version 0, big-endian fields. */
function dOpsBody(track: AudioTrack): Buffer {
  const head = parseOpusHead(buildOpusHead(track.channels));
  const out = Buffer.alloc(11 + (head.mappingFamily !== 0 ? 2 + track.channels : 0));
  out[0] = 0;
  out[1] = head.channels;
  out.writeUInt16BE(head.preSkip, 2);
  out.writeUInt32BE(head.inputSampleRate, 4);
  out.writeInt16BE(head.outputGain, 8);
  out[10] = head.mappingFamily;
  if (head.mappingFamily !== 0) {
    out[11] = head.streamCount ?? 0;
    out[12] = head.coupledCount ?? 0;
    Buffer.from(head.channelMapping ?? []).copy(out, 13);
  }
  return out;
}

function writeAudioSampleEntry(w: BoxWriter, track: AudioTrack, trackId: number): void {
  w.begin(sampleEntryType(track));
  w.zeros(6).u16(1); // SampleEntry: reserved, data_reference_index
  w.zeros(8); // reserved
  w.u16(track.channels).u16(16); // channelcount, samplesize
  w.u16(0).u16(0); // pre_defined, reserved
  // samplerate is 16.16 fixed point; rates above 65535 Hz do not fit and are left 0.
  w.u32(track.clockRate <= 0xffff ? track.clockRate * 0x10000 : 0);
  if (track.codec === 'AAC') {
    if (!track.config) throw new Fmp4Error('INVALID', 'AAC track without an AudioSpecificConfig: no esds');
    w.beginFull('esds', 0, 0).bytes(esdsBody(track.config, trackId)).end();
  } else {
    w.begin('dOps').bytes(dOpsBody(track)).end();
  }
  w.end();
}

export function writeSampleEntry(w: BoxWriter, track: Track, trackId: number): void {
  if (track.kind === 'video') writeVisualSampleEntry(w, track);
  else writeAudioSampleEntry(w, track, trackId);
}
