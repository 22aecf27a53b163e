import { describe, expect, it } from 'vitest';
import { describeStatus, planRtmpPublish } from '../../../src/main/engine/clients/rtmp';
import type { Track } from '../../../src/main/engine/protocols/media/types';

const h264: Track = { kind: 'video', codec: 'H264', clockRate: 90000 };
const h265: Track = { kind: 'video', codec: 'H265', clockRate: 90000 };
const av1: Track = { kind: 'video', codec: 'AV1', clockRate: 90000 };
const aac: Track = { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2 };
const opus: Track = { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 };

const legacy = () => false;
const enhanced = (list: string[]) => (f: string) => list.includes(f);

describe('planRtmpPublish', () => {
  it('sends H.264 and AAC to any server', () => {
    expect(planRtmpPublish([h264, aac], legacy)).toEqual({ carried: [true, true], skipped: [] });
  });

  it('skips H.265, AV1 and Opus unless the server announced their FourCC', () => {
    const plan = planRtmpPublish([h265, opus], legacy);
    expect(plan.carried).toEqual([false, false]);
    expect(plan.skipped).toEqual([
      'track 0 (video H265): the server did not announce Enhanced RTMP support for hvc1 in its connect result',
      'track 1 (audio Opus): the server did not announce Enhanced RTMP support for Opus in its connect result',
    ]);
    expect(planRtmpPublish([h265, opus], enhanced(['hvc1', 'Opus'])).carried).toEqual([true, true]);
    expect(planRtmpPublish([av1, aac], enhanced(['hvc1'])).carried).toEqual([false, true]);
  });

  it('carries one track of each kind; a skipped one leaves room for the next', () => {
    const plan = planRtmpPublish([h265, h264, aac, aac], legacy);
    expect(plan.carried).toEqual([false, true, true, false]);
    expect(plan.skipped[1]).toBe('track 3 (audio AAC): RTMP carries one audio track');
  });
});

describe('describeStatus', () => {
  it.each([
    ['NetStream.Publish.BadName', 'stream name already in use', 'NetStream.Publish.BadName (stream name already in use)'],
    ['NetStream.Play.StreamNotFound', '', 'NetStream.Play.StreamNotFound'],
    ['NetStream.Play.Failed', 'NetStream.Play.Failed', 'NetStream.Play.Failed'],
    ['', '', 'no status code'],
  ])('%s / %s', (code, description, expected) => {
    expect(describeStatus(code, description)).toBe(expected);
  });
});
