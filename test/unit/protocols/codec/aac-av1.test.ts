import { describe, expect, it } from 'vitest';
import {
  aacCodecString,
  buildAudioSpecificConfig,
  parseAudioSpecificConfig,
  type AacConfig,
} from '../../../../src/main/engine/protocols/aac/audio-specific-config';
import { buildAdtsHeader, parseAdtsHeader, splitAdtsFrames } from '../../../../src/main/engine/protocols/aac/adts';
import { buildAv1DecoderConfig, findAv1SequenceHeaderObu, parseAv1DecoderConfig } from '../../../../src/main/engine/protocols/av1/av1c';
import { readLeb128, splitObus } from '../../../../src/main/engine/protocols/av1/obu';
import { av1CodecString, parseAv1SequenceHeader } from '../../../../src/main/engine/protocols/av1/sequence-header';
import { rtmpFixture } from '../../../fixtures/rtmp/load';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('AudioSpecificConfig (ISO 14496-3 §1.6.2.1)', () => {
  it.each<[string, string, Partial<AacConfig>, string]>([
    // FFmpeg's native encoder, fixture h264-aac.flv: LC 44.1 kHz mono + a backward-compatible SBR sync extension.
    ['FFmpeg LC 44.1 kHz mono with sync extension', '12 08 56 e5 00', { objectType: 2, sampleRate: 44100, channels: 1, sbr: false, frameLength: 1024 }, 'mp4a.40.2'],
    ['LC 48 kHz stereo', '11 90', { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48000, channelConfiguration: 2, channels: 2 }, 'mp4a.40.2'],
    ['LC 44.1 kHz 5.1', '12 30', { sampleRate: 44100, channelConfiguration: 6, channels: 6 }, 'mp4a.40.2'],
    ['LC 48 kHz 7.1 (configuration 7 = 8 channels)', '11 b8', { channelConfiguration: 7, channels: 8 }, 'mp4a.40.2'],
    ['LC 960-sample frames', '11 94', { frameLength: 960 }, 'mp4a.40.2'],
    // Explicit hierarchical HE-AAC: AOT 5, core rate 22.05 kHz, SBR rate 44.1 kHz, core AOT 2.
    ['HE-AAC (explicit SBR)', '2b 92 08 00', { objectType: 2, sampleRate: 22050, extensionSampleRate: 44100, sbr: true, ps: false, channels: 2 }, 'mp4a.40.5'],
    ['HE-AAC v2 (explicit PS)', 'eb 8a 08 00', { objectType: 2, sbr: true, ps: true, channels: 1 }, 'mp4a.40.29'],
    // samplingFrequencyIndex 15: a 24-bit rate follows (22 kHz here).
    ['explicit 24-bit sample rate', '17 80 2a f8 10', { samplingFrequencyIndex: 15, sampleRate: 22000, channelConfiguration: 2 }, 'mp4a.40.2'],
    // Audio object type escape: 31 then 6 bits (+32).
    ['escaped object type 42 (USAC)', 'f9 46 40', { objectType: 42, sampleRate: 48000, channelConfiguration: 2 }, 'mp4a.40.42'],
  ])('%s', (_name, wire, expected, codec) => {
    const c = parseAudioSpecificConfig(hex(wire));
    expect(c).toMatchObject(expected);
    expect(aacCodecString(c)).toBe(codec);
  });

  it.each([
    { objectType: 2, sampleRate: 48000, channelConfiguration: 2 },
    { objectType: 2, sampleRate: 44100, channelConfiguration: 1 },
    { objectType: 2, sampleRate: 22000, channelConfiguration: 2 },
    { objectType: 42, sampleRate: 48000, channelConfiguration: 2 },
    { objectType: 2, sampleRate: 48000, channelConfiguration: 2, frameLength: 960 as const },
  ])('builds and re-parses %o', (input) => {
    expect(parseAudioSpecificConfig(buildAudioSpecificConfig(input))).toMatchObject(input);
  });

  it('builds the two bytes every encoder writes for LC 48 kHz stereo', () => {
    expect(buildAudioSpecificConfig({ sampleRate: 48000, channelConfiguration: 2 }).toString('hex')).toBe('1190');
  });

  it.each<[string, string, string]>([
    ['empty', '', 'TRUNCATED'],
    ['object type 0', '01 90', 'INVALID'],
    ['reserved frequency index 13', '16 90', 'INVALID'],
    ['explicit rate cut short', '17 80 55', 'TRUNCATED'],
    ['explicit rate 0', '17 80 00 00 10', 'INVALID'],
  ])('rejects %s', (_name, wire, code) => {
    expect(() => parseAudioSpecificConfig(hex(wire))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});

describe('ADTS (ISO 14496-3 §1.A.2.2)', () => {
  const stream = rtmpFixture('aac-48k-stereo.adts');

  it('splits FFmpeg’s ADTS stream into frames covering every byte', () => {
    const frames = splitAdtsFrames(stream);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.reduce((n, f) => n + f.header.frameLength, 0)).toBe(stream.length);
    for (const f of frames) expect(f.header).toMatchObject({ objectType: 2, sampleRate: 48000, channelConfiguration: 2, headerLength: 7, rawDataBlocks: 1 });
  });

  it('builds the header FFmpeg wrote for each frame', () => {
    for (const { header, payload } of splitAdtsFrames(stream)) {
      const at = stream.indexOf(payload) - 7;
      expect(buildAdtsHeader(header, payload.length).toString('hex')).toBe(stream.subarray(at, at + 7).toString('hex'));
    }
  });

  it('parses a header with CRC (9 bytes)', () => {
    expect(parseAdtsHeader(hex('fff0 5080 2f3f fc 0000'))).toMatchObject({ headerLength: 9, frameLength: 377, sampleRate: 44100, mpeg2: false });
  });

  it.each<[string, string, string]>([
    ['no sync word', 'fff7 5080 2f7f fc', 'INVALID'],
    ['short header', 'fff1 50', 'TRUNCATED'],
    ['reserved frequency index', 'fff1 7480 2f7f fc', 'INVALID'],
    ['frame shorter than its header', 'fff1 5080 00bf fc', 'INVALID'],
  ])('rejects %s', (_name, wire, code) => {
    expect(() => parseAdtsHeader(hex(wire))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });

  it('refuses to frame what ADTS cannot signal', () => {
    expect(() => buildAdtsHeader({ objectType: 5, samplingFrequencyIndex: 3, channelConfiguration: 2 }, 10)).toThrow(RangeError);
    expect(() => buildAdtsHeader({ objectType: 2, samplingFrequencyIndex: 3, channelConfiguration: 2 }, 9000)).toThrow(RangeError);
  });
});

describe('AV1 (av1C, OBUs, sequence header)', () => {
  const record = rtmpFixture('av1.av1C.bin');

  it('parses FFmpeg’s av1C and its sequence header (libaom 320x180 8-bit 4:2:0)', () => {
    const c = parseAv1DecoderConfig(record);
    expect(c).toMatchObject({ seqProfile: 0, seqLevelIdx0: 0, seqTier0: 0, highBitdepth: false, monochrome: false, chromaSubsamplingX: 1, chromaSubsamplingY: 1 });
    const found = findAv1SequenceHeaderObu(c.configObus)!;
    expect(found.header).toMatchObject({ maxFrameWidth: 320, maxFrameHeight: 180, bitDepth: 8, subsamplingX: 1, subsamplingY: 1 });
    expect(av1CodecString(found.header)).toBe('av01.0.00M.08');
    expect(buildAv1DecoderConfig(found.obu).equals(record)).toBe(true);
  });

  it('splits the OBU stream (temporal delimiters, sequence header, frames)', () => {
    expect(splitObus(rtmpFixture('av1.obu')).map((o) => o.type)).toEqual([2, 1, 6, 2, 6, 2, 6]);
  });

  it('parses a reduced still-picture sequence header', () => {
    // seq_profile 0, still 1, reduced 1, level 5 → '000 1 1 00101'; widths 4 bits each (n=16), 1920-1 / 1080-1.
    const bits = '000' + '1' + '1' + '00101' + '1111' + '1111' + (1919).toString(2).padStart(16, '0') + (1079).toString(2).padStart(16, '0') + '000' + '000' + '0' + '0' + '0' + '0' + '0' + '0';
    const buf = Buffer.alloc(Math.ceil(bits.length / 8));
    [...bits].forEach((b, i) => b === '1' && (buf[i >> 3] |= 0x80 >> (i & 7)));
    expect(parseAv1SequenceHeader(buf)).toMatchObject({ stillPicture: true, reducedStillPictureHeader: true, seqLevelIdx0: 5, maxFrameWidth: 1920, maxFrameHeight: 1080 });
  });

  it.each<[string, string, number, number]>([
    ['00', '00', 0, 1],
    ['7f', '7f', 127, 1],
    ['80 01', '8001', 128, 2],
    ['e5 8e 26', 'e58e26', 624485, 3],
  ])('reads leb128 %s', (_name, wire, value, length) => {
    expect(readLeb128(hex(wire), 0)).toEqual({ value, length });
  });

  it.each<[string, () => unknown, string]>([
    ['a short av1C', () => parseAv1DecoderConfig(hex('81 00')), 'TRUNCATED'],
    ['a wrong av1C marker', () => parseAv1DecoderConfig(hex('01 00 0c 00')), 'INVALID'],
    ['a leb128 of 9 bytes', () => readLeb128(hex('ff ff ff ff ff ff ff ff ff'), 0), 'INVALID'],
    ['an OBU with the forbidden bit', () => splitObus(hex('8a 00')), 'INVALID'],
    ['an OBU past the end', () => splitObus(hex('0a 05 00')), 'TRUNCATED'],
    ['seq_profile 3', () => parseAv1SequenceHeader(hex('60')), 'INVALID'],
    ['no sequence header to build from', () => buildAv1DecoderConfig(hex('12 00')), 'INVALID'],
  ])('rejects %s', (_name, f, code) => {
    expect(f).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});
