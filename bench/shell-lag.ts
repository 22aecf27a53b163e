// Shell responsiveness benchmark (issue 10 item 1): does hosting the engine in Electron's main
// process make the UI stutter under load, compared with a separate process?
//
//   npm run bench:shell-lag -- [--steps 0,100,400] [--duration 10] [--setups inproc,forked]
//
// The UI-facing cost is the event-loop delay of the process that hosts the engine: Electron's
// main process handles window messages, IPC and the tray on its Node event loop. This process
// plays the main process in two setups under the same load:
//   (a) inproc: the engine runs here (engine-host/in-process.ts); API calls are in-process calls;
//   (b) forked: the engine runs in engine-host/host-process.ts started with child_process.fork
//       (engine-host/forked.ts, as the app does but with fork instead of Electron's
//       utilityProcess.fork, which is built on the same Node child-process model: a separate
//       process with its own event loop, messages over a pipe; the closest stand-in that runs
//       without the Electron binary). API calls and engine events cross that channel, validated
//       on both sides as in the app.
// Load per step: one paced RTMP publisher (4 Mbit/s 720p30, its own process) and N RTMP readers
// (the light-reader process of bench:fanout). UI traffic in both setups: a getStatus "ping"
// every 50 ms (the renderer's round trip), listPaths + listConns every second (the Streams
// screen), and a subscription to the engine's events (logs at level info, status).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../src/shared/config';
import type { EngineHost } from '../src/main/engine-host/engine-host';
import { ascendingCounts, parseBenchArgs, secondsOption } from './lib/bench-options';
import { startBenchRun } from './lib/bench-run';
import { ChildProcesses } from './lib/child-processes';
import { CLIP_GOP_FRAMES, ensureClip, loadClip } from './lib/clip';
import { freeTcpPort, freeUdpPort, freeUdpPortPair, LOOPBACK } from './lib/free-port';
import { ELD_RESOLUTION_MS, startEventLoopDelay, type DelayFigures } from './lib/event-loop-delay';
import { IpcChild } from './lib/ipc-child';
import { machineInfo } from './lib/machine';
import { cpuPercent, machineIdlePercent, sampleCpu, sampleMachineCpu } from './lib/proc-stats';
import { ReaderClient } from './lib/reader-client';
import { STREAM_PATH } from './lib/server-under-test';
import { quantile } from './lib/stats';

const ROOT = join(import.meta.dirname, '..');
const CACHE_DIR = join(ROOT, '.bench-cache');
const HOST_ENTRY = join(ROOT, 'src', 'main', 'engine-host', 'host-process.ts');
const ELD_PRELOAD = join(import.meta.dirname, 'lib', 'eld-preload.ts');
const PING_MS = 50;
const POLL_MS = 1000;
const WARMUP_MS = 3000;
const SETTLE_MS = 1500;
const SETUPS = ['inproc', 'forked'] as const;
type SetupName = (typeof SETUPS)[number];

const USAGE = `usage: npm run bench:shell-lag -- [options]
  --steps LIST     RTMP reader counts, ascending, 0 allowed first (default 0,100,400)
  --duration SEC   measurement window per step (default 10)
  --setups LIST    any of ${SETUPS.join(',')} (default both)
  --repeat N       run the setups N times, alternating (default 2: other load on a shared machine
                   then falls on both setups alike)`;

const { values, fail } = parseBenchArgs('bench:shell-lag', USAGE, {
  steps: { type: 'string', default: '0,100,400' },
  duration: { type: 'string', default: '10' },
  setups: { type: 'string', default: SETUPS.join(',') },
  repeat: { type: 'string', default: '2' },
});
// A leading 0 (publisher only) is allowed before the ascending counts.
const rest = values.steps.replace(/^\s*0\s*(,|$)/, '');
const steps = [...(rest === values.steps ? [] : [0]), ...(rest ? ascendingCounts(rest, '--steps', 5000, fail) : [])];
const durationS = secondsOption(values.duration, '--duration', 2, 600, fail);
const setups = values.setups.split(',').map((s) => s.trim()) as SetupName[];
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) fail(`--repeat "${values.repeat}": want 1–20`);
if (setups.length === 0 || setups.some((s) => !SETUPS.includes(s))) fail(`--setups: choose from ${SETUPS.join(', ')}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);

/** What the shell sees of the engine, in either setup: the app's own EngineHost implementations. */
interface Setup {
  host: EngineHost;
  /** The engine host process, (b) only. */
  childPid?: number;
  /** Event-loop delay of the engine host process since the last call, (b) only. */
  childEld?(): Promise<DelayFigures>;
}

async function benchConfig(): Promise<{ config: Config; rtmpUrl: string }> {
  const at = (p: number) => `${LOOPBACK}:${p}`;
  const rtmp = await freeTcpPort();
  const rtp = await freeUdpPortPair();
  const config: Config = {
    ...defaultConfig(),
    logLevel: 'info',
    logDestinations: [],
    rtmpAddress: at(rtmp), rtspAddress: at(await freeTcpPort()), rtpAddress: at(rtp), rtcpAddress: at(rtp + 1),
    hlsAddress: at(await freeTcpPort()), webrtcAddress: at(await freeTcpPort()), webrtcLocalUDPAddress: at(await freeUdpPort()),
    apiAddress: at(await freeTcpPort()), metrics: false,
  };
  return { config, rtmpUrl: `rtmp://${at(rtmp)}/${STREAM_PATH}` };
}

