// The engine in a forked host process (src/main/engine-host), driven the way the shell drives it:
// real child process (child_process.fork, the stand-in for Electron's utilityProcess), real
// engine, real ports.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus, RelayboxEvent } from '../../../src/shared/api';
import type { LogEntry } from '../../../src/shared/log';
import type { EngineHost } from '../../../src/main/engine-host/engine-host';
import { forkedTestHost } from './start-host';

const running = new Set<EngineHost>();
afterEach(async () => {
  await Promise.all([...running].map((h) => h.stop()));
  running.clear();
});

async function started(opts: { startMedia?: boolean } = {}) {
  const s = await forkedTestHost(opts);
  running.add(s.host);
  await s.host.start();
  return s;
}

async function value<T>(host: EngineHost, method: string, ...args: unknown[]): Promise<T> {
  const r = await host.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** Resolves with the first event that matches (or rejects when the host crashes first). */
function nextEvent(host: EngineHost, match: (e: RelayboxEvent) => boolean): Promise<RelayboxEvent> {
  return new Promise((resolve) => {
    const off = host.onEvent((e) => { if (match(e)) { off(); resolve(e); } });
  });
}

const isAlive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

describe('forked engine host', () => {
  it('round-trips RelayboxApi calls and delivers events', async () => {
    const { host, rtmpPort, warnings } = await started();
    expect(host.state()).toBe('ready');
    expect((await value<EngineStatus>(host, 'getStatus')).state).toBe('stopped');

    const running = nextEvent(host, (e) => e.type === 'status' && e.status.state === 'running');
    const status = await value<EngineStatus>(host, 'startServer');
    expect(['running', 'partial']).toContain(status.state);
    expect(status.listeners.length).toBeGreaterThan(0);
    await running;
    expect(await portOpen(rtmpPort)).toBe(true);

    await value(host, 'addPathConf', 'cam1', {});
    await value(host, 'patchPathConf', 'cam1', { maxReaders: 3 });
    expect((await value<{ name: string; maxReaders: number }>(host, 'getPathConf', 'cam1')).maxReaders).toBe(3);

    const logged = nextEvent(host, (e) => e.type === 'log' && e.entry.message.includes('hello from the shell'));
    host.log('info', 'shell', 'hello from the shell');
    await logged;
    const logs = await value<LogEntry[]>(host, 'getLogs', 50);
    expect(logs.some((l) => l.module === 'shell' && l.message === 'hello from the shell')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('rejects malformed calls and messages on the receiving side', async () => {
    const { host, children } = await started();
    const bad = await host.call('getPathConf', [42]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.status).toBe(400);
    const unknown = await host.call('exec', ['rm -rf /']);
    expect(unknown).toMatchObject({ ok: false, error: { status: 400, message: expect.stringContaining('unknown method') } });

    // Junk straight onto the channel: dropped with a warning in the engine log, the host keeps answering.
    children[0].post({ t: 'call', id: 'x' } as never);
    children[0].post('not an object' as never);
    const logs = await value<LogEntry[]>(host, 'getLogs', 100);
    expect(logs.filter((l) => l.module === 'engine-host' && l.message.startsWith('malformed message to the engine host'))).toHaveLength(2);
  });

  it('reports a killed host as a crash and starts again', async () => {
    const { host, children, warnings, rtmpPort } = await started({ startMedia: true });
    const crashed = new Promise<string>((resolve) => host.onCrash(resolve));
    const errorStatus = nextEvent(host, (e) => e.type === 'status' && e.status.state === 'error');
    process.kill(children[0].pid!, 'SIGKILL');
    expect(await crashed).toMatch(/exited \(SIGKILL\)/);
    await errorStatus;
    expect(host.state()).toBe('crashed');
    expect(warnings.some((w) => w.includes('SIGKILL'))).toBe(true);
    const refused = await host.call('getStatus', []);
    expect(refused).toMatchObject({ ok: false, error: { status: 503 } });

    // The window's Start after a crash: a new host process, listeners up again.
    expect(['running', 'partial']).toContain((await value<EngineStatus>(host, 'startServer')).state);
    expect(children).toHaveLength(2);
    expect(host.state()).toBe('ready');
    expect(await portOpen(rtmpPort)).toBe(true);
    const logs = await value<LogEntry[]>(host, 'getLogs', 100);
    expect(logs.some((l) => l.module === 'engine-host' && l.message.includes('restarted after: engine host process exited (SIGKILL)'))).toBe(true);
  });

  it('stops the listeners and the process on stop()', async () => {
    const { host, children, rtmpPort } = await started({ startMedia: true });
    expect(await portOpen(rtmpPort)).toBe(true);
    const pid = children[0].pid!;
    await host.stop();
    running.delete(host);
    expect(host.state()).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    expect(await portOpen(rtmpPort)).toBe(false);
  });

  it('leaves no host process behind when the parent dies', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'parent-fixture.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout!.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 600 && !/child \d+/.test(out) && parent.exitCode === null; i++) await sleep(50);
      const pid = Number(/child (\d+)/.exec(out)?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(true);
      parent.kill('SIGKILL');
      for (let i = 0; i < 400 && isAlive(pid); i++) await sleep(50);
      expect(isAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
