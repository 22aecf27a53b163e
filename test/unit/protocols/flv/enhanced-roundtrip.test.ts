// H.265 and AV1 over Enhanced RTMP/FLV. FFmpeg 5.1 on this machine cannot write or read enhanced
// FLV, so the input is FFmpeg's own elementary streams and configuration records (x265/libaom
// output, the hvcC/av1C FFmpeg's MP4 muxer wrote) with ffprobe's timing; we build E-RTMP tags
// from them and parse them back.
import { describe, expect, it } from 'vitest';
import { H265NalType, h265NalType } from '../../../../src/main/engine/protocols/h265/nal-units';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../../../../src/main/engine/protocols/h265/hvcc';
import { parseAv1DecoderConfig } from '../../../../src/main/engine/protocols/av1/av1c';
import { Av1ObuType, splitObus } from '../../../../src/main/engine/protocols/av1/obu';
import { FlvTagReader, FlvTagType, buildFlvFileHeader, buildFlvTag, flvTagFromAccessUnit } from '../../../../src/main/engine/protocols/flv/file';
import { parseFlvVideoTag } from '../../../../src/main/engine/protocols/flv/video-tag';
import { flvVideoSequenceEndBody, flvVideoSequenceStartBody, videoTrackFromSequenceStart } from '../../../../src/main/engine/protocols/flv/sequence-header';
import { accessUnitFromFlvVideo } from '../../../../src/main/engine/protocols/flv/access-unit';
import type { AccessUnit, VideoTrack } from '../../../../src/main/engine/protocols/media/types';
import { probeFixture, rtmpFixture } from '../../../fixtures/rtmp/load';
import { hevcAccessUnits } from '../../../fixtures/rtmp/hevc';


function readTags(file: Buffer) {
  return new FlvTagReader().feed(file);
}

describe('H.265 over E-RTMP', () => {
  const hvcc = parseHevcDecoderConfig(rtmpFixture('h265.hvcC.bin'));
  const track: VideoTrack = {
    kind: 'video',
    codec: 'H265',
    clockRate: 90000,
    vps: hevcConfigNalu(hvcc, H265NalType.Vps),
    sps: hevcConfigNalu(hvcc, H265NalType.Sps),
    pps: hevcConfigNalu(hvcc, H265NalType.Pps),
  };
  const probe = probeFixture('h265.probe.json');
  const [num, den] = probe.streams[0].time_base.split('/').map(Number);
  const to90k = (t: number) => Math.round(((t + 1024) * 90000 * num) / den); // +1024: make the first dts 0
  const units: AccessUnit[] = hevcAccessUnits(rtmpFixture('h265.hevc')).map((nalus, i) => ({
    track: 0,
    dts: to90k(probe.packets[i].dts),
    pts: to90k(probe.packets[i].pts),
    key: probe.packets[i].flags.startsWith('K'),
    // Parameter sets travel in the sequence header; keep the slices (what MP4 stores).
    nalus: nalus.filter((n) => h265NalType(n) < 32),
  }));

  it('groups FFmpeg’s Annex B stream into ffprobe’s packets', () => {
    expect(units).toHaveLength(probe.packets.length);
    units.forEach((u, i) => expect(u.nalus!.reduce((n, x) => n + 4 + x.length, 0)).toBe(Number(probe.packets[i].size)));
  });

  it('writes an E-RTMP FLV and reads back the track, timing and NAL units', () => {
    const file = Buffer.concat([
      buildFlvFileHeader({ audio: false, video: true }),
      buildFlvTag(FlvTagType.Video, 0, flvVideoSequenceStartBody(track)),
      ...units.map((u) => flvTagFromAccessUnit(u, track)),
      buildFlvTag(FlvTagType.Video, 320, flvVideoSequenceEndBody(track)),
    ]);
    const tags = readTags(file);
    const start = parseFlvVideoTag(tags[0].body);
    expect(start).toMatchObject({ enhanced: true, fourCc: 'hvc1', kind: 'sequenceStart' });
    const config = videoTrackFromSequenceStart(start);
    expect(config.track).toMatchObject({ codec: 'H265', width: 426, height: 240, codecString: 'hvc1.1.6.L60.90' });
    expect(config.track.sps!.equals(track.sps!)).toBe(true);
    const back = tags.slice(1, -1).map((t) => accessUnitFromFlvVideo(parseFlvVideoTag(t.body), t.timestamp, 0, config.nalLengthSize));
    expect(back.map((u) => [u.dts, u.pts, u.key])).toEqual(units.map((u) => [u.dts, u.pts, u.key]));
    back.forEach((u, i) => expect(Buffer.concat(u.nalus!).equals(Buffer.concat(units[i].nalus!))).toBe(true));
    // Frames with a composition offset use CodedFrames (cts field), others CodedFramesX.
    expect(tags.slice(1, -1).map((t) => t.body[0] & 0x0f)).toEqual(units.map((u) => (u.pts === u.dts ? 3 : 1)));
    expect(parseFlvVideoTag(tags[tags.length - 1].body).kind).toBe('sequenceEnd');
  });

  it('marks IRAP pictures (IDR and CRA) as key frames even without the FLV key flag', () => {
    const cra = units[5];
    expect(cra.nalus!.map(h265NalType)).toEqual([H265NalType.CraNut]);
    const tag = flvTagFromAccessUnit({ ...cra, key: false }, track);
    const body = tag.subarray(11, tag.length - 4);
    expect(accessUnitFromFlvVideo(parseFlvVideoTag(body), 0, 0).key).toBe(true);
  });
});

