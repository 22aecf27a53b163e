import { describe, expect, it } from 'vitest';
import {
  flvAudioHeaderSize,
  parseFlvAudioTag,
  parseFlvAudioTagPackets,
  writeFlvAudioHeader,
  type FlvAudioHeaderSpec,
  type FlvAudioPacket,
} from '../../../../src/main/engine/protocols/flv/audio-tag';
import { buildOpusHead, parseOpusHead } from '../../../../src/main/engine/protocols/flv/opus-head';
import { parseMp3FrameHeader } from '../../../../src/main/engine/protocols/flv/mp3-header';
import { audioTrackFromSequenceStart, flvAudioSequenceStartBody } from '../../../../src/main/engine/protocols/flv/sequence-header';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const fourcc = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const OPUS = fourcc('Opus');

const cases: Array<[string, string, Array<Partial<FlvAudioPacket>>]> = [
  // FLV 10.1 §E.4.2.1: SoundFormat(4) SoundRate(2) SoundSize(1) SoundType(1), then AACPacketType.
  ['AAC sequence header (FFmpeg, mono)', 'af 00 1208', [{ enhanced: false, codec: 'AAC', kind: 'sequenceStart', soundRate: 3, soundSize: 1, soundType: 1, data: hex('1208') }]],
  ['AAC raw frame', 'af 01 2110', [{ codec: 'AAC', kind: 'codedFrames', data: hex('2110') }]],
  ['MP3 44.1 kHz mono', '2e fffb', [{ codec: 'MP3', soundFormat: 2, soundRate: 3, soundType: 0, kind: 'codedFrames', data: hex('fffb') }]],
  ['MP3 8 kHz (format 14)', 'e2 fff3', [{ codec: 'MP3', soundFormat: 14 }]],
  ['G.711 µ-law (opaque)', '82 d5', [{ soundFormat: 8, kind: 'codedFrames', data: hex('d5') }]],
  // E-RTMP audio: SoundFormat 9 = ExHeader, low nibble = AudioPacketType, FourCC.
  ['Opus SequenceStart', `90 ${OPUS} 4f707573`, [{ enhanced: true, codec: 'Opus', fourCc: 'Opus', kind: 'sequenceStart', data: hex('4f707573') }]],
  ['Opus CodedFrames', `91 ${OPUS} fc`, [{ codec: 'Opus', kind: 'codedFrames', data: hex('fc') }]],
  ['mp4a via FourCC', `91 ${fourcc('mp4a')} 21`, [{ codec: 'AAC', kind: 'codedFrames' }]],
  ['.mp3 via FourCC', `91 ${fourcc('.mp3')} ff`, [{ codec: 'MP3' }]],
  ['fLaC (no stream-model codec)', `90 ${fourcc('fLaC')} 00`, [{ fourCc: 'fLaC', kind: 'sequenceStart' }]],
  ['MultichannelConfig', `94 ${OPUS} 01 02`, [{ kind: 'multichannelConfig', data: hex('0102') }]],
  ['SequenceEnd', `92 ${OPUS}`, [{ kind: 'sequenceEnd' }]],
  ['ModEx nano offset', `97 02 000064 01 ${OPUS} aa`, [{ kind: 'codedFrames', timestampNanoOffset: 100, data: hex('aa') }]],
  [
    'Multitrack ManyTracks',
    `95 11 ${OPUS} 00 000001 aa 01 000001 bb`,
    [
      { trackId: 0, data: hex('aa') },
      { trackId: 1, data: hex('bb') },
    ],
  ],
];

describe('FLV audio tags', () => {
  it.each(cases)('parses %s', (_name, wire, expected) => {
    const packets = parseFlvAudioTagPackets(hex(wire));
    expect(packets).toHaveLength(expected.length);
    packets.forEach((p, i) => expect(p).toMatchObject(expected[i]));
  });

  it.each<[string, string, string]>([
    ['empty', '', 'TRUNCATED'],
    ['AAC without packet type', 'af', 'TRUNCATED'],
    ['reserved AACPacketType', 'af 02', 'INVALID'],
    ['reserved AudioPacketType 3', `93 ${OPUS}`, 'UNSUPPORTED'],
    ['FourCC cut short', '91 4f70', 'TRUNCATED'],
    ['multitrack in multitrack', `95 05 ${OPUS}`, 'INVALID'],
  ])('rejects %s with FlvError %s', (_name, wire, code) => {
    expect(() => parseFlvAudioTag(hex(wire))).toThrow(expect.objectContaining({ name: 'FlvError', code }));
  });

  it.each<[string, FlvAudioHeaderSpec, string]>([
    ['AAC sequence start', { codec: 'AAC', kind: 'sequenceStart' }, 'af00'],
    ['AAC frame', { codec: 'AAC', kind: 'codedFrames' }, 'af01'],
    ['MP3 44.1 kHz stereo', { codec: 'MP3', kind: 'codedFrames', sampleRate: 44100, channels: 2 }, '2f'],
    ['MP3 22.05 kHz mono', { codec: 'MP3', kind: 'codedFrames', sampleRate: 22050, channels: 1 }, '2a'],
    ['MP3 8 kHz', { codec: 'MP3', kind: 'codedFrames', sampleRate: 8000, channels: 1 }, 'e2'],
    ['Opus sequence start', { codec: 'Opus', kind: 'sequenceStart' }, `90${OPUS}`],
    ['Opus frame', { codec: 'Opus', kind: 'codedFrames' }, `91${OPUS}`],
  ])('writes the %s header', (_name, spec, wire) => {
    const out = Buffer.alloc(flvAudioHeaderSize(spec));
    expect(writeFlvAudioHeader(out, 0, spec)).toBe(out.length);
    expect(out.toString('hex')).toBe(wire);
  });
});

