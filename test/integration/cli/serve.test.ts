// `relaybox serve` and `relaybox check-ports` as a user runs them: real processes, real ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig, testConfigYaml } from '../../helpers/engine';
import { freePort } from '../../helpers/ports';

const CLI = join(__dirname, '../../../bin/relaybox.js');
const running = new Set<ChildProcess>();

interface Proc { child: ChildProcess; out: () => string; exited: Promise<number | null> }

function start(args: string[], cwd: string): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => { running.delete(child); r(code); }));
  return { child, out: () => out, exited };
}

async function waitFor(p: Proc, re: RegExp, count = 1): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((p.out().match(new RegExp(re.source, 'g')) ?? []).length >= count) return;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${re} in:\n${p.out()}`);
}

afterEach(() => { for (const c of running) c.kill('SIGKILL'); });

describe('relaybox CLI', () => {
  it('prints its version', async () => {
    const p = start(['--version'], tmpdir());
    expect(await p.exited).toBe(0);
    expect(p.out().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('serves with one line per listener, answers the API and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relaybox-cli-'));
    const { ports } = await testConfig();
    await writeFile(join(dir, 'relaybox.yml'), testConfigYaml(ports));
    const p = start(['serve'], dir);
    await waitFor(p, /Control API listener opened/);
    for (const l of [`RTSP listener opened on 127.0.0.1:${ports.rtsp} (TCP)`, `RTMP listener opened on 127.0.0.1:${ports.rtmp} (TCP)`,
      `RTP (RTSP over UDP) listener opened on 127.0.0.1:${ports.rtp} (UDP)`, 'HLS + HTTP-FLV listener opened', 'WebRTC (WHIP/WHEP) listener opened']) {
      expect(p.out()).toContain(l);
    }
    const res = await fetch(`http://127.0.0.1:${ports.api}/v3/config/global/get`);
    expect((await res.json()).rtmpAddress).toBe(`127.0.0.1:${ports.rtmp}`);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/SIGTERM received/);
  });

  it('a second instance names the first one\'s PID for each busy port, keeps free listeners up, and exits when nothing could start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relaybox-cli2-'));
    const { ports } = await testConfig();
    await writeFile(join(dir, 'a.yml'), testConfigYaml(ports));
    const first = start(['serve', '--config', 'a.yml'], dir);
    await waitFor(first, /Control API listener opened/);
    const pid = first.child.pid!;

    // Same ports: every listener conflicts, so the second exits non-zero, naming the first.
    const second = start(['serve', '--config', 'a.yml'], dir);
    expect(await second.exited).not.toBe(0);
    const out = second.out();
    expect(out).toContain(`held by node (PID ${pid})`);
    expect(out).toMatch(/RTSP listener cannot open .*set rtspAddress: ":\d+"/);
    expect(out).toMatch(/RTP \(RTSP over UDP\) listener cannot open .*held by node/);
    expect(out).toMatch(/nothing could start/);
    // Each busy listener is offered a different free port, and each conflict is logged once.
    const offered = [...out.matchAll(/set \w+: ":(\d+)"/g)].map((m) => m[1]);
    expect(offered.length).toBeGreaterThanOrEqual(5);
    expect(new Set(offered).size).toBe(offered.length);
    expect(out).not.toMatch(/listener error: listen EADDRINUSE/);

    // One free port: that listener serves and the process stays up.
    const freeRtmp = await freePort();
    await writeFile(join(dir, 'b.yml'), testConfigYaml({ ...ports, rtmp: freeRtmp }));
    const third = start(['serve', '--config', 'b.yml'], dir);
    await waitFor(third, /RTMP listener opened/);
    await waitFor(third, /some listeners could not start/);
    expect(third.out()).toContain(`held by node (PID ${pid})`);
    expect(third.child.exitCode).toBeNull();
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);

    // check-ports prints the table with the owner.
    const check = start(['check-ports', '--config', 'a.yml'], dir);
    expect(await check.exited).toBe(1);
    expect(check.out()).toContain(String(pid));
    expect(check.out()).toMatch(/RTMP/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('exports the configuration as a plain MediaMTX file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relaybox-cli4-'));
    await writeFile(join(dir, 'mediamtx.yml'), 'protocols: [tcp]\nrtmpAddress: :2935\npaths:\n  cam1:\n    readUser: bob\n    readPass: x\n');
    const p = start(['export-config'], dir);
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/^rtspTransports: \[ ?tcp ?\]$/m);
    expect(p.out()).toMatch(/^rtmpAddress: ":?2935"?$|^rtmpAddress: :2935$/m);
    expect(p.out()).toMatch(/cam1:/);
  });

  it('refuses a config with errors, naming key, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relaybox-cli3-'));
    await writeFile(join(dir, 'bad.yml'), 'logLevel: info\nrtmpAddress: ":99999"\n');
    const p = start(['serve', '--config', 'bad.yml'], dir);
    expect(await p.exited).toBe(1);
    expect(p.out()).toMatch(/rtmpAddress/);
    expect(p.out()).toMatch(/line 2/);
  });
});
