import { beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry, LogLevel } from '../../../src/shared/log';
import { filterEntries, mergeEntries, useLogs } from '../../../src/renderer/src/features/logs/logs-store';
import { visibleRows } from '../../../src/renderer/src/features/logs/windowing';

const entry = (seq: number, level: LogLevel = 'info', message = `line ${seq}`, module = 'rtmp'): LogEntry =>
  ({ seq, time: 1_700_000_000_000 + seq, level, module, message });

describe('mergeEntries', () => {
  it('drops the overlap between getLogs and the live stream, in seq order', () => {
    const a = [entry(1), entry(2), entry(3)];
    expect(mergeEntries(a, [entry(3), entry(5), entry(4)]).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
  it('keeps only the newest max lines', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => entry(i));
    const out = mergeEntries([], many);
    expect(out).toHaveLength(10_000);
    expect(out[0].seq).toBe(2000);
  });
  it('respects a floor (cleared lines stay cleared)', () => {
    expect(mergeEntries([], [entry(1), entry(2)], 1).map((e) => e.seq)).toEqual([2]);
  });
});

describe('filterEntries', () => {
  const all = [entry(1, 'error', 'boom'), entry(2, 'warn'), entry(3, 'info', 'RTMP listener opened'), entry(4, 'debug')];
  it('filters by level and more severe', () => {
    expect(filterEntries(all, 'warn', '').map((e) => e.seq)).toEqual([1, 2]);
    expect(filterEntries(all, undefined, '')).toHaveLength(4);
  });
  it('searches message and module, case-insensitively', () => {
    expect(filterEntries(all, undefined, 'LISTENER opened').map((e) => e.seq)).toEqual([3]);
    expect(filterEntries(all, 'error', 'listener')).toEqual([]);
  });
});

describe('useLogs pause/clear', () => {
  beforeEach(() => useLogs.setState({ entries: [], held: [], paused: false, floor: -Infinity, query: '', level: undefined }));
  it('holds lines while paused and shows them on resume', () => {
    const s = useLogs.getState();
    s.append([entry(1)]);
    s.setPaused(true);
    s.append([entry(2), entry(3)]);
    expect(useLogs.getState().entries.map((e) => e.seq)).toEqual([1]);
    expect(useLogs.getState().held).toHaveLength(2);
    useLogs.getState().setPaused(false);
    expect(useLogs.getState().entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
  it('clear does not bring old lines back on a replay', () => {
    useLogs.getState().append([entry(1), entry(2)]);
    useLogs.getState().clear();
    useLogs.getState().append([entry(1), entry(2), entry(3)]);
    expect(useLogs.getState().entries.map((e) => e.seq)).toEqual([3]);
  });
});

describe('visibleRows', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = visibleRows(10_000, 20, 20_000, 400, 10);
    expect(w.start).toBe(990);
    expect(w.end).toBe(1030);
    expect(w.padTop + (w.end - w.start) * 20 + w.padBottom).toBe(200_000);
  });
  it('clamps at both ends', () => {
    expect(visibleRows(5, 20, 0, 400)).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
    expect(visibleRows(0, 20, 100, 400)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
