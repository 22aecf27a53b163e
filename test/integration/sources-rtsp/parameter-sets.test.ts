// In-band parameter sets: a camera whose SDP has no sprop-* is published at the first keyframe,
// with the track completed from that keyframe's SPS/PPS(/VPS). FFmpeg encodes the one frame.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ParameterSetWait } from '../../../src/main/engine/clients/rtsp/parameter-sets';
import type { AccessUnit } from '../../../src/main/engine/protocols/media/types';
import { splitAnnexB } from '../../../src/main/engine/protocols/h264/nal-units';
import { trackFromRtpmap } from '../../../src/main/engine/protocols/rtp/sdp-fmtp';

function oneFrame(encoder: string): Buffer[] {
  const format = encoder === 'libx264' ? 'h264' : 'hevc';
  const out = execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '1',
    '-c:v', encoder, ...(encoder === 'libx265' ? ['-x265-params', 'log-level=error'] : []), '-f', format, '-'], { maxBuffer: 10 * 1024 * 1024 });
  return splitAnnexB(out).filter((n) => n.length > 0);
}

describe('ParameterSetWait', () => {
  it.each([
    ['libx264', 'H264/90000', 'packetization-mode=1', /^avc1\./],
    ['libx265', 'H265/90000', undefined, /^hvc1\./],
  ] as const)('%s: waits for the keyframe with parameter sets and completes the track', (encoder, rtpmap, fmtp, codecString) => {
    const video = trackFromRtpmap(rtpmap, fmtp)!;
    const audio = trackFromRtpmap('MPEG4-GENERIC/48000/2', 'mode=AAC-hbr; sizelength=13; indexlength=3; indexdeltalength=3; config=1190')!;
    const tracks = [video, audio];
    const wait = new ParameterSetWait(tracks);
    expect(wait.complete).toBe(false);
    const nalus = oneFrame(encoder);
    const audioUnit: AccessUnit = { track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(10) };
    const slicesOnly: AccessUnit = { track: 0, dts: 0, pts: 0, key: false, nalus: nalus.slice(-1) };
    const keyframe: AccessUnit = { track: 0, dts: 3000, pts: 3000, key: true, nalus };
    expect(wait.accept(audioUnit)).toBe(false);
    expect(wait.accept(slicesOnly)).toBe(false);
    expect(wait.accept(keyframe)).toBe(true);
    expect(wait.complete).toBe(true);
    expect(tracks[0]).toMatchObject({ kind: 'video', width: 320, height: 240, codecString: expect.stringMatching(codecString) });
    expect(tracks[0].kind === 'video' && tracks[0].sps && tracks[0].pps).toBeTruthy();
    // Complete from the start: nothing to wait for.
    expect(new ParameterSetWait([{ ...tracks[0] }, audio]).complete).toBe(true);
  });
});