describe('AV1 over E-RTMP', () => {
  const av1c = parseAv1DecoderConfig(rtmpFixture('av1.av1C.bin'));
  const track: VideoTrack = { kind: 'video', codec: 'AV1', clockRate: 90000, av1SequenceHeader: av1c.configObus };
  // Temporal units: a temporal delimiter starts each one; MP4/FLV samples leave it out.
  const temporalUnits: Buffer[] = [];
  for (const obu of splitObus(rtmpFixture('av1.obu'))) {
    if (obu.type === Av1ObuType.TemporalDelimiter) temporalUnits.push(Buffer.alloc(0));
    else temporalUnits[temporalUnits.length - 1] = Buffer.concat([temporalUnits[temporalUnits.length - 1], obu.data]);
  }
  const probe = probeFixture('av1.probe.json');

  it('splits FFmpeg’s OBU stream into ffprobe’s packets', () => {
    expect(temporalUnits.map((t) => t.length)).toEqual(probe.packets.map((p) => Number(p.size) ));
  });

  it('writes an E-RTMP FLV and reads back the track and temporal units', () => {
    const units: AccessUnit[] = temporalUnits.map((payload, i) => ({ track: 0, dts: i * 3600, pts: i * 3600, key: i === 0, payload }));
    const file = Buffer.concat([
      buildFlvFileHeader({ audio: false, video: true }),
      buildFlvTag(FlvTagType.Video, 0, flvVideoSequenceStartBody(track)),
      ...units.map((u) => flvTagFromAccessUnit(u, track)),
    ]);
    const tags = readTags(file);
    expect(tags[0].body.subarray(5).equals(rtmpFixture('av1.av1C.bin'))).toBe(true);
    const config = videoTrackFromSequenceStart(parseFlvVideoTag(tags[0].body));
    expect(config.track).toMatchObject({ codec: 'AV1', width: 320, height: 180, codecString: 'av01.0.00M.08' });
    const back = tags.slice(1).map((t) => accessUnitFromFlvVideo(parseFlvVideoTag(t.body), t.timestamp, 0));
    expect(back.map((u) => [u.dts, u.key, u.payload!.toString('base64')])).toEqual(units.map((u) => [u.dts, u.key, u.payload!.toString('base64')]));
  });
});
