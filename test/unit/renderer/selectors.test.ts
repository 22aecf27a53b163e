import { describe, expect, it } from 'vitest';
import type { EngineStatus, ListenerStatus, PathInfo } from '../../../src/shared/api';
import { formatBitrate, pathTotals, protocolPorts, rate, totalRates } from '../../../src/renderer/src/selectors';
import { replacePort } from '../../../src/renderer/src/store';
import { STRINGS, detectLang, format } from '../../../src/renderer/src/i18n/strings';

const listener = (name: ListenerStatus['name'], port: number, state: ListenerStatus['state'] = 'listening'): ListenerStatus =>
  ({ name, label: name, key: `${name}Address`, protocol: 'tcp', address: `:${port}`, port, state });

describe('selectors', () => {
  it('takes URL ports from enabled media listeners only', () => {
    const status: EngineStatus = { state: 'running', version: 'x', listeners: [
      listener('rtmp', 1935), listener('rtsp', 8554, 'disabled'), listener('hls', 8888, 'port-conflict'), listener('api', 9997),
    ] };
    expect(protocolPorts(status)).toEqual({ rtmp: 1935, hls: 8888 });
  });
  it('sums path totals', () => {
    const p = (name: string, ready: boolean, readers: number, rx: number, tx: number) =>
      ({ name, ready, readers: Array.from({ length: readers }, (_, i) => ({ type: 'rtmpConn', id: String(i) })), bytesReceived: rx, bytesSent: tx }) as unknown as PathInfo;
    expect(pathTotals([p('a', true, 2, 100, 50), p('b', false, 0, 0, 0)])).toEqual({ streams: 2, ready: 1, readers: 2, bytesIn: 100, bytesOut: 50 });
  });
  it('computes rates and formats them', () => {
    expect(rate(0, 0, 125_000, 1000)).toBe(125_000);
    expect(rate(500, 0, 100, 1000)).toBe(0);
    expect(formatBitrate(125_000)).toBe('1.0 Mbit/s');
  });
  it('replaces the port and keeps the host', () => {
    expect(replacePort(':8554', 8600)).toBe(':8600');
    expect(replacePort('127.0.0.1:9997', 9999)).toBe('127.0.0.1:9999');
    expect(replacePort('[::1]:8554', 1)).toBe('[::1]:1');
  });
});

describe('strings', () => {
  it('has every key in both languages, none empty', () => {
    for (const k of Object.keys(STRINGS.en) as (keyof typeof STRINGS.en)[]) expect(STRINGS['zh-CN'][k], k).toBeTruthy();
  });
  it('uses the same {placeholders} in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(STRINGS.en) as (keyof typeof STRINGS.en)[]) expect(vars(STRINGS['zh-CN'][k]), k).toEqual(vars(STRINGS.en[k]));
  });
  it('detects Chinese from the OS language list and formats placeholders', () => {
    expect(detectLang(['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLang(['en-US'])).toBe('en');
    expect(format(STRINGS.en.usePort, { port: 8600 })).toBe('Use port 8600 instead');
  });
});

describe('totalRates', () => {
  it('needs two samples and uses the last two', () => {
    expect(totalRates([{ at: 0, bytesIn: 0, bytesOut: 0 }])).toEqual({ inRate: 0, outRate: 0 });
    expect(totalRates([
      { at: 0, bytesIn: 0, bytesOut: 0 }, { at: 1000, bytesIn: 1000, bytesOut: 10 }, { at: 2000, bytesIn: 3000, bytesOut: 10 },
    ])).toEqual({ inRate: 2000, outRate: 0 });
  });
});
