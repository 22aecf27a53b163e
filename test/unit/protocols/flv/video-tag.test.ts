// Video tag bodies, legacy and Enhanced RTMP (veovera/enhanced-rtmp v1/v2), written byte by byte
// from the specification's ExVideoTagHeader pseudocode.
import { describe, expect, it } from 'vitest';
import {
  flvVideoHeaderSize,
  parseFlvVideoTag,
  parseFlvVideoTagPackets,
  writeFlvVideoHeader,
  type FlvVideoHeaderSpec,
  type FlvVideoPacket,
} from '../../../../src/main/engine/protocols/flv/video-tag';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const fourcc = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const HVC1 = fourcc('hvc1');
const AV01 = fourcc('av01');
const AVC1 = fourcc('avc1');

const cases: Array<[string, string, Array<Partial<FlvVideoPacket>>]> = [
  // Legacy AVC (FLV 10.1 §E.4.3.1): frame type | codec id 7, AVCPacketType, SI24 composition time.
  ['AVC sequence header', '17 00 000000 01640028', [{ enhanced: false, codec: 'H264', fourCc: 'avc1', kind: 'sequenceStart', frameType: 1, data: hex('01640028') }]],
  ['AVC key frame, cts 67', '17 01 000043 00000002 6588', [{ codec: 'H264', kind: 'codedFrames', frameType: 1, compositionTime: 67, data: hex('00000002 6588') }]],
  ['AVC inter frame, negative cts', '27 01 ffffde 00000001 41', [{ kind: 'codedFrames', frameType: 2, compositionTime: -34 }]],
  ['AVC end of sequence', '17 02 000000', [{ kind: 'sequenceEnd' }]],
  ['legacy video info/command frame', '57 00', [{ kind: 'command', frameType: 5, command: 0 }]],
  ['legacy HEVC (codec id 12)', '1c 00 000000 01', [{ enhanced: false, codec: 'H265', fourCc: 'hvc1', codecId: 12, kind: 'sequenceStart' }]],
  ['Sorenson H.263 (opaque)', '22 0102', [{ enhanced: false, codecId: 2, kind: 'codedFrames', data: hex('0102') }]],
  // E-RTMP: IsExHeader | FrameType(3) | PacketType(4), FourCC.
  ['hvc1 SequenceStart', `90 ${HVC1} 0102`, [{ enhanced: true, codec: 'H265', fourCc: 'hvc1', kind: 'sequenceStart', frameType: 1, data: hex('0102') }]],
  ['hvc1 CodedFrames with cts', `91 ${HVC1} 000021 00000001 26`, [{ codec: 'H265', kind: 'codedFrames', frameType: 1, compositionTime: 33, data: hex('00000001 26') }]],
  ['hvc1 CodedFramesX (cts 0 implied)', `a3 ${HVC1} 00000001 02`, [{ kind: 'codedFrames', frameType: 2, compositionTime: 0, data: hex('00000001 02') }]],
  ['hvc1 SequenceEnd', `92 ${HVC1}`, [{ kind: 'sequenceEnd', data: Buffer.alloc(0) }]],
  ['av01 CodedFrames (no cts field)', `91 ${AV01} 12000a0b`, [{ codec: 'AV1', kind: 'codedFrames', compositionTime: 0, data: hex('12000a0b') }]],
  ['av01 MPEG2TSSequenceStart', `95 ${AV01} 80`, [{ codec: 'AV1', kind: 'mpeg2tsSequenceStart', data: hex('80') }]],
  ['avc1 via FourCC with cts', `91 ${AVC1} 000010 aa`, [{ enhanced: true, codec: 'H264', compositionTime: 16, data: hex('aa') }]],
  ['vp09 (known FourCC, no stream-model codec)', `90 ${fourcc('vp09')} 01`, [{ fourCc: 'vp09', kind: 'sequenceStart' }]],
  ['Metadata (frame type ignored)', `d4 ${HVC1} 02000963`, [{ kind: 'metadata', data: hex('02000963') }]],
  ['Command frame (v2): no FourCC', 'd1 01', [{ enhanced: true, kind: 'command', command: 1, frameType: 5 }]],
  // ModEx (v2): size-1, data, then modExType(4) | real packet type(4); type 0 = nanosecond offset.
  ['ModEx TimestampOffsetNano before CodedFrames', `97 02 0f4240 01 ${HVC1} 000000 aa`, [{ kind: 'codedFrames', timestampNanoOffset: 1_000_000, data: hex('aa') }]],
  ['two ModEx prefixes', `97 00 ff 07 02 000001 03 ${HVC1} bb`, [{ kind: 'codedFrames', compositionTime: 0, timestampNanoOffset: 1, data: hex('bb') }]],
  // Multitrack (v2): UB[4] multitrack type | UB[4] inner packet type, then per-track envelopes.
  ['Multitrack OneTrack', `96 01 ${HVC1} 02 000005 cc`, [{ trackId: 2, kind: 'codedFrames', compositionTime: 5, data: hex('cc') }]],
  [
    'Multitrack ManyTracks (same codec, sized tracks)',
    `96 13 ${HVC1} 00 000002 aaaa 01 000001 bb`,
    [
      { trackId: 0, kind: 'codedFrames', data: hex('aaaa') },
      { trackId: 1, kind: 'codedFrames', data: hex('bb') },
    ],
  ],
  [
    'Multitrack ManyTracksManyCodecs',
    `96 20 ${HVC1} 00 000001 aa ${AV01} 01 000002 bbbb`,
    [
      { trackId: 0, fourCc: 'hvc1', codec: 'H265', kind: 'sequenceStart', data: hex('aa') },
      { trackId: 1, fourCc: 'av01', codec: 'AV1', kind: 'sequenceStart', data: hex('bbbb') },
    ],
  ],
];

