// Pure parts of the Recordings screen: segment lengths from the playback server's spans, its URLs,
// the recording folder and durations.
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../src/shared/api';
import {
  formatDuration, playableSegments, playbackGetUrl, playbackListener, playbackListUrl, recordFolder,
} from '../../../src/renderer/src/features/recordings/recordings-model';

const T0 = '2026-11-22T07:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('playableSegments', () => {
  it('ends a segment where the next one starts, inside one contiguous span', () => {
    const segs = [{ start: at(60) }, { start: at(0) }]; // unsorted on purpose
    expect(playableSegments(segs, [{ start: at(0), duration: 95.5 }])).toEqual([
      { start: at(0), duration: 60 },
      { start: at(60), duration: 35.5 },
    ]);
  });
  it('ends a segment at its span end when the next one starts after a gap', () => {
    const segs = [{ start: at(0) }, { start: at(100) }];
    const spans = [{ start: at(0), duration: 30 }, { start: at(100), duration: 12.25 }];
    expect(playableSegments(segs, spans).map((s) => s.duration)).toEqual([30, 12.25]);
  });
  it('leaves a segment no span covers (just created, no playback) without a length', () => {
    expect(playableSegments([{ start: at(0) }, { start: at(50) }], [{ start: at(0), duration: 40 }]))
      .toEqual([{ start: at(0), duration: 40 }, { start: at(50) }]);
    expect(playableSegments([{ start: at(0) }], [])).toEqual([{ start: at(0) }]);
  });
});

describe('playback server', () => {
  it('builds MediaMTX /list and /get URLs with the query encoded', () => {
    expect(playbackListUrl({ host: '127.0.0.1', port: 9996 }, 'live/cam 1')).toBe('http://127.0.0.1:9996/list?path=live%2Fcam+1');
    expect(playbackGetUrl({ host: '::1', port: 9996 }, 'cam', T0, 12.5))
      .toBe('http://[::1]:9996/get?path=cam&start=2026-11-22T07%3A00%3A00.000Z&duration=12.5&format=mp4');
  });
  it('uses https:// when playbackEncryption is on', () => {
    expect(playbackListUrl({ host: 'H', port: 9996, https: true }, 'cam')).toBe('https://H:9996/list?path=cam');
    expect(playbackGetUrl({ host: 'H', port: 9996, https: true }, 'cam', T0, 1)).toMatch(/^https:\/\/H:9996\/get\?/);
  });
  it('finds the playback listener unless it is disabled', () => {
    const status = (state: 'disabled' | 'listening'): EngineStatus => ({
      state: 'running', version: 'v0', listeners: [{ name: 'playback', label: 'Playback', key: 'playbackAddress', protocol: 'tcp', address: ':9996', port: 9996, state }],
    });
    expect(playbackListener(status('listening'))?.port).toBe(9996);
    expect(playbackListener(status('disabled'))).toBeUndefined();
    expect(playbackListener(undefined)).toBeUndefined();
  });
});

describe('recordFolder', () => {
  it.each([
    ['./recordings/%path/%Y-%m-%d_%H-%M-%S-%f', './recordings'],
    ['/srv/rec/%path_%s', '/srv/rec'],
    ['D:\\Videos\\Relaybox\\%path\\%Y', 'D:/Videos/Relaybox'],
    ['%path/%s', '.'],
    ['./fixed/name', './fixed'],
  ])('%s → %s', (template, folder) => {
    expect(recordFolder(template)).toBe(folder);
  });
});

describe('formatDuration', () => {
  it.each([[7, '7.0 s'], [42.4, '42 s'], [60, '1:00'], [3725, '1:02:05']])('%s s → %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