describe('AAC tracks from sequence headers', () => {
  it.each<[string, string, object]>([
    ['FFmpeg LC 44.1 kHz mono', 'af00 1208 56e5 00', { codec: 'AAC', clockRate: 44100, channels: 1, codecString: 'mp4a.40.2' }],
    ['HE-AAC v2: mono core, two output channels', 'af00 eb8a 0800', { clockRate: 22050, channels: 2, codecString: 'mp4a.40.29' }],
  ])('%s', (_name, wire, expected) => {
    const track = audioTrackFromSequenceStart(parseFlvAudioTag(hex(wire)));
    expect(track).toMatchObject(expected);
    expect(track.config!.equals(hex(wire).subarray(2))).toBe(true);
    expect(flvAudioSequenceStartBody(track)!.equals(hex(wire))).toBe(true);
  });
});

describe('OpusHead (RFC 7845 §5.1)', () => {
  it('parses the header libopus/FFmpeg write for stereo 48 kHz', () => {
    // "OpusHead", version 1, 2 channels, pre-skip 312, 48000 Hz, gain 0, family 0.
    const head = hex(`${fourcc('Opus')}${fourcc('Head')} 01 02 3801 80bb0000 0000 00`);
    expect(parseOpusHead(head)).toEqual({ channels: 2, preSkip: 312, inputSampleRate: 48000, outputGain: 0, mappingFamily: 0 });
  });

  it.each([1, 2, 6, 8])('round-trips %i channels', (channels) => {
    const head = parseOpusHead(buildOpusHead(channels));
    expect(head.channels).toBe(channels);
    expect(head.mappingFamily).toBe(channels > 2 ? 1 : 0);
    if (channels > 2) expect(head.channelMapping).toHaveLength(channels);
  });

  it('round-trips an Opus track through an E-RTMP sequence header', () => {
    const body = flvAudioSequenceStartBody({ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 })!;
    expect(audioTrackFromSequenceStart(parseFlvAudioTag(body))).toEqual({ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2, codecString: 'opus' });
  });

  it.each<[string, string, string]>([
    ['short', '4f707573', 'TRUNCATED'],
    ['bad magic', `${fourcc('OpusTags')} 01 02 0000 80bb0000 0000 00`, 'INVALID'],
    ['major version 1', `${fourcc('Opus')}${fourcc('Head')} 10 02 0000 80bb0000 0000 00`, 'UNSUPPORTED'],
    ['zero channels', `${fourcc('Opus')}${fourcc('Head')} 01 00 0000 80bb0000 0000 00`, 'INVALID'],
    ['mapping table cut short', `${fourcc('Opus')}${fourcc('Head')} 01 06 0000 80bb0000 0000 01 04 02`, 'TRUNCATED'],
  ])('rejects a %s header', (_name, wire, code) => {
    expect(() => parseOpusHead(hex(wire))).toThrow(expect.objectContaining({ name: 'FlvError', code }));
  });
});

describe('MPEG audio frame header', () => {
  it.each<[string, string, object]>([
    ['MPEG-1 layer III 44.1 kHz mono (FFmpeg fixture)', 'fffb50c4', { version: 1, layer: 3, sampleRate: 44100, channels: 1, samplesPerFrame: 1152 }],
    ['MPEG-1 layer III 48 kHz stereo', 'fffb9404', { version: 1, layer: 3, sampleRate: 48000, channels: 2 }],
    ['MPEG-2 layer III 24 kHz', 'fff39404', { version: 2, layer: 3, sampleRate: 24000, samplesPerFrame: 576 }],
    ['MPEG-2.5 layer III 8 kHz', 'ffe39804', { version: 2.5, sampleRate: 8000 }],
    ['MPEG-1 layer II', 'fffd9404', { layer: 2, samplesPerFrame: 1152 }],
  ])('parses %s', (_name, wire, expected) => {
    expect(parseMp3FrameHeader(hex(wire))).toMatchObject(expected);
  });

  it.each(['ff', '00fb50c4', 'ffeb50c4', 'fff950c4', 'fffb5cc4'])('rejects %s', (wire) => {
    expect(() => parseMp3FrameHeader(hex(wire))).toThrow(expect.objectContaining({ name: 'FlvError' }));
  });
});
