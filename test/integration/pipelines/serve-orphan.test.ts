// "No orphan FFmpeg after `relaybox serve` gets SIGTERM or SIGKILL" (issue 7 acceptance): the
// built CLI runs with a test-pattern pipeline in relaybox.settings.json beside its config; once
// the pipeline's FFmpeg publishes, the server is signalled and within 5 s no FFmpeg it started
// may remain, nor its runOnInit hook (SIGTERM: the engine stops its services; SIGKILL: the
// orphan watchdog).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig, testConfigYaml } from '../../helpers/engine';
import { waitFor } from '../../helpers/ffmpeg';
import { killAllWith, processesWith, waitNoneWith } from './processes';

const CLI = join(__dirname, '../../../bin/relaybox.js');
const started: ChildProcess[] = [];
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
  for (const f of cleanup.splice(0)) f();
});

describe('relaybox serve with a running pipeline', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('leaves no FFmpeg or hook behind after %s', async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), 'relaybox-serve-orphan-'));
    // The path name is in FFmpeg's command line (its RTMP URL): the marker to find it by.
    const path = `orphan_${randomUUID().replace(/-/g, '')}`;
    cleanup.push(() => { killAllWith(path); rmSync(dir, { recursive: true, force: true }); });
    const { ports } = await testConfig();
    // A runOnInit hook idles beside the pipeline: hooks must not outlive the server either.
    const hook = `${process.execPath} -e "setInterval(() => {}, 1000)" ${path}-hook`;
    writeFileSync(join(dir, 'tmp.yml'), testConfigYaml(ports, `logDestinations: [stdout]\npaths:\n  hooked:\n    runOnInit: ${hook}\n  all_others:\n`));
    writeFileSync(join(dir, 'relaybox.settings.json'), JSON.stringify({
      pipelines: { orphan: { kind: 'testPattern', path, width: 320, height: 180, fps: 15, encoder: 'libx264', bitrateKbps: 300 } },
    }));
    const child = spawn(process.execPath, [CLI, 'serve', '--config', join(dir, 'tmp.yml')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('exit', r));

    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${ports.api}/v3/paths/get/${path}`).catch(() => null);
      return r?.ok === true && ((await r.json()) as { ready: boolean }).ready;
    }, `pipeline publishing (server output so far:\n${out})`, 300);
    await waitFor(() => processesWith(`${path}-hook`).length === 1, 'runOnInit hook running');
    expect(processesWith(path).length).toBe(2);

    child.kill(signal);
    await exited;
    expect(await waitNoneWith(path, 5000)).toEqual([]);
    if (signal === 'SIGTERM') expect(out).toMatch(/pipeline orphan.*stopped/);
  }, 60_000);
});
