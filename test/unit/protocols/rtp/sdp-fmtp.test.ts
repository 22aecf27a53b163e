import { describe, expect, it } from 'vitest';
import type { Track } from '../../../../src/main/engine/protocols/media/types';
import { aacHeaderLayout, fmtpForTrack, parseFmtpParameters, trackFromRtpmap } from '../../../../src/main/engine/protocols/rtp/sdp-fmtp';

// a=rtpmap / a=fmtp values as FFmpeg 7 writes them (`-f rtp -sdp_file`), and as our writer must
// reproduce them where the parameters are the same.
const ffmpegH264 = 'packetization-mode=1; sprop-parameter-sets=Z2QAHqzZQKAv+XARAAADAAEAAAMAPA8WLZY=,aOvjyyLA; profile-level-id=64001E';
const briefH264 = 'packetization-mode=1; sprop-parameter-sets=Z2QAH6zZQFAFuwEQAAADABAAAAMDyPGDGWA=,aOvjyyLA; profile-level-id=64001F';
const ffmpegH265 = 'sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwA/lZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwA/oAUCAWlllZpJMrwFoCAAAAMAIAAAAwPB; sprop-pps=RAHBcrRiQA==';

describe('trackFromRtpmap and fmtpForTrack', () => {
  it.each<[string, string, string, Partial<Track>]>([
    ['FFmpeg H.264 640x360', 'H264/90000', ffmpegH264, { kind: 'video', codec: 'H264', width: 640, height: 360, codecString: 'avc1.64001e' }],
    ['FFmpeg H.264 1280x720', 'H264/90000', briefH264, { kind: 'video', codec: 'H264', width: 1280, height: 720, codecString: 'avc1.64001f' }],
    ['FFmpeg H.265', 'H265/90000', ffmpegH265, { kind: 'video', codec: 'H265', width: 640, height: 360 }],
    ['FFmpeg Opus', 'opus/48000/2', 'sprop-stereo=1', { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 }],
  ])('%s round-trips exactly', (_n, rtpmap, fmtp, expected) => {
    const track = trackFromRtpmap(rtpmap, fmtp)!;
    expect(track).toMatchObject(expected);
    expect(fmtpForTrack(track)).toEqual({ rtpmap, fmtp });
  });

  it('reads an FFmpeg AAC description (no spaces, HE-AAC config) and writes ours', () => {
    const track = trackFromRtpmap('MPEG4-GENERIC/44100/1', 'profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=120856E500');
    expect(track).toMatchObject({ kind: 'audio', codec: 'AAC', clockRate: 44100, channels: 1 });
    expect(fmtpForTrack(track!)).toEqual({
      rtpmap: 'MPEG4-GENERIC/44100/1',
      fmtp: 'streamtype=5; profile-level-id=1; mode=AAC-hbr; sizelength=13; indexlength=3; indexdeltalength=3; config=120856e500',
    });
  });

  it('reads a GStreamer-style AAC description in another order', () => {
    const fmtp = 'streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1190; sizelength=13; indexlength=3; indexdeltalength=3';
    expect(trackFromRtpmap('mpeg4-generic/48000/2', fmtp)).toMatchObject({ codec: 'AAC', clockRate: 48000, channels: 2, codecString: 'mp4a.40.2' });
    expect(aacHeaderLayout(fmtp)).toEqual({ sizeLength: 13, indexLength: 3, indexDeltaLength: 3 });
    expect(aacHeaderLayout('mode=AAC-lbr; sizelength=6; indexlength=2; indexdeltalength=2')).toEqual({ sizeLength: 6, indexLength: 2, indexDeltaLength: 2 });
  });

  it.each<[string, string, string | undefined]>([
    ['H.264 interleaved mode', 'H264/90000', 'packetization-mode=2'],
    ['AAC without config', 'MPEG4-GENERIC/48000/2', 'mode=AAC-hbr'],
    ['AAC with a bad config', 'MPEG4-GENERIC/48000/2', 'mode=AAC-hbr; config=zz'],
    ['AAC in CELP mode', 'MPEG4-GENERIC/48000/2', 'mode=CELP-cbr; config=1190'],
    ['VP8', 'VP8/90000', undefined],
    ['an empty rtpmap', '', undefined],
  ])('gives no track for %s', (_n, rtpmap, fmtp) => {
    expect(trackFromRtpmap(rtpmap, fmtp)).toBeUndefined();
  });

  it('keeps an H.264 track whose SPS does not parse, without size', () => {
    const t = trackFromRtpmap('H264/90000', 'sprop-parameter-sets=Z2Q=,aOvjyyLA');
    expect(t).toMatchObject({ codec: 'H264' });
    expect(t).not.toHaveProperty('width');
  });

  it('describes mono Opus with sprop-stereo=0 and treats a missing parameter as stereo', () => {
    expect(fmtpForTrack({ kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 1 })).toEqual({ rtpmap: 'opus/48000/2', fmtp: 'sprop-stereo=0' });
    expect(trackFromRtpmap('OPUS/48000/2')).toMatchObject({ channels: 2 });
    expect(trackFromRtpmap('opus/48000/2', 'sprop-stereo=0')).toMatchObject({ channels: 1 });
  });

  it('describes a video track without parameter sets', () => {
    expect(fmtpForTrack({ kind: 'video', codec: 'H264', clockRate: 90000 })).toEqual({ rtpmap: 'H264/90000', fmtp: 'packetization-mode=1' });
    expect(fmtpForTrack({ kind: 'video', codec: 'H265', clockRate: 90000 })).toEqual({ rtpmap: 'H265/90000' });
    expect(fmtpForTrack({ kind: 'video', codec: 'AV1', clockRate: 90000 })).toBeUndefined();
  });
});

describe('parseFmtpParameters', () => {
  it('splits on semicolons with or without spaces, lower-cases keys, keeps values', () => {
    expect([...parseFmtpParameters(' a=1;B=Xy ; flag;c=d=e ')]).toEqual([['a', '1'], ['b', 'Xy'], ['flag', ''], ['c', 'd=e']]);
  });
});
