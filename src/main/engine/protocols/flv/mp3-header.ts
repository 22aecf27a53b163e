// MPEG audio frame header (ISO/IEC 11172-3 §2.4.1.3, 13818-3): FLV's MP3 has no sequence header
// and its SoundRate field cannot say 48 kHz, so the track's rate and channels come from here.
import { FlvError } from './errors';

export interface Mp3FrameHeader {
  /** 1 (MPEG-1), 2 (MPEG-2) or 2.5. */
  version: 1 | 2 | 2.5;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: 1 | 2;
  samplesPerFrame: number;
}

const RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export function parseMp3FrameHeader(buf: Buffer, offset = 0): Mp3FrameHeader {
  if (offset + 4 > buf.length) throw new FlvError('TRUNCATED', 'MP3 frame header truncated');
  if (buf[offset] !== 0xff || (buf[offset + 1] & 0xe0) !== 0xe0) throw new FlvError('INVALID', 'no MPEG audio sync word');
  const versionBits = (buf[offset + 1] >> 3) & 3;
  const layerBits = (buf[offset + 1] >> 1) & 3;
  const rateIndex = (buf[offset + 2] >> 2) & 3;
  const rates = RATES[versionBits];
  if (!rates || layerBits === 0 || rateIndex === 3) throw new FlvError('INVALID', 'reserved MPEG audio version, layer or sample rate');
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const samplesPerFrame = layer === 1 ? 384 : layer === 2 || version === 1 ? 1152 : 576;
  return { version, layer, sampleRate: rates[rateIndex], channels: buf[offset + 3] >> 6 === 3 ? 1 : 2, samplesPerFrame };
}