async function startInProcess(config: Config): Promise<Setup> {
  // Imported here so a run of setup (b) alone never loads the engine into this process.
  const { createEngine } = await import('../src/main/engine');
  const { createInProcessHost } = await import('../src/main/engine-host/in-process');
  const host = createInProcessHost(createEngine({ config }), { startMedia: true });
  await host.start();
  return { host };
}

const isBenchEld = (m: unknown): m is DelayFigures & { t: 'benchEld' } => typeof m === 'object' && m !== null && (m as { t?: unknown }).t === 'benchEld';

/** src/main/engine-host/host-process.ts under child_process.fork, as the app's forked host starts it (tsx here). */
async function startForked(config: Config, dir: string): Promise<Setup> {
  const { createForkedHost, nodeForkChild } = await import('../src/main/engine-host/forked');
  let pid: number | undefined;
  let eldWaiter: ((f: DelayFigures) => void) | undefined;
  const host = createForkedHost({
    spawn: () => {
      const c = nodeForkChild(HOST_ENTRY, [...process.execArgv, '--import', ELD_PRELOAD]);
      pid = c.pid;
      return { ...c, pid: c.pid, onMessage: (l) => c.onMessage((m) => (isBenchEld(m) ? eldWaiter?.(m) : l(m))) };
    },
    init: { configFile: join(dir, 'relaybox.yml'), overrides: { ...config }, startMedia: true },
    version: 'bench',
    warn: (m) => log(`engine host: ${m}`),
  });
  await host.start();
  return {
    host,
    childPid: pid,
    childEld: () => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('engine host sent no event-loop figures')), 10_000);
      eldWaiter = (f) => { clearTimeout(timer); eldWaiter = undefined; resolve({ p50: f.p50, p99: f.p99, max: f.max }); };
      process.kill(pid!, 'SIGUSR2');
    }),
  };
}

/** The renderer's traffic: a getStatus ping every PING_MS (timed from when it was due), a list poll every POLL_MS. */
function startUiTraffic(host: EngineHost) {
  const rtts: number[] = [];
  let stopped = false;
  let failures = 0;
  const t0 = performance.now();
  let k = 0;
  const ping = () => {
    if (stopped) return;
    const due = t0 + k * PING_MS;
    void host.call('getStatus', []).then((r) => {
      // A timer may fire a fraction of a millisecond before its due time.
      rtts.push(Math.max(0, performance.now() - due));
      if (!r.ok) failures++;
    });
    k++;
    setTimeout(ping, Math.max(0, t0 + k * PING_MS - performance.now()));
  };
  ping();
  const poll = setInterval(() => {
    void host.call('listPaths', []);
    void host.call('listConns', ['rtmpconns']);
  }, POLL_MS);
  return {
    take: () => { const f = failures; failures = 0; return { rtts: rtts.splice(0), failures: f }; },
    stop: () => { stopped = true; clearInterval(poll); },
  };
}

interface Row {
  setup: SetupName;
  readers: number;
  eld: DelayFigures;
  childEld?: DelayFigures;
  rtt: DelayFigures;
  events: number;
  cpuMain: number;
  cpuChild?: number;
  keptUp: number;
  machineIdle: number;
}

