// Property/fuzz tests for FLV: tag bodies, sequence-header conversion, access units, the file
// reader, script tags, OpusHead and MP3 headers. Each must parse or throw FlvError (or the codec
// layer's BitstreamError / the AMF layer's AmfError where it delegates), within its limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlvError } from '../../../../src/main/engine/protocols/flv/errors';
import { FlvTagReader, buildFlvTag, parseFlvFile } from '../../../../src/main/engine/protocols/flv/file';
import { parseFlvVideoTagPackets } from '../../../../src/main/engine/protocols/flv/video-tag';
import { parseFlvAudioTagPackets } from '../../../../src/main/engine/protocols/flv/audio-tag';
import {
  audioTrackFromMp3Packet,
  audioTrackFromSequenceStart,
  flvAudioSequenceStartBody,
  flvVideoSequenceStartBody,
  videoTrackFromSequenceStart,
} from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import { parseFlvScriptTag } from '../../../../src/main/engine/protocols/flv/script-tag';
import { parseOpusHead, buildOpusHead } from '../../../../src/main/engine/protocols/flv/opus-head';
import { parseMp3FrameHeader } from '../../../../src/main/engine/protocols/flv/mp3-header';
import { BitstreamError } from '../../../../src/main/engine/protocols/h264/bit-reader';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../../../../src/main/engine/protocols/h265/hvcc';
import { parseAv1DecoderConfig } from '../../../../src/main/engine/protocols/av1/av1c';
import { AmfError } from '../../../../src/main/engine/protocols/rtmp/errors';
import { rtmpFixture } from '../../../fixtures/rtmp/load';
import { fuzzInput, mutated, returnsOrThrowsTyped, runs, slices } from '../../../fixtures/rtmp/fuzz-helpers';

const files = ['h264-aac.flv', 'h264-444-cqm.flv', 'mp3.flv'].map(rtmpFixture);
const tags = files.flatMap((f) => parseFlvFile(f).tags);
const videoBodies = tags.filter((t) => t.type === 9).map((t) => t.body.subarray(0, 600));
const audioBodies = tags.filter((t) => t.type === 8).map((t) => t.body);
const scriptBodies = tags.filter((t) => t.type === 18).map((t) => t.body);

// E-RTMP sequence headers built from FFmpeg's hvcC / av1C, plus Opus.
const hvcc = parseHevcDecoderConfig(rtmpFixture('h265.hvcC.bin'));
const enhancedVideo = [
  flvVideoSequenceStartBody({ kind: 'video', codec: 'H265', clockRate: 90000, vps: hevcConfigNalu(hvcc, 32), sps: hevcConfigNalu(hvcc, 33), pps: hevcConfigNalu(hvcc, 34) }),
  flvVideoSequenceStartBody({ kind: 'video', codec: 'AV1', clockRate: 90000, av1SequenceHeader: parseAv1DecoderConfig(rtmpFixture('av1.av1C.bin')).configObus }),
  Buffer.from('96130' + Buffer.from('hvc1').toString('hex') + '000002aaaa01000001bb', 'hex'),
  Buffer.from('97020f424001' + Buffer.from('hvc1').toString('hex') + '000000aa', 'hex'),
];
const enhancedAudio = [flvAudioSequenceStartBody({ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 6 })!];

describe('FLV parsers under random and mutated input', () => {
  it('video tag bodies → packets or FlvError; packets are views inside the body', () => {
    fc.assert(
      fc.property(fuzzInput([...videoBodies, ...enhancedVideo], 600), (body) => {
        const packets = returnsOrThrowsTyped(() => parseFlvVideoTagPackets(body), FlvError);
        for (const p of packets ?? []) expect(p.data.length).toBeLessThanOrEqual(body.length);
      }),
      runs(2000),
    );
  });

  it('audio tag bodies → packets or FlvError', () => {
    fc.assert(
      fc.property(fuzzInput([...audioBodies, ...enhancedAudio], 300), (body) => {
        returnsOrThrowsTyped(() => parseFlvAudioTagPackets(body), FlvError);
      }),
      runs(2000),
    );
  });

  it('sequence headers → tracks, or FlvError/BitstreamError', () => {
    const seeds = [...videoBodies.filter((b) => b[1] === 0), ...enhancedVideo, ...audioBodies.filter((b) => b[1] === 0), ...enhancedAudio];
    fc.assert(
      fc.property(mutated(seeds, 4), (body) => {
        returnsOrThrowsTyped(() => {
          for (const p of parseFlvVideoTagPackets(body)) if (p.kind === 'sequenceStart') videoTrackFromSequenceStart(p);
        }, FlvError, BitstreamError);
        returnsOrThrowsTyped(() => {
          for (const p of parseFlvAudioTagPackets(body)) {
            if (p.kind === 'sequenceStart') audioTrackFromSequenceStart(p);
            else if (p.codec === 'MP3') audioTrackFromMp3Packet(p);
          }
        }, FlvError, BitstreamError);
      }),
      runs(2000),
    );
  });

  it('coded frames → access units or FlvError/BitstreamError', () => {
    fc.assert(
      fc.property(mutated(videoBodies.filter((b) => b[1] === 1)), fc.constantFrom(1, 2, 4), (body, nalLengthSize) => {
        returnsOrThrowsTyped(() => {
          for (const p of parseFlvVideoTagPackets(body)) if (p.kind === 'codedFrames') accessUnitFromFlvVideo(p, 0, 0, nalLengthSize);
        }, FlvError, BitstreamError);
      }),
      runs(1000),
    );
  });

  it('FLV file reader → tags within maxTagSize, or FlvError', () => {
    const seeds = files.map((f) => f.subarray(0, 3000)).concat([Buffer.concat([files[0].subarray(0, 13), buildFlvTag(9, 0, enhancedVideo[0])])]);
    fc.assert(
      fc.property(fuzzInput(seeds, 2000), fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }), (input, sizes) => {
        const reader = new FlvTagReader({ maxTagSize: 4096 });
        returnsOrThrowsTyped(() => {
          for (const s of slices(input, sizes)) for (const t of reader.feed(s)) expect(t.body.length).toBeLessThanOrEqual(4096);
        }, FlvError);
      }),
      runs(1000),
    );
  });

  it('script tags → name and values, or FlvError/AmfError', () => {
    fc.assert(
      fc.property(fuzzInput(scriptBodies, 400), (body) => {
        returnsOrThrowsTyped(() => parseFlvScriptTag(body), FlvError, AmfError);
      }),
      runs(1000),
    );
  });

  it('OpusHead and MPEG audio headers → parsed or FlvError', () => {
    const mp3 = audioBodies.filter((b) => b[0] >> 4 === 2).map((b) => b.subarray(1, 8));
    fc.assert(
      fc.property(fuzzInput([buildOpusHead(2), buildOpusHead(8), ...mp3], 64), (input) => {
        returnsOrThrowsTyped(() => parseOpusHead(input), FlvError);
        returnsOrThrowsTyped(() => parseMp3FrameHeader(input), FlvError);
      }),
      runs(1000),
    );
  });
});
