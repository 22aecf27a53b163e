import { describe, expect, it } from 'vitest';
import { splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import { H265NalType, h265HasIrap, h265NalType } from '../../../../src/main/engine/protocols/h265/nal-units';
import { parseH265Sps, type H265Sps } from '../../../../src/main/engine/protocols/h265/sps';
import { buildHevcDecoderConfig, hevcConfigNalu, parseHevcDecoderConfig } from '../../../../src/main/engine/protocols/h265/hvcc';
import { h265CodecString } from '../../../../src/main/engine/protocols/h265/codec-string';
import { rtmpFixture } from '../../../fixtures/rtmp/load';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// x265 output through FFmpeg; ffprobe reported the same profile, size and level.
const spsCases: Array<[string, string, Partial<H265Sps>, string]> = [
  ['Main 426x240 (conformance window 432→426), fixture', '', { width: 426, height: 240, codedWidth: 432, chromaFormatIdc: 1, bitDepthLuma: 8 }, 'hvc1.1.6.L60.90'],
  ['Main 10 1920x1080', '420101022000000300900000030000030078a003c08010e4d96566924cafff000300046808000003000800000300c840',
    { width: 1920, height: 1080, bitDepthLuma: 10, bitDepthChroma: 10 }, 'hvc1.2.4.L120.90'],
  ['RExt 4:4:4 640x480', '4201010408000003009e0800000300005a9000a0403c2cb2b349265780b4040000030004000003006420',
    { width: 640, height: 480, chromaFormatIdc: 3 }, 'hvc1.4.10.L90.9E.8'],
];

describe('H.265 SPS and codec strings', () => {
  const fixtureSps = hevcConfigNalu(parseHevcDecoderConfig(rtmpFixture('h265.hvcC.bin')), H265NalType.Sps)!;

  it.each(spsCases)('%s', (_name, spsHex, expected, codec) => {
    const sps = parseH265Sps(spsHex ? hex(spsHex) : fixtureSps);
    expect(sps).toMatchObject(expected);
    expect(h265CodecString(sps.profileTierLevel)).toBe(codec);
  });

  it('uses the hev1 sample entry when asked', () => {
    expect(h265CodecString(parseH265Sps(fixtureSps).profileTierLevel, 'hev1')).toBe('hev1.1.6.L60.90');
  });

  it.each<[string, string, string]>([
    ['too short', '4201', 'TRUNCATED'],
    ['not an SPS', '4001 0c01', 'INVALID'],
    ['cut inside profile_tier_level', '4201 01 01', 'TRUNCATED'],
  ])('rejects an SPS that is %s', (_name, spsHex, code) => {
    expect(() => parseH265Sps(hex(spsHex))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});

describe('H.265 NAL units', () => {
  it('reads types from x265’s stream and finds IRAP pictures', () => {
    const nals = splitAnnexB(rtmpFixture('h265.hevc'));
    expect(nals.slice(0, 5).map(h265NalType)).toEqual([H265NalType.Vps, H265NalType.Sps, H265NalType.Pps, H265NalType.SeiPrefix, H265NalType.IdrNLp]);
    expect(h265HasIrap(nals.slice(0, 5))).toBe(true);
    expect(h265HasIrap([hex('0201 aa')])).toBe(false); // TRAIL_R
    expect(h265HasIrap([hex('2a01 aa')])).toBe(true); // CRA (21 << 1)
  });
});

describe('HEVCDecoderConfigurationRecord', () => {
  const record = rtmpFixture('h265.hvcC.bin');
  const ffmpeg = parseHevcDecoderConfig(record);

  it('parses FFmpeg’s record (VPS, SPS, PPS and the x265 SEI)', () => {
    expect(ffmpeg.arrays.map((a) => [a.nalType, a.nalus.length])).toEqual([[32, 1], [33, 1], [34, 1], [39, 1]]);
    expect(ffmpeg).toMatchObject({ nalLengthSize: 4, chromaFormat: 1, bitDepthLuma: 8, numTemporalLayers: 1, temporalIdNested: true });
    expect(ffmpeg.profileTierLevel).toMatchObject({ profileIdc: 1, levelIdc: 60, tierFlag: 0 });
  });

  it('builds a record FFmpeg’s fields agree with, from the parameter sets alone', () => {
    const ours = parseHevcDecoderConfig(
      buildHevcDecoderConfig({
        vps: hevcConfigNalu(ffmpeg, H265NalType.Vps)!,
        sps: hevcConfigNalu(ffmpeg, H265NalType.Sps)!,
        pps: hevcConfigNalu(ffmpeg, H265NalType.Pps)!,
      }),
    );
    const { arrays: _a, ...fields } = ffmpeg;
    const { arrays, ...ourFields } = ours;
    expect(ourFields).toEqual(fields);
    expect(arrays.map((a) => [a.nalType, a.complete])).toEqual([[32, true], [33, true], [34, true]]);
    for (const a of arrays) expect(a.nalus[0].equals(hevcConfigNalu(ffmpeg, a.nalType)!)).toBe(true);
  });

  it('carries extra arrays and writes the same bytes it parsed (FFmpeg’s header bytes included)', () => {
    const rebuilt = buildHevcDecoderConfig({
      vps: hevcConfigNalu(ffmpeg, 32)!,
      sps: hevcConfigNalu(ffmpeg, 33)!,
      pps: hevcConfigNalu(ffmpeg, 34)!,
      extraArrays: [ffmpeg.arrays[3]],
    });
    // FFmpeg marks arrays complete as well (0xa0 = complete | VPS), and the SEI array not (0x27).
    expect(rebuilt.equals(record)).toBe(true);
  });

  it.each<[string, string, string]>([
    ['short', '01 01 60', 'TRUNCATED'],
    ['wrong version', '02' + '00'.repeat(22), 'INVALID'],
    ['array past the end', '01 01 60000000 900000000000 3c f000 fc fd f8 f8 0000 0f 01 a0 0001 0010 40', 'TRUNCATED'],
  ])('rejects a %s record', (_name, wire, code) => {
    expect(() => parseHevcDecoderConfig(hex(wire))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});
