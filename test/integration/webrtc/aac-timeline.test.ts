// AacTimeline: Opus output samples mapped back to the AAC frames' pts (pure, no FFmpeg).
import { describe, expect, it } from 'vitest';
import { AacTimeline } from '../../../src/main/engine/servers/webrtc/aac-timeline';

describe('AacTimeline', () => {
  it('follows the sample count through millisecond jitter (RTMP timestamps)', () => {
    const t = new AacTimeline(44100, 44100);
    // 1024-sample frames at 44.1 kHz are 23.22 ms; RTMP rounds them to whole milliseconds.
    for (let i = 0; i < 10; i++) t.wrote(Math.round(Math.round((i * 1024 * 1000) / 44100) * 44.1), 1024);
    expect(t.ptsOf(0)).toBe(0);
    expect(t.ptsOf(960)).toBe(960);
    expect(t.ptsOf(9600)).toBe(9600);
  });

  it('keeps a gap in the source as a gap in the output', () => {
    const t = new AacTimeline(48000, 48000);
    t.wrote(1000, 1024);
    t.wrote(2024, 1024);
    // Two frames lost: the next one is 3 frames later, but FFmpeg's count goes on by one.
    t.wrote(2024 + 3 * 1024, 1024);
    expect(t.ptsOf(0)).toBe(1000);
    expect(t.ptsOf(1024)).toBe(2024);
    expect(t.ptsOf(2048)).toBe(2024 + 3 * 1024);
    expect(t.ptsOf(2048 + 500)).toBe(2024 + 3 * 1024 + 500);
  });

  it('converts the track clock to 48 kHz and starts over after reset()', () => {
    const t = new AacTimeline(44100, 90000);
    expect(t.ptsOf(0)).toBeNull();
    t.wrote(90000, 1024);
    expect(t.ptsOf(0)).toBe(48000);
    t.reset();
    t.wrote(180000, 1024);
    expect(t.ptsOf(0)).toBe(96000);
  });
});
