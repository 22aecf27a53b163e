import { describe, expect, it } from 'vitest';
import { BitReader, BitstreamError } from '../../../../src/main/engine/protocols/h264/bit-reader';
import { nalToRbsp } from '../../../../src/main/engine/protocols/h264/rbsp';
import {
  h264HasIdr,
  joinLengthPrefixed,
  splitAnnexB,
  splitLengthPrefixed,
} from '../../../../src/main/engine/protocols/h264/nal-units';
import { parseH264Sps, type H264Sps } from '../../../../src/main/engine/protocols/h264/sps';
import { buildAvcDecoderConfig, parseAvcDecoderConfig } from '../../../../src/main/engine/protocols/h264/avc-config';
import { h264CodecString } from '../../../../src/main/engine/protocols/h264/codec-string';
import { parseFlvFile } from '../../../../src/main/engine/protocols/flv/file';
import { rtmpFixture } from '../../../fixtures/rtmp/load';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('BitReader', () => {
  it.each<[string, number[]]>([
    // H.264 Table 9-2 codewords: 1 → 0, 010 → 1, 011 → 2, 00100 → 3, 00111 → 6, 0001000 → 7.
    ['1 010 011 00100 00111 0001000', [0, 1, 2, 3, 6, 7]],
  ])('reads ue(v) codes %s', (bits, values) => {
    const bitString = bits.replace(/ /g, '');
    const buf = Buffer.alloc(Math.ceil(bitString.length / 8));
    [...bitString].forEach((b, i) => b === '1' && (buf[i >> 3] |= 0x80 >> (i & 7)));
    const r = new BitReader(buf);
    expect(values.map(() => r.readUE())).toEqual(values);
  });

  it('maps ue to se as 0, 1, −1, 2, −2 (Table 9-3)', () => {
    const r = new BitReader(hex('a6 42 80')); // 1 010 011 00100 00101 → 0 1 -1 2 -2
    expect([r.readSE(), r.readSE(), r.readSE(), r.readSE(), r.readSE()]).toEqual([0, 1, -1, 2, -2]);
  });

  it('reads fixed-width fields up to 32 bits', () => {
    const r = new BitReader(hex('ffffffff 80'));
    expect(r.readBits(32)).toBe(0xffffffff);
    expect(r.readFlag()).toBe(true);
    expect(r.bitsLeft).toBe(7);
  });

  it('throws BitstreamError on truncation and on over-long codes', () => {
    expect(() => new BitReader(hex('00')).readUE()).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => new BitReader(hex('0000000000')).readUE()).toThrow(expect.objectContaining({ code: 'INVALID' }));
    expect(() => new BitReader(hex('ff')).readBits(9)).toThrow(BitstreamError);
  });
});

describe('emulation prevention (§7.4.1)', () => {
  it.each([
    ['00 00 03 01', '00 00 01'],
    ['00 00 03 00 00 03', '00 00 00 00'],
    ['aa 00 00 03 03', 'aa 00 00 03'],
    ['00 00 03', '00 00'],
  ])('%s → %s', (nal, rbsp) => {
    expect(nalToRbsp(hex(nal)).toString('hex')).toBe(hex(rbsp).toString('hex'));
  });

  it('returns the same buffer when there is nothing to remove', () => {
    const nal = hex('67 64 00 1e');
    expect(nalToRbsp(nal)).toBe(nal);
  });
});

describe('NAL unit framing', () => {
  it('splits Annex B with 3- and 4-byte start codes and trailing zeros', () => {
    const units = splitAnnexB(hex('00 00 00 01 67 aa 00 00 01 68 bb 00 00 00 00 01 65 cc'));
    expect(units.map((u) => u.toString('hex'))).toEqual(['67aa', '68bb', '65cc']);
    expect(splitAnnexB(hex('ff ff'))).toEqual([]);
  });

  it.each([1, 2, 4])('round-trips length prefixes of %i bytes', (size) => {
    const nalus = [hex('6588'), hex('41'), hex('06 05')];
    expect(splitLengthPrefixed(joinLengthPrefixed(nalus, size), size)).toEqual(nalus);
  });

  it('rejects lengths past the end and invalid length sizes', () => {
    expect(() => splitLengthPrefixed(hex('00 00 00 05 65'))).toThrow(expect.objectContaining({ name: 'BitstreamError', code: 'TRUNCATED' }));
    expect(() => splitLengthPrefixed(hex('00 00'))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => splitLengthPrefixed(hex('00'), 5)).toThrow(expect.objectContaining({ code: 'INVALID' }));
  });

  it('finds IDR slices', () => {
    expect(h264HasIdr([hex('09 f0'), hex('65 88')])).toBe(true);
    expect(h264HasIdr([hex('41 9a')])).toBe(false);
  });
});

