// PLAY's Range header for recorded RTSP sources (rtspRangeType/rtspRangeStart, as MediaMTX).
import { describe, expect, it } from 'vitest';
import { sourceRange } from '../../../src/main/engine/sources/rtsp-source';

describe('sourceRange', () => {
  it.each([
    ['', '', undefined],
    ['clock', '20230812T120000Z', 'clock=20230812T120000Z-'],
    ['npt', '300ms', 'npt=0.300-'],
    ['npt', '1h2m3s', 'npt=3723.000-'],
    ['npt', '', 'npt=0.000-'],
    ['smpte', '1h2m3s', 'smpte=01:02:03-'],
  ] as const)('%s %s → %s', (rtspRangeType, rtspRangeStart, want) => {
    expect(sourceRange({ rtspRangeType, rtspRangeStart })).toBe(want);
  });
});
