// AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): the body of an FLV/RTMP AAC sequence header,
// the MP4 esds payload and the RTP "config" parameter.
import { BitReader, BitstreamError } from '../h264/bit-reader';

/** §1.6.3.4 Table 1.18: samplingFrequencyIndex 0–12. */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350] as const;

/** Audio object types that matter here (§1.5.1.1 Table 1.1). */
export const AacObjectType = { Main: 1, Lc: 2, Ssr: 3, Ltp: 4, Sbr: 5, Ps: 29, ErLc: 17, Ld: 23, Eld: 39 } as const;

export interface AacConfig {
  /** The core audio object type (2 = AAC LC). For explicit HE-AAC, the underlying core type. */
  objectType: number;
  samplingFrequencyIndex: number;
  /** Core sampling rate in Hz. */
  sampleRate: number;
  channelConfiguration: number;
  /** Channels implied by channelConfiguration (0 = defined in a program config element). */
  channels: number;
  /** Explicitly signalled SBR (HE-AAC) / PS (HE-AAC v2): the output rate doubles. */
  sbr: boolean;
  ps: boolean;
  /** Output sampling rate with SBR, when signalled. */
  extensionSampleRate?: number;
  /** Samples per frame: 1024, or 960 when frameLengthFlag is set (GASpecificConfig). */
  frameLength: number;
}

/** §1.6.3.5 Table 1.19 channel configurations → channel counts (11–14 from ISO 23001-8). */
const CHANNELS_BY_CONFIG: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8, 11: 7, 12: 8, 13: 24, 14: 8 };

/** Object types whose config is a GASpecificConfig (§1.6.2.1). */
const GA_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);

function readObjectType(r: BitReader): number {
  const t = r.readBits(5);
  return t === 31 ? 32 + r.readBits(6) : t;
}

function readSampleRate(r: BitReader): { index: number; rate: number } {
  const index = r.readBits(4);
  if (index === 15) {
    const rate = r.readBits(24);
    if (rate === 0) throw new BitstreamError('INVALID', 'AudioSpecificConfig: explicit sampling frequency 0');
    return { index, rate };
  }
  const rate = AAC_SAMPLE_RATES[index];
  if (rate === undefined) throw new BitstreamError('INVALID', `AudioSpecificConfig: reserved samplingFrequencyIndex ${index}`);
  return { index, rate };
}

export function parseAudioSpecificConfig(buf: Buffer): AacConfig {
  const r = new BitReader(buf, 0, 'AudioSpecificConfig');
  let objectType = readObjectType(r);
  if (objectType === 0) throw new BitstreamError('INVALID', 'AudioSpecificConfig: object type 0 (null)');
  const { index, rate } = readSampleRate(r);
  const channelConfiguration = r.readBits(4);
  let sbr = false;
  let ps = false;
  let extensionSampleRate: number | undefined;
  if (objectType === AacObjectType.Sbr || objectType === AacObjectType.Ps) {
    // §1.6.5.2 explicit hierarchical signalling: extension rate, then the core object type.
    sbr = true;
    ps = objectType === AacObjectType.Ps;
    extensionSampleRate = readSampleRate(r).rate;
    objectType = readObjectType(r);
    if (objectType === 22) r.skipBits(4); // extensionChannelConfiguration (ER BSAC)
  }
  let frameLength = 1024;
  if (GA_TYPES.has(objectType) && r.bitsLeft > 0) frameLength = r.readFlag() ? 960 : 1024;
  const config: AacConfig = {
    objectType,
    samplingFrequencyIndex: index,
    sampleRate: rate,
    channelConfiguration,
    channels: CHANNELS_BY_CONFIG[channelConfiguration] ?? 0,
    sbr,
    ps,
    frameLength,
  };
  if (extensionSampleRate !== undefined) config.extensionSampleRate = extensionSampleRate;
  return config;
}

export interface AacConfigInput {
  objectType?: number;
  sampleRate: number;
  /** channelConfiguration; for 1–6 this equals the channel count, 8 channels is 7. */
  channelConfiguration: number;
  frameLength?: 960 | 1024;
}

/** Builds a plain (non-SBR) AudioSpecificConfig: 2 bytes, or 5 with an explicit sample rate. */
export function buildAudioSpecificConfig(input: AacConfigInput): Buffer {
  const objectType = input.objectType ?? AacObjectType.Lc;
  if (objectType < 1 || objectType > 95) throw new RangeError(`AAC object type ${objectType} out of range 1–95`);
  if (input.channelConfiguration < 0 || input.channelConfiguration > 15) throw new RangeError(`AAC channel configuration ${input.channelConfiguration}`);
  const index = (AAC_SAMPLE_RATES as readonly number[]).indexOf(input.sampleRate);
  if (index < 0 && (input.sampleRate <= 0 || input.sampleRate > 0xffffff)) throw new RangeError(`AAC sample rate ${input.sampleRate}`);
  const bits: Array<[number, number]> = [];
  if (objectType >= 31) bits.push([31, 5], [objectType - 32, 6]);
  else bits.push([objectType, 5]);
  if (index >= 0) bits.push([index, 4]);
  else bits.push([15, 4], [input.sampleRate, 24]);
  bits.push([input.channelConfiguration, 4]);
  if (GA_TYPES.has(objectType)) bits.push([input.frameLength === 960 ? 1 : 0, 1], [0, 1], [0, 1]); // frameLength, dependsOnCoreCoder, extensionFlag
  const total = bits.reduce((n, [, w]) => n + w, 0);
  const out = Buffer.alloc(Math.ceil(total / 8));
  let pos = 0;
  for (const [value, width] of bits) {
    for (let i = width - 1; i >= 0; i--) {
      if (Math.floor(value / 2 ** i) % 2) out[pos >> 3] |= 0x80 >> (pos & 7);
      pos++;
    }
  }
  return out;
}

/** RFC 6381 §3.3: "mp4a.40." + object type. */
export function aacCodecString(config: Pick<AacConfig, 'objectType' | 'sbr' | 'ps'>): string {
  const type = config.ps ? AacObjectType.Ps : config.sbr ? AacObjectType.Sbr : config.objectType;
  return `mp4a.40.${type}`;
}
