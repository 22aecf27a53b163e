// The Opus identification header "OpusHead" (RFC 7845 §5.1): the body of an E-RTMP 'Opus'
// SequenceStart.
import { FlvError } from './errors';

export interface OpusHead {
  channels: number;
  preSkip: number;
  inputSampleRate: number;
  outputGain: number;
  mappingFamily: number;
  streamCount?: number;
  coupledCount?: number;
  channelMapping?: number[];
}

const MAGIC = 'OpusHead';

export function parseOpusHead(buf: Buffer): OpusHead {
  if (buf.length < 19) throw new FlvError('TRUNCATED', `OpusHead of ${buf.length} bytes; needs 19`);
  if (buf.toString('latin1', 0, 8) !== MAGIC) throw new FlvError('INVALID', 'OpusHead magic signature missing');
  // §5.1: a version with major 0 (1..15) is compatible; higher majors are not.
  if (buf[8] === 0 || buf[8] > 15) throw new FlvError('UNSUPPORTED', `OpusHead version ${buf[8]}`);
  const head: OpusHead = {
    channels: buf[9],
    preSkip: buf.readUInt16LE(10),
    inputSampleRate: buf.readUInt32LE(12),
    outputGain: buf.readInt16LE(16),
    mappingFamily: buf[18],
  };
  if (head.channels === 0) throw new FlvError('INVALID', 'OpusHead with 0 channels');
  if (head.mappingFamily !== 0) {
    if (buf.length < 21 + head.channels) throw new FlvError('TRUNCATED', 'OpusHead channel mapping table truncated');
    head.streamCount = buf[19];
    head.coupledCount = buf[20];
    head.channelMapping = [...buf.subarray(21, 21 + head.channels)];
  }
  return head;
}

/** RFC 7845 §5.1.1.2: Vorbis channel order for 3–8 channels (streams, coupled, mapping). */
const VORBIS_MAPPINGS: Record<number, [number, number, number[]]> = {
  3: [2, 1, [0, 2, 1]],
  4: [2, 2, [0, 1, 2, 3]],
  5: [3, 2, [0, 4, 1, 2, 3]],
  6: [4, 2, [0, 4, 1, 2, 3, 5]],
  7: [4, 3, [0, 4, 1, 2, 3, 5, 6]],
  8: [5, 3, [0, 6, 1, 2, 3, 4, 5, 7]],
};

/** Builds an OpusHead for `channels` (mapping family 0 for 1–2 channels, 1 for 3–8). */
export function buildOpusHead(channels: number, inputSampleRate = 48000, preSkip = 0): Buffer {
  const mapping = channels > 2 ? VORBIS_MAPPINGS[channels] : undefined;
  if (channels < 1 || (channels > 2 && !mapping)) throw new RangeError(`Opus with ${channels} channels`);
  const out = Buffer.alloc(19 + (mapping ? 2 + channels : 0));
  out.write(MAGIC, 0, 'latin1');
  out[8] = 1;
  out[9] = channels;
  out.writeUInt16LE(preSkip, 10);
  out.writeUInt32LE(inputSampleRate, 12);
  out.writeInt16LE(0, 16);
  if (mapping) {
    out[18] = 1;
    out[19] = mapping[0];
    out[20] = mapping[1];
    mapping[2].forEach((m, i) => (out[21 + i] = m));
  }
  return out;
}
