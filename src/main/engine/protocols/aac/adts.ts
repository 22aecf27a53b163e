// ADTS framing of AAC (ISO/IEC 14496-3 §1.A.2.2): a 7-byte header (9 with CRC) before each
// raw frame. MPEG-TS/HLS carry AAC this way; FLV/RTMP/MP4 carry raw frames plus an
// AudioSpecificConfig.
import { BitstreamError } from '../h264/bit-reader';
import { AAC_SAMPLE_RATES, type AacConfig } from './audio-specific-config';

export interface AdtsHeader {
  /** 7, or 9 when a CRC follows the fixed header. */
  headerLength: number;
  /** Whole frame including the header (aac_frame_length). */
  frameLength: number;
  /** MPEG-4 audio object type (profile + 1). */
  objectType: number;
  samplingFrequencyIndex: number;
  sampleRate: number;
  channelConfiguration: number;
  /** number_of_raw_data_blocks_in_frame + 1. */
  rawDataBlocks: number;
  /** ID bit: true for MPEG-2 AAC signalling, false for MPEG-4. */
  mpeg2: boolean;
}

export const ADTS_HEADER_SIZE = 7;

/** Parses the header at `offset`. Throws BitstreamError on a bad sync word or truncation. */
export function parseAdtsHeader(buf: Buffer, offset = 0): AdtsHeader {
  if (offset + 7 > buf.length) throw new BitstreamError('TRUNCATED', `ADTS header truncated at byte ${offset}`);
  const b = (i: number) => buf[offset + i];
  if (b(0) !== 0xff || (b(1) & 0xf6) !== 0xf0) {
    throw new BitstreamError('INVALID', `no ADTS sync word at byte ${offset}`);
  }
  const protectionAbsent = (b(1) & 1) === 1;
  const samplingFrequencyIndex = (b(2) >> 2) & 0xf;
  const sampleRate = AAC_SAMPLE_RATES[samplingFrequencyIndex];
  if (sampleRate === undefined) throw new BitstreamError('INVALID', `ADTS: reserved sampling frequency index ${samplingFrequencyIndex}`);
  const headerLength = protectionAbsent ? 7 : 9;
  const frameLength = ((b(3) & 3) << 11) | (b(4) << 3) | (b(5) >> 5);
  if (frameLength < headerLength) throw new BitstreamError('INVALID', `ADTS frame length ${frameLength} shorter than its header`);
  return {
    headerLength,
    frameLength,
    objectType: (b(2) >> 6) + 1,
    samplingFrequencyIndex,
    sampleRate,
    channelConfiguration: ((b(2) & 1) << 2) | (b(3) >> 6),
    rawDataBlocks: (b(6) & 3) + 1,
    mpeg2: (b(1) & 0x08) !== 0,
  };
}

/**
 * Builds a 7-byte header (no CRC, one raw data block) for a raw frame of `payloadLength` bytes.
 * ADTS can only signal object types 1–4, standard rates and channel configurations 0–7.
 */
export function buildAdtsHeader(config: Pick<AacConfig, 'objectType' | 'samplingFrequencyIndex' | 'channelConfiguration'>, payloadLength: number): Buffer {
  const frameLength = payloadLength + 7;
  if (frameLength > 0x1fff) throw new RangeError(`AAC frame of ${payloadLength} bytes does not fit ADTS (max 8184)`);
  if (config.objectType < 1 || config.objectType > 4) throw new RangeError(`ADTS cannot carry AAC object type ${config.objectType}`);
  if (config.samplingFrequencyIndex > 12) throw new RangeError('ADTS needs a standard sampling frequency');
  if (config.channelConfiguration > 7) throw new RangeError(`ADTS cannot carry channel configuration ${config.channelConfiguration}`);
  const out = Buffer.allocUnsafe(7);
  out[0] = 0xff;
  out[1] = 0xf1; // MPEG-4, layer 0, no CRC
  out[2] = ((config.objectType - 1) << 6) | (config.samplingFrequencyIndex << 2) | (config.channelConfiguration >> 2);
  out[3] = ((config.channelConfiguration & 3) << 6) | (frameLength >> 11);
  out[4] = (frameLength >> 3) & 0xff;
  out[5] = ((frameLength & 7) << 5) | 0x1f; // buffer fullness 0x7ff: variable bit rate
  out[6] = 0xfc;
  return out;
}

/** Splits a buffer of back-to-back ADTS frames into headers and raw payloads (views). */
export function splitAdtsFrames(buf: Buffer): Array<{ header: AdtsHeader; payload: Buffer }> {
  const frames: Array<{ header: AdtsHeader; payload: Buffer }> = [];
  let pos = 0;
  while (pos < buf.length) {
    const header = parseAdtsHeader(buf, pos);
    if (pos + header.frameLength > buf.length) {
      throw new BitstreamError('TRUNCATED', `ADTS frame of ${header.frameLength} bytes at byte ${pos} runs past the buffer`);
    }
    frames.push({ header, payload: buf.subarray(pos + header.headerLength, pos + header.frameLength) });
    pos += header.frameLength;
  }
  return frames;
}