// SPS bytes from x264 through FFmpeg (fixture FLVs and one-frame encodes); expectations are what
// ffprobe reports for the same streams.
const spsCases: Array<[string, string, Partial<H264Sps>, string]> = [
  ['High 640x360 (crop 368→360), fixture h264-aac.flv', '6764001eacd940a02ff970110000030001000003003c0f162d96',
    { profileIdc: 100, levelIdc: 30, width: 640, height: 360, codedHeight: 368, crop: { left: 0, right: 0, top: 0, bottom: 4 }, chromaFormatIdc: 1, frameRate: 30 }, 'avc1.64001e'],
  ['High 4:4:4 Predictive 318x174 with JVT scaling lists, fixture h264-444-cqm.flv', '67f4000c919b28282fdde022000003000200000300641e28532c',
    { profileIdc: 244, width: 318, height: 174, codedWidth: 320, codedHeight: 176, chromaFormatIdc: 3, frameRate: 25 }, 'avc1.f4000c'],
  ['High interlaced 352x288 (frame_mbs_only 0), fixture h264-interlaced.flv', '67640015acd941612d808800000300080000030190f8a14cb0',
    { profileIdc: 100, levelIdc: 21, width: 352, height: 288, frameMbsOnly: false }, 'avc1.640015'],
  ['Constrained Baseline 1920x1080 (crop 1088→1080)', '6742c028d900780227e5ffc000c00104000003000400000300c83c60c920',
    { profileIdc: 66, constraintFlags: 0xc0, levelIdc: 40, width: 1920, height: 1080, sar: { width: 3, height: 4 } }, 'avc1.42c028'],
  ['High 10 1280x720', '676e001fa6cd9405005bbff000300041000003000100000300320f183196',
    { profileIdc: 110, levelIdc: 31, width: 1280, height: 720, bitDepthLuma: 10, bitDepthChroma: 10 }, 'avc1.6e001f'],
  ['High 4:2:2 720x480', '677a001ebcd940b43dbff000800091000003000100000300320f162d96',
    { profileIdc: 122, width: 720, height: 480, chromaFormatIdc: 2, sar: { width: 8, height: 9 } }, 'avc1.7a001e'],
];

describe('H.264 SPS', () => {
  it.each(spsCases)('%s', (_name, spsHex, expected, codec) => {
    const sps = hex(spsHex);
    expect(parseH264Sps(sps)).toMatchObject(expected);
    expect(h264CodecString(sps)).toBe(codec);
  });

  it.each<[string, string, string]>([
    ['too short', '6764', 'TRUNCATED'],
    ['not an SPS', '6864001eac', 'INVALID'],
    ['cut after the level', '6764001e', 'TRUNCATED'],
    // 16x16 picture (one macroblock) with a crop of 2 × (5 + 5) columns.
    ['cropping larger than the picture', '6742c00a fbe63680', 'INVALID'],
  ])('rejects an SPS that is %s', (_name, spsHex, code) => {
    expect(() => parseH264Sps(hex(spsHex))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});

describe('AVCDecoderConfigurationRecord', () => {
  const records = ['h264-aac.flv', 'h264-444-cqm.flv', 'h264-interlaced.flv'].map((file) => {
    const tag = parseFlvFile(rtmpFixture(file)).tags.find((t) => t.type === 9)!;
    return [file, tag.body.subarray(5)] as const;
  });

  it.each(records)('parses FFmpeg’s record from %s and rebuilds it byte for byte', (_file, record) => {
    const c = parseAvcDecoderConfig(record);
    expect(c.nalLengthSize).toBe(4);
    expect(c.sps).toHaveLength(1);
    expect(c.pps).toHaveLength(1);
    expect(c.profileIndication).toBe(c.sps[0][1]);
    expect(buildAvcDecoderConfig({ sps: c.sps, pps: c.pps }).equals(record)).toBe(true);
  });

  it('builds a Baseline record without the high-profile extension', () => {
    const sps = hex('6742c028d900780227e5ffc000c00104000003000400000300c83c60c920');
    const record = buildAvcDecoderConfig({ sps, pps: hex('68ce3c80'), nalLengthSize: 4 });
    expect(record.subarray(0, 8).toString('hex')).toBe('0142c028ffe1001e');
    expect(record.length).toBe(6 + 2 + sps.length + 1 + 2 + 4);
    expect(parseAvcDecoderConfig(record).chromaFormat).toBeUndefined();
  });

  it.each<[string, string, string]>([
    ['short', '01 64 00', 'TRUNCATED'],
    ['wrong version', '02 64 00 1e ff e1 00 00 00', 'INVALID'],
    ['lengthSizeMinusOne 2', '01 64 00 1e fe e0 00', 'INVALID'],
    ['SPS past the end', '01 64 00 1e ff e1 00 10 67', 'TRUNCATED'],
    ['missing PPS count', '01 64 00 1e ff e0', 'TRUNCATED'],
  ])('rejects a %s record', (_name, wire, code) => {
    expect(() => parseAvcDecoderConfig(hex(wire))).toThrow(expect.objectContaining({ name: 'BitstreamError', code }));
  });
});
