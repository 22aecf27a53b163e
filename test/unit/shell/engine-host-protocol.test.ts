// The engine host's message validation (src/main/engine-host/protocol.ts): what each side accepts
// from the other. The end-to-end counterpart runs in test/integration/shell-host.
import { describe, expect, it } from 'vitest';
import { parseFromHost, parseToHost } from '../../../src/main/engine-host/protocol';

const status = { state: 'running', version: 'v0.1.0', listeners: [] };
const entry = { seq: 1, time: 1, level: 'info', module: 'rtmp', message: 'hi' };

describe('messages from the engine host (parent side)', () => {
  it.each([
    ['ready', { t: 'ready', state: 'stopped' }],
    ['a value', { t: 'result', id: 1, result: { ok: true, value: { any: 'thing' } } }],
    ['an error value', { t: 'result', id: 2, result: { ok: false, error: { message: 'no', status: 404 } } }],
    ['a status event', { t: 'event', event: { type: 'status', status } }],
    ['a log event', { t: 'event', event: { type: 'log', entry } }],
    ['stopped', { t: 'stopped' }],
    ['fatal', { t: 'fatal', message: 'port in use' }],
  ])('accepts %s', (_name, msg) => {
    expect(parseFromHost(msg)).toEqual({ ok: true, msg });
  });

  it.each([
    ['not an object', 'ready'],
    ['an unknown type', { t: 'eval', code: '1' }],
    ['a result without id', { t: 'result', result: { ok: true, value: 1 } }],
    ['an error without status', { t: 'result', id: 1, result: { ok: false, error: { message: 'x' } } }],
    ['an unknown event', { t: 'event', event: { type: 'navigate', url: 'https://example.com' } }],
    ['a status in an unknown state', { t: 'event', event: { type: 'status', status: { ...status, state: 'exploded' } } }],
    ['a log entry at an unknown level', { t: 'event', event: { type: 'log', entry: { ...entry, level: 'trace' } } }],
  ])('rejects %s', (_name, msg) => {
    const r = parseFromHost(msg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^malformed message to the shell/);
  });
});

describe('messages to the engine host (child side)', () => {
  it('accepts init, call, log and stop', () => {
    for (const msg of [
      { t: 'init', init: { configFile: '/tmp/relaybox.yml', overrides: { logFile: '/tmp/x.log' }, startMedia: true } },
      { t: 'call', id: 1, method: 'getStatus', args: [] },
      { t: 'log', level: 'warn', module: 'shell', message: 'settings not saved' },
      { t: 'stop' },
    ]) expect(parseToHost(msg)).toEqual({ ok: true, msg });
  });

  it.each([
    ['a call with a string id', { t: 'call', id: 'x', method: 'getStatus', args: [] }],
    ['a call whose args are not a list', { t: 'call', id: 1, method: 'getStatus', args: 'rm' }],
    ['a log at an unknown level', { t: 'log', level: 'fatal', module: 'shell', message: 'x' }],
    ['an init without a config file', { t: 'init', init: { overrides: {}, startMedia: false } }],
    ['null', null],
  ])('rejects %s', (_name, msg) => {
    const r = parseToHost(msg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^malformed message to the engine host/);
  });
});