async function runSetup(name: SetupName, children: ChildProcesses, clipFile: string): Promise<Row[]> {
  const rows: Row[] = [];
  const { config, rtmpUrl } = await benchConfig();
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-shell-lag-'));
  const setup = name === 'inproc' ? await startInProcess(config) : await startForked(config, dir);
  const publisher = await IpcChild.start<{ t: 'publish'; url: string; clipFile: string } | { t: 'exit' }, { t: 'ready' } | { t: 'publishing' } | { t: 'error'; message: string }>(
    children, 'publisher', join(import.meta.dirname, 'lib', 'shell-lag-publisher.ts'), undefined);
  const readers = await ReaderClient.start(children, undefined);
  const ui = startUiTraffic(setup.host);
  let events = 0;
  const offEvents = setup.host.onEvent(() => events++);
  const eld = startEventLoopDelay();
  try {
    await publisher.request({ t: 'publish', url: rtmpUrl, clipFile }, 'publishing', 20_000);
    await sleep(WARMUP_MS);
    const clip = loadClip(clipFile);
    let current = 0;
    for (const n of steps) {
      if (n > current) await readers.open(rtmpUrl, n - current, 15_000 + n * 20, (CLIP_GOP_FRAMES * 1000) / clip.fps);
      current = n;
      await sleep(SETTLE_MS);
      ui.take();
      await setup.childEld?.();
      eld.reset();
      const events0 = events;
      const pids = [process.pid, ...(setup.childPid ? [setup.childPid] : [])];
      const a = pids.map((p) => sampleCpu([p]));
      const m0 = sampleMachineCpu();
      readers.mark();
      await sleep(durationS * 1000);
      const c = await readers.collect();
      const main = eld.take();
      const cpu = pids.map((p, i) => cpuPercent(a[i], sampleCpu([p])));
      const { rtts, failures } = ui.take();
      if (failures) log(`(${name}, ${n} readers: ${failures} pings answered with an error)`);
      const expected = (clip.fps * c.windowMs) / 1000;
      const row: Row = {
        setup: name,
        readers: n,
        eld: main,
        childEld: await setup.childEld?.(),
        rtt: { p50: quantile(rtts, 0.5), p99: quantile(rtts, 0.99), max: Math.max(...rtts) },
        events: events - events0,
        cpuMain: cpu[0],
        cpuChild: cpu[1],
        keptUp: n === 0 ? 1 : c.videoFrames.filter((f) => f >= 0.95 * expected).length / n,
        machineIdle: machineIdlePercent(m0, sampleMachineCpu()),
      };
      rows.push(row);
      log(formatRow(row));
    }
  } finally {
    ui.stop();
    eld.stop();
    await children.stop(readers.child);
    publisher.post({ t: 'exit' });
    await children.stop(publisher.child);
    offEvents();
    await setup.host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const f1 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(1));
const HEADER = [
  '| setup | readers | main ELD p50 / p99 / max ms | engine-child ELD p50 / p99 / max ms | ping RTT p50 / p99 / max ms | events/window | CPU main / child % | readers ≥95 % frames | machine idle % |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
].join('\n');

function formatRow(r: Row): string {
  const trio = (t?: DelayFigures) => (t ? `${f1(t.p50)} / ${f1(t.p99)} / ${f1(t.max)}` : '–');
  return `| ${r.setup} | ${r.readers} | ${trio(r.eld)} | ${trio(r.childEld)} | ${trio(r.rtt)} | ${r.events} | ${f1(r.cpuMain)} / ${f1(r.cpuChild)} | ${(r.keptUp * 100).toFixed(0)} % | ${f1(r.machineIdle)} |`;
}

async function main(): Promise<number> {
  const children = new ChildProcesses();
  const run = startBenchRun('bench:shell-lag', children, 120 + repeat * setups.length * steps.reduce((t, n) => t + durationS + 10 + n / 20, 30) * 1.5);
  const m = machineInfo();
  log(`Shell event-loop lag benchmark, ${m.date}`);
  log(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.kernel}, node ${m.node}`);
  log(`steps: ${steps.join(', ')} RTMP readers × ${durationS} s; setups: ${setups.join(', ')}, ${repeat}×`);
  log(`ELD: perf_hooks.monitorEventLoopDelay (${ELD_RESOLUTION_MS} ms timer, shown as the excess over it) of this process, the Electron main process's stand-in.`);
  log(`ping RTT: getStatus every ${PING_MS} ms, from when it was due to when its answer was handled here.\n`);
  const clipFile = ensureClip(CACHE_DIR, log);
  log(HEADER);
  const rows: Row[] = [];
  for (let i = 0; i < repeat; i++) for (const s of setups) rows.push(...(await runSetup(s, children, clipFile)));
  run.finish();
  await children.stopAll();
  return rows.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:shell-lag: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
