// @vitest-environment happy-dom
// The Logs screen as a component: 10,000 lines stay a short DOM, and the filters drive it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { LogEntry } from '../../../src/shared/log';
import { Logs } from '../../../src/renderer/src/features/logs/Logs';
import { useLogs } from '../../../src/renderer/src/features/logs/logs-store';
import { useApp } from '../../../src/renderer/src/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;

const lines = (n: number): LogEntry[] => Array.from({ length: n }, (_, i) => ({
  seq: i + 1, time: 1_700_000_000_000 + i, level: i % 100 === 0 ? 'warn' : 'info', module: 'rtmp',
  message: i % 1000 === 0 ? `RTMP listener opened #${i}` : `conn ${i} published`,
}));

function type(input: HTMLInputElement, value: string): void {
  // React tracks the value property; set it the way a user's keystroke does.
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

beforeEach(async () => {
  useApp.setState({ lang: 'en' });
  useLogs.setState({ entries: [], held: [], paused: false, floor: -Infinity, query: '', level: undefined });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root.render(createElement(Logs)));
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
});

describe('Logs screen', () => {
  it('renders 10,000 lines as a window of rows, not 10,000 nodes', async () => {
    await act(async () => useLogs.getState().append(lines(10_000)));
    expect(host.querySelector('.log-count')!.textContent).toBe('10000 of 10000 lines');
    const rendered = host.querySelectorAll('.log-line').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(200);
  });

  it('filters by text and level, and holds lines while paused', async () => {
    await act(async () => useLogs.getState().append(lines(10_000)));
    await act(async () => type(host.querySelector<HTMLInputElement>('.log-search')!, 'listener opened'));
    expect(host.querySelector('.log-count')!.textContent).toBe('10 of 10000 lines');
    for (const row of host.querySelectorAll('.log-line')) expect(row.textContent).toContain('listener opened');

    const select = host.querySelector<HTMLSelectElement>('.log-level-filter')!;
    await act(async () => { select.value = 'warn'; select.dispatchEvent(new Event('change', { bubbles: true })); });
    // Every 1000th line is both a warning and a "listener opened" line.
    expect(host.querySelector('.log-count')!.textContent).toBe('10 of 10000 lines');
    await act(async () => type(host.querySelector<HTMLInputElement>('.log-search')!, ''));
    expect(host.querySelector('.log-count')!.textContent).toBe('100 of 10000 lines');

    await act(async () => host.querySelector<HTMLButtonElement>('.log-pause')!.click());
    await act(async () => useLogs.getState().append([{ seq: 10_001, time: 0, level: 'warn', module: 'x', message: 'late' }]));
    expect(host.querySelector('.log-count')!.textContent).toBe('100 of 10000 lines');
    expect(host.textContent).toContain('paused: 1 new lines held');
    await act(async () => host.querySelector<HTMLButtonElement>('.log-pause')!.click());
    // The buffer keeps 10,000 lines: the late warning came in, the oldest (also a warning) went out.
    expect(host.querySelector('.log-count')!.textContent).toBe('100 of 10000 lines');
    expect(useLogs.getState().entries.at(-1)!.message).toBe('late');
    expect(useLogs.getState().entries[0].seq).toBe(2);
  });

  it('speaks Chinese when switched', async () => {
    await act(async () => useApp.setState({ lang: 'zh-CN' }));
    expect(host.querySelector('.log-pause')!.textContent).toBe('暂停');
  });
});
