// `relaybox serve` as a child process for the recording tests that kill it or need it to run
// without root's power to write anywhere (as root, the child runs as nobody).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testConfig, testConfigYaml, type TestPorts } from '../../helpers/engine';

const CLI = join(__dirname, '../../../bin/relaybox.js');
const NOBODY = 65534;

export interface ServeProc {
  child: ChildProcess;
  out(): string;
  exited: Promise<number | null>;
  waitFor(re: RegExp, tries?: number): Promise<void>;
}

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function startServe(configFile: string, cwd: string, opts: { asNobody?: boolean } = {}): ServeProc {
  const ids = opts.asNobody && runningAsRoot() ? { uid: NOBODY, gid: NOBODY } : {};
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    out: () => out,
    exited,
    async waitFor(re, tries = 200) {
      for (let i = 0; i < tries; i++) {
        if (re.test(out)) return;
        if (child.exitCode !== null || child.signalCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${re} (exit ${child.exitCode ?? child.signalCode ?? 'none'}) in:\n${out}`);
    },
  };
}

export async function stopServe(p: ServeProc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** Writes `dir`/relaybox.yml on free ports with these `paths:` lines and serves it until RTMP listens. */
export async function serveWithPaths(dir: string, pathLines: string[], opts: { asNobody?: boolean } = {}): Promise<{ serve: ServeProc; ports: TestPorts }> {
  const { ports } = await testConfig();
  const config = join(dir, 'relaybox.yml');
  await writeFile(config, testConfigYaml(ports, ['paths:', ...pathLines].join('\n')));
  const serve = startServe(config, dir, opts);
  await serve.waitFor(/RTMP listener opened/);
  return { serve, ports };
}