describe('FLV video tags', () => {
  it.each(cases)('parses %s', (_name, wire, expected) => {
    const packets = parseFlvVideoTagPackets(hex(wire));
    expect(packets).toHaveLength(expected.length);
    packets.forEach((p, i) => expect(p).toMatchObject(expected[i]));
  });

  it('leaves codec unset for codecs outside the stream model', () => {
    expect(parseFlvVideoTag(hex('22 0102')).codec).toBeUndefined();
    expect(parseFlvVideoTag(hex(`90 ${fourcc('vp09')} 01`)).codec).toBeUndefined();
  });

  it('picks track 0 from a multitrack tag', () => {
    expect(parseFlvVideoTag(hex(`96 13 ${HVC1} 01 000001 bb 00 000001 aa`)).data).toEqual(hex('aa'));
  });

  const bad: Array<[string, string, string]> = [
    ['empty body', '', 'TRUNCATED'],
    ['AVC header cut short', '17 01 00', 'TRUNCATED'],
    ['reserved AVCPacketType', '17 05 000000', 'INVALID'],
    ['FourCC cut short', '90 6876', 'TRUNCATED'],
    ['cts cut short', `91 ${HVC1} 00`, 'TRUNCATED'],
    ['reserved VideoPacketType 8', `98 ${HVC1}`, 'UNSUPPORTED'],
    ['ModEx data past the end', '97 05 00', 'TRUNCATED'],
    ['ModEx UI16 size cut short', '97 ff 00', 'TRUNCATED'],
    ['multitrack inside multitrack', `96 06 ${HVC1}`, 'INVALID'],
    ['reserved multitrack type', `96 31 ${HVC1}`, 'UNSUPPORTED'],
    ['track size past the end', `96 11 ${HVC1} 00 0000ff aa`, 'TRUNCATED'],
    ['multitrack without tracks', `96 11 ${HVC1}`, 'TRUNCATED'],
    ['command frame cut short', 'd1', 'TRUNCATED'],
  ];

  it.each(bad)('rejects %s with FlvError %s', (_name, wire, code) => {
    expect(() => parseFlvVideoTagPackets(hex(wire))).toThrow(expect.objectContaining({ name: 'FlvError', code }));
  });

  // What we send: legacy headers for H.264 (every player), E-RTMP for H.265/AV1.
  const headers: Array<[string, FlvVideoHeaderSpec, string]> = [
    ['H.264 sequence start', { codec: 'H264', kind: 'sequenceStart', frameType: 1 }, '1700000000'],
    ['H.264 inter frame cts 40', { codec: 'H264', kind: 'codedFrames', frameType: 2, compositionTime: 40 }, '2701000028'],
    ['H.264 end of sequence', { codec: 'H264', kind: 'sequenceEnd', frameType: 1 }, '1702000000'],
    ['H.265 sequence start', { codec: 'H265', kind: 'sequenceStart', frameType: 1 }, `90${HVC1}`],
    ['H.265 key frame cts 0 → CodedFramesX', { codec: 'H265', kind: 'codedFrames', frameType: 1, compositionTime: 0 }, `93${HVC1}`],
    ['H.265 frame cts -40 → CodedFrames', { codec: 'H265', kind: 'codedFrames', frameType: 2, compositionTime: -40 }, `a1${HVC1}ffffd8`],
    ['AV1 frame → CodedFrames', { codec: 'AV1', kind: 'codedFrames', frameType: 2, compositionTime: 7 }, `a1${AV01}`],
    ['AV1 sequence end', { codec: 'AV1', kind: 'sequenceEnd', frameType: 1 }, `92${AV01}`],
  ];

  it.each(headers)('writes the %s header', (_name, spec, wire) => {
    const out = Buffer.alloc(flvVideoHeaderSize(spec));
    expect(writeFlvVideoHeader(out, 0, spec)).toBe(out.length);
    expect(out.toString('hex')).toBe(wire);
    const back = parseFlvVideoTag(out);
    expect(back).toMatchObject({ codec: spec.codec, kind: spec.kind, frameType: spec.frameType });
    if (spec.codec !== 'AV1' && spec.kind === 'codedFrames') expect(back.compositionTime).toBe(spec.compositionTime);
  });

  it('refuses composition times that do not fit 24 bits', () => {
    expect(() => writeFlvVideoHeader(Buffer.alloc(8), 0, { codec: 'H264', kind: 'codedFrames', frameType: 1, compositionTime: 2 ** 23 })).toThrow(RangeError);
  });
});
