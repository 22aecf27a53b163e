// Property/fuzz tests for the codec parsers: random and mutated input must parse or throw
// BitstreamError, and outputs must stay views of (or no larger than) the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitstreamError } from '../../../../src/main/engine/protocols/h264/bit-reader';
import { nalToRbsp } from '../../../../src/main/engine/protocols/h264/rbsp';
import { splitAnnexB, splitLengthPrefixed } from '../../../../src/main/engine/protocols/h264/nal-units';
import { parseH264Sps } from '../../../../src/main/engine/protocols/h264/sps';
import { parseAvcDecoderConfig } from '../../../../src/main/engine/protocols/h264/avc-config';
import { parseH265Sps } from '../../../../src/main/engine/protocols/h265/sps';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../../../../src/main/engine/protocols/h265/hvcc';
import { parseAudioSpecificConfig } from '../../../../src/main/engine/protocols/aac/audio-specific-config';
import { parseAdtsHeader, splitAdtsFrames } from '../../../../src/main/engine/protocols/aac/adts';
import { parseAv1DecoderConfig, findAv1SequenceHeaderObu } from '../../../../src/main/engine/protocols/av1/av1c';
import { splitObus } from '../../../../src/main/engine/protocols/av1/obu';
import { parseAv1SequenceHeader } from '../../../../src/main/engine/protocols/av1/sequence-header';
import { parseFlvFile } from '../../../../src/main/engine/protocols/flv/file';
import { rtmpFixture } from '../../../fixtures/rtmp/load';
import { fuzzInput, mutated, randomBytes, returnsOrThrowsTyped, runs } from '../../../fixtures/rtmp/fuzz-helpers';

const hex = (s: string) => Buffer.from(s, 'hex');
const avcRecords = ['h264-aac.flv', 'h264-444-cqm.flv', 'h264-interlaced.flv'].map((f) => parseFlvFile(rtmpFixture(f)).tags.find((t) => t.type === 9)!.body.subarray(5));
const h264Sps = avcRecords.map((r) => parseAvcDecoderConfig(r).sps[0]).concat([hex('6742c028d900780227e5ffc000c00104000003000400000300c83c60c920')]);
const hvccRecord = rtmpFixture('h265.hvcC.bin');
const h265Sps = [
  hevcConfigNalu(parseHevcDecoderConfig(hvccRecord), 33)!,
  hex('420101022000000300900000030000030078a003c08010e4d96566924cafff000300046808000003000800000300c840'),
  hex('4201010408000003009e0800000300005a9000a0403c2cb2b349265780b4040000030004000003006420'),
];
const ascSeeds = ['1208 56e5 00', '1190', '2b920800', '17802af810', 'f94640'].map((s) => hex(s.replace(/ /g, '')));
const av1c = rtmpFixture('av1.av1C.bin');

describe('codec parsers under random and mutated input', () => {
  it('H.264 SPS → fields or BitstreamError', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(h264Sps, 4), randomBytes(64).map((b) => Buffer.concat([Buffer.from([0x67]), b]))), (sps) => {
        const info = returnsOrThrowsTyped(() => parseH264Sps(sps), BitstreamError);
        if (info) expect(info.width).toBeGreaterThan(0);
      }),
      runs(2000),
    );
  });

  it('AVCDecoderConfigurationRecord → parameter sets (views) or BitstreamError', () => {
    fc.assert(
      fc.property(fuzzInput(avcRecords, 128), (record) => {
        const c = returnsOrThrowsTyped(() => parseAvcDecoderConfig(record), BitstreamError);
        if (c) expect([...c.sps, ...c.pps].reduce((n, x) => n + x.length, 0)).toBeLessThanOrEqual(record.length);
      }),
      runs(2000),
    );
  });

  it('H.265 SPS → fields or BitstreamError', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(h265Sps, 4), randomBytes(64).map((b) => Buffer.concat([Buffer.from([0x42, 0x01]), b]))), (sps) => {
        returnsOrThrowsTyped(() => parseH265Sps(sps), BitstreamError);
      }),
      runs(2000),
    );
  });

  it('HEVCDecoderConfigurationRecord → arrays or BitstreamError', () => {
    fc.assert(
      fc.property(fuzzInput([hvccRecord.subarray(0, 200), hvccRecord], 256), (record) => {
        const c = returnsOrThrowsTyped(() => parseHevcDecoderConfig(record), BitstreamError);
        if (c) expect(c.arrays.length).toBeLessThanOrEqual(255);
      }),
      runs(2000),
    );
  });

  it('AudioSpecificConfig → config or BitstreamError', () => {
    fc.assert(
      fc.property(fuzzInput(ascSeeds, 16), (asc) => {
        returnsOrThrowsTyped(() => parseAudioSpecificConfig(asc), BitstreamError);
      }),
      runs(2000),
    );
  });

  it('ADTS → frames or BitstreamError', () => {
    const adts = rtmpFixture('aac-48k-stereo.adts').subarray(0, 900);
    fc.assert(
      fc.property(fuzzInput([adts], 256), (input) => {
        returnsOrThrowsTyped(() => parseAdtsHeader(input), BitstreamError);
        const frames = returnsOrThrowsTyped(() => splitAdtsFrames(input), BitstreamError);
        if (frames) expect(frames.reduce((n, f) => n + f.header.frameLength, 0)).toBe(input.length);
      }),
      runs(2000),
    );
  });

  it('AV1: av1C, OBUs and sequence headers → parsed or BitstreamError', () => {
    const obus = rtmpFixture('av1.obu').subarray(0, 400);
    fc.assert(
      fc.property(fuzzInput([av1c, obus, av1c.subarray(6)], 256), (input) => {
        returnsOrThrowsTyped(() => {
          const c = parseAv1DecoderConfig(input);
          findAv1SequenceHeaderObu(c.configObus);
        }, BitstreamError);
        returnsOrThrowsTyped(() => splitObus(input), BitstreamError);
        returnsOrThrowsTyped(() => parseAv1SequenceHeader(input), BitstreamError);
      }),
      runs(2000),
    );
  });

  it('NAL framing never throws on Annex B, and length-prefixed splitting throws only BitstreamError', () => {
    fc.assert(
      fc.property(randomBytes(256), fc.constantFrom(1, 2, 4), (input, size) => {
        for (const n of splitAnnexB(input)) expect(n.length).toBeLessThanOrEqual(input.length);
        expect(nalToRbsp(input).length).toBeLessThanOrEqual(input.length);
        returnsOrThrowsTyped(() => splitLengthPrefixed(input, size), BitstreamError);
      }),
      runs(2000),
    );
  });
});
