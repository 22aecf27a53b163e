// The always-available splice (core/always-available.ts): a reader subscribed once gets the slate,
// then a publisher, then the slate again, on one stream, with per-track dts strictly increasing,
// each source starting at a keyframe that carries its own parameter sets.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlwaysAvailableStream, type OfflineSlate } from '../../../src/main/engine/core/always-available';
import type { OutputFormat } from '../../../src/main/engine/core/format';
import type { AccessUnit, Track, VideoTrack } from '../../../src/main/engine/protocols/media/types';
import { CollectingLogger } from '../../fakes/logger';
import { AAC_TRACK, audioUnit, H264_TRACK, videoUnit } from '../../fakes/media';

const RAW: OutputFormat<AccessUnit> = { key: 'raw', createEncoder: () => ({ encode: (au) => au, byteLength: () => 1 }) };

/** 1 s of slate: 30 video frames (key every 15) and 47 AAC frames. */
function slate(): OfflineSlate {
  const units: AccessUnit[] = [];
  for (let i = 0; i < 30; i++) units.push(videoUnit(i, i % 15 === 0));
  for (let i = 0; i < 47; i++) units.push(audioUnit(i));
  units.sort((a, b) => a.dts / (a.track === 0 ? 90000 : 48000) - b.dts / (b.track === 0 ? 90000 : 48000));
  return { tracks: [H264_TRACK, AAC_TRACK], units, durationS: 1 };
}

const LIVE_VIDEO: VideoTrack = { ...H264_TRACK, sps: Buffer.from([0x67, 0x42, 0x00, 0x1e]), pps: Buffer.from([0x68, 0xce, 0x01]) };

describe('AlwaysAvailableStream', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    const log = new CollectingLogger();
    const aa = new AlwaysAvailableStream(slate(), {}, log);
    const got: AccessUnit[] = [];
    aa.stream.addReader({ format: RAW, sink: { write: (au) => (got.push(au), true) }, awaitKeyframe: false });
    return { aa, got, log };
  }

  function checkMonotonic(units: AccessUnit[]): void {
    for (const track of [0, 1]) {
      const dts = units.filter((u) => u.track === track).map((u) => u.dts);
      for (let i = 1; i < dts.length; i++) expect(dts[i], `track ${track} unit ${i}`).toBeGreaterThan(dts[i - 1]);
    }
  }

  it('loops the slate in real time, without gaps or overlaps between loops', () => {
    const { aa, got } = setup();
    vi.advanceTimersByTime(2_500);
    const video = got.filter((u) => u.track === 0);
    // 2.5 s at 30 fps (+ the unit due at the start).
    expect(video.length).toBeGreaterThanOrEqual(75);
    expect(video.length).toBeLessThanOrEqual(77);
    expect(new Set(video.slice(1).map((u, i) => u.dts - video[i].dts))).toEqual(new Set([3000]));
    checkMonotonic(got);
    aa.close('test');
  });

  it('splices a publisher in and out on the same stream, keyframes first, parameter sets in-band', () => {
    const { aa, got } = setup();
    vi.advanceTimersByTime(500);
    const r = aa.attachLive([AAC_TRACK, LIVE_VIDEO]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const slateCount = got.length;
    // The publisher's own timeline (track order differs from the path's): starts mid-GOP.
    r.input.writeUnit({ ...audioUnit(7810), track: 0 });
    r.input.writeUnit(videoUnit(5000, false, 50, 1));
    r.input.writeUnit(videoUnit(5001, true, 50, 1));
    for (let i = 0; i < 20; i++) {
      r.input.writeUnit(videoUnit(5002 + i, false, 50, 1));
      r.input.writeUnit({ ...audioUnit(7815 + i), track: 0 });
    }
    vi.advanceTimersByTime(1_000); // the slate is paused while live
    const live = got.slice(slateCount);
    expect(live.length).toBe(41); // the audio before the first keyframe and the non-key frame are dropped
    expect(live[0]).toMatchObject({ track: 0, key: true });
    expect(live[0].nalus!.slice(0, 2)).toEqual([LIVE_VIDEO.sps, LIVE_VIDEO.pps]);
    expect(live[0].dts / 90000).toBeGreaterThan(got[slateCount - 1].dts / (got[slateCount - 1].track === 0 ? 90000 : 48000));

    aa.detachLive();
    vi.advanceTimersByTime(1_000);
    const back = got.slice(slateCount + live.length);
    expect(back.length).toBeGreaterThan(40);
    const firstVideo = back.find((u) => u.track === 0)!;
    expect(firstVideo.key).toBe(true);
    expect(firstVideo.nalus!.slice(0, 2)).toEqual([H264_TRACK.sps, H264_TRACK.pps]);
    checkMonotonic(got);
    expect(aa.stream.closed).toBe(false);
    aa.close('test');
  });

  it('refuses a publisher whose video does not fit and drops an audio track that does not', () => {
    const { aa, log } = setup();
    const h265: Track = { kind: 'video', codec: 'H265', clockRate: 90000 };
    const r1 = aa.attachLive([h265, AAC_TRACK]);
    expect(r1).toMatchObject({ ok: false, reason: expect.stringMatching(/H264, AAC 48000 Hz 2 ch/) });
    const r2 = aa.attachLive([H264_TRACK, { ...AAC_TRACK, clockRate: 44100, config: Buffer.from([0x12, 0x10]) }]);
    expect(r2.ok).toBe(true);
    expect(log.lines.some((l) => l.level === 'warn' && /audio track AAC does not fit/.test(l.message))).toBe(true);
    aa.close('test');
  });
});
