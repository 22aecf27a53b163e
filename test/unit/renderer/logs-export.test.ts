// The Logs screen's module filter and "Export" text.
import { describe, expect, it } from 'vitest';
import type { LogEntry, LogLevel } from '../../../src/shared/log';
import { logsFileName, logsText } from '../../../src/renderer/src/features/logs/logs-export';
import { filterEntries, moduleNames } from '../../../src/renderer/src/features/logs/logs-store';

const entry = (seq: number, module: string, level: LogLevel = 'info', message = `line ${seq}`): LogEntry =>
  ({ seq, time: Date.UTC(2026, 10, 22, 7, 14, 37, seq), level, module, message });

const all = [entry(1, 'rtmp'), entry(2, 'forward', 'error', 'rtmp://h/B: refused'), entry(3, 'rtsp', 'debug'), entry(4, 'forward')];

describe('module filter', () => {
  it('lists each module once, sorted', () => {
    expect(moduleNames(all)).toEqual(['forward', 'rtmp', 'rtsp']);
  });
  it('keeps only the chosen module, combined with level and search', () => {
    expect(filterEntries(all, undefined, '', 'forward').map((e) => e.seq)).toEqual([2, 4]);
    expect(filterEntries(all, 'error', '', 'forward').map((e) => e.seq)).toEqual([2]);
    // A search for "rtmp" matches forward's message, but the module filter still applies.
    expect(filterEntries(all, undefined, 'rtmp', 'forward').map((e) => e.seq)).toEqual([2]);
    expect(filterEntries(all, undefined, '', 'nothing')).toEqual([]);
    expect(filterEntries(all, undefined, '', undefined)).toBe(all);
  });
});

describe('export', () => {
  it('writes one line per entry: UTC time, level, module, message', () => {
    expect(logsText(all.slice(0, 2))).toBe(
      '2026-11-22T07:14:37.001Z INFO  [rtmp] line 1\n'
      + '2026-11-22T07:14:37.002Z ERROR [forward] rtmp://h/B: refused\n',
    );
    expect(logsText([])).toBe('');
  });
  it('names the file by the time, without characters Windows refuses', () => {
    expect(logsFileName(new Date(Date.UTC(2026, 10, 22, 7, 14, 37)))).toBe('relaybox-logs-2026-11-22T07-14-37.txt');
  });
});
