// RTMP fan-out benchmark: one publisher, N readers, Relaybox next to nginx-rtmp and
// node-media-server in one invocation (absolute figures move between runs on shared machines;
// the ratios between servers measured minutes apart move much less).
//
//   npm run bench:fanout -- [--steps 1,10,50,100,200,400,800] [--duration 10]
//                           [--servers relaybox,nginx,nms] [--pin] [--time-limit 1800]
//
// Per server: start it on free loopback ports; publish a cached 4 Mbit/s 720p30 H.264 + AAC clip
// in real time without encoding (a paced Node publisher, like `ffmpeg -re -c copy`); start one
// light-reader process; measure the publisher alone, then add readers up to each step, let them
// settle, and measure over --duration seconds. See printMethod() for what each figure means.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ascendingCounts, parseBenchArgs, secondsOption, timeLimitOption } from './lib/bench-options';
import { startBenchRun, type BenchRun } from './lib/bench-run';
import { ChildProcesses } from './lib/child-processes';
import { CLIP_GOP_FRAMES, ensureClip, loadClip, type Clip } from './lib/clip';
import { machineInfo } from './lib/machine';
import { PacedPublisher } from './lib/paced-publisher';
import { cpuPercent, processTree, rssKiB, sampleCpu } from './lib/proc-stats';
import { ReaderClient } from './lib/reader-client';
import { ratiosVsNginx, sideBySide, SERVER_TITLES, type ServerResult } from './lib/fanout-report';
import { runFanoutSteps, type FanoutStepContext } from './lib/fanout-step';
import { SERVER_NAMES, type ServerName, type ServerStart, type StartContext } from './lib/server-under-test';
import { ensureRelayboxBuild, startRelaybox } from './lib/server-relaybox';
import { startNginx } from './lib/server-nginx';
import { startNms } from './lib/server-nms';

const ROOT = join(import.meta.dirname, '..');
const CACHE_DIR = join(ROOT, '.bench-cache');
/** Publisher alone before the first step: the server's GOP cache fills, start-up work settles. */
const WARMUP_MS = 3000;
/** After readers are added and playing: GOP-cache bursts drain before the window opens. */
const SETTLE_MS = 1000;
const BASELINE_MAX_MS = 5000;

const STARTERS: Record<ServerName, (ctx: StartContext) => Promise<ServerStart>> = {
  relaybox: startRelaybox,
  nginx: startNginx,
  nms: startNms,
};

interface Options {
  steps: number[];
  durationS: number;
  servers: ServerName[];
  pin: boolean;
  timeLimitS: number;
}

const USAGE = `usage: npm run bench:fanout -- [options]
  --steps LIST       reader counts, ascending (default 1,10,50,100,200,400,800)
  --duration SEC     measurement window per step (default 10)
  --servers LIST     any of relaybox,nginx,nms (default all; unavailable ones print "skipped")
  --pin              taskset: server on CPU 0, readers (and the publisher) on CPU 1
  --time-limit SEC   stop everything after this long (default: estimated from steps × duration)`;

function parseOptions(): Options {
  const { values, fail } = parseBenchArgs('bench:fanout', USAGE, {
    steps: { type: 'string', default: '1,10,50,100,200,400,800' },
    duration: { type: 'string', default: '10' },
    servers: { type: 'string', default: SERVER_NAMES.join(',') },
    pin: { type: 'boolean', default: false },
    'time-limit': { type: 'string' },
  });
  const steps = ascendingCounts(values.steps, '--steps', 20_000, fail);
  const durationS = secondsOption(values.duration, '--duration', 1, 600, fail);
  const servers = values.servers.split(',').map((s) => s.trim()) as ServerName[];
  const unknown = servers.filter((s) => !SERVER_NAMES.includes(s));
  if (unknown.length || servers.length === 0) fail(`--servers: unknown ${unknown.join(', ')}; choose from ${SERVER_NAMES.join(', ')}`);
  // Per server: start-up, warm-up, baseline, and per step the window plus connecting and settling.
  const estimate = 120 + servers.length * (40 + steps.reduce((t, n) => t + durationS + 7 + n / 50, 0)) * 1.5;
  return { steps, durationS, servers, pin: values.pin, timeLimitS: timeLimitOption(values['time-limit'], estimate, fail) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);

function printMethod(clip: Clip, o: Options): void {
  log(`clip: ${clip.file.replace(`${ROOT}/`, '')}: ${clip.videoFrames} frames at ${clip.fps} fps, video ${(clip.videoBitrate / 1e6).toFixed(2)} Mbit/s + audio ${(clip.audioBitrate / 1e3).toFixed(0)} kbit/s, looped; ${clip.uniqueFingerprints} frames identifiable for latency`);
  log(`steps: ${o.steps.join(', ')} readers × ${o.durationS} s; servers: ${o.servers.join(', ')}${o.pin ? '; pinned: server CPU 0, readers + publisher CPU 1' : ''}; time limit ${o.timeLimitS} s`);
  log(`method:
  - CPU: utime+stime of the server's process tree (/proc/PID/stat) over the window, % of one core.
    CPU/rdr = (CPU − CPU with the publisher alone) / N.
  - RSS: VmRSS of the server's process tree at the end of the window; RSS/rdr = (RSS − publisher-alone RSS) / N.
  - kbit/s: audio+video payload bytes each reader received in the window (median over readers).
  - ≥95 % frames: readers that received at least 95 % of fps × window coded video frames.
  - 1st frame: TCP connect → first coded video frame, median over the readers added in that step;
    their connects are spread evenly over one GOP (${CLIP_GOP_FRAMES} frames) so every keyframe phase is sampled.
  - latency: a Node publisher sends the clip's FLV tags paced in real time and notes the monotonic
    time it wrote each video frame; each reader notes when the same frame (identified by its last
    32 bytes) arrived; latency = arrival − write over every frame of every reader in the window.
    Both processes read CLOCK_MONOTONIC, so this is the true publish → read delay through the server
    (including the reader process's own scheduling delay: check rdr CPU %).
  - idle %: idle CPU of the whole machine (/proc/stat) over the window; near 0 means the box ran out,
    and other load on a shared machine shows up here too ("publisher ran … late" notes likewise).`);
}

async function runServer(run: BenchRun, name: ServerName, clip: Clip, o: Options, children: ChildProcesses): Promise<ServerResult> {
  const dir = mkdtempSync(join(tmpdir(), `relaybox-fanout-${name}-`));
  const temp = run.tempDir(dir);
  const result: ServerResult = { name, label: SERVER_TITLES[name], rows: [] };
  let readers: ReaderClient | undefined;
  let publisher: PacedPublisher | undefined;
  let started: ServerStart | undefined;
  try {
    started = await STARTERS[name]({ children, dir, root: ROOT, cacheDir: CACHE_DIR, pinCpu: o.pin ? 0 : undefined, log });
    if (!started.ok) {
      result.skipped = started.skipped;
      return result;
    }
    const server = started.server;
    result.label = server.label;
    log(`\n== ${server.label}: ${server.url} (pid ${server.pid}) ==`);
    readers = await ReaderClient.start(children, o.pin ? 1 : undefined);
    const r = readers;
    publisher = new PacedPublisher(clip, (fp, ms) => r.post({ t: 'sent', fp, ms }));
    try {
      await publisher.start(server.url);
    } catch (err) {
      result.skipped = `publish failed: ${(err as Error).message}`;
      return result;
    }
    await sleep(WARMUP_MS);
    if (publisher.failure) {
      result.skipped = publisher.failure;
      return result;
    }
    const tree = processTree(server.pid);
    const b0 = sampleCpu(tree);
    await sleep(Math.min(o.durationS * 1000, BASELINE_MAX_MS));
    const baseline = { cpu: cpuPercent(b0, sampleCpu(tree)), rssMiB: rssKiB(tree) / 1024 };
    result.baseline = baseline;
    log(`publisher alone: CPU ${baseline.cpu.toFixed(1)} %, RSS ${baseline.rssMiB.toFixed(1)} MiB`);
    const step: FanoutStepContext = { serverPid: server.pid, readers, publisher, clip, baseline, durationS: o.durationS, settleMs: SETTLE_MS };
    const open = readers;
    await runFanoutSteps(step, o.steps, (add, n) => open.open(server.url, add, 15_000 + n * 20, (CLIP_GOP_FRAMES * 1000) / clip.fps), result, log);
    return result;
  } catch (err) {
    result.skipped = `${result.rows.length ? 'stopped early' : 'failed'}: ${(err as Error).message}`;
    return result;
  } finally {
    publisher?.stop();
    if (readers) await children.stop(readers.child);
    if (started?.ok) await children.stop(started.server.child);
    temp.release();
  }
}

function toolVersions(): string {
  const nginx = /nginx\/(\S+)/.exec(spawnSync('/usr/sbin/nginx', ['-v'], { encoding: 'utf8' }).stderr ?? '')?.[1];
  const ffmpeg = /ffmpeg version (\S+)/.exec(spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout ?? '')?.[1];
  return `nginx ${nginx ?? 'not found'}, ffmpeg ${ffmpeg ?? 'not found'}`;
}

async function main(): Promise<number> {
  const o = parseOptions();
  const children = new ChildProcesses();
  const run = startBenchRun('bench:fanout', children, o.timeLimitS);

  if (o.pin) {
    const cpus = machineInfo().cpus;
    if (cpus < 2) {
      console.error('bench:fanout: --pin needs at least 2 CPUs');
      return 2;
    }
    // The publisher lives in this process: keep it off the server's CPU too.
    spawnSync('taskset', ['-a', '-p', '-c', String(cpus > 2 ? 2 : 1), String(process.pid)], { stdio: 'ignore' });
  }
  // A failed build must not measure whatever stale build out/ still holds.
  const buildError = o.servers.includes('relaybox') ? ensureRelayboxBuild(ROOT) : undefined;
  const m = machineInfo();
  log(`RTMP fan-out benchmark, ${m.date}`);
  log(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.kernel}, node ${m.node}, ${toolVersions()}`);
  const clip = loadClip(ensureClip(CACHE_DIR, log));
  printMethod(clip, o);

  const results: ServerResult[] = [];
  for (const name of o.servers) {
    const r = name === 'relaybox' && buildError ? { name, label: SERVER_TITLES[name], skipped: buildError, rows: [] } : await runServer(run, name, clip, o, children);
    if (r.skipped) log(`\n${SERVER_TITLES[name]}: skipped: ${r.skipped}`);
    results.push(r);
  }

  log('\n## Side by side\n');
  for (const r of results) log(`- ${SERVER_TITLES[r.name]}: ${r.skipped && r.rows.length === 0 ? `skipped: ${r.skipped}` : r.label}${r.baseline ? ` (publisher alone: CPU ${r.baseline.cpu.toFixed(1)} %, RSS ${r.baseline.rssMiB.toFixed(1)} MiB)` : ''}`);
  log('');
  log(sideBySide(results, o.steps));
  log(ratiosVsNginx(results, o.steps));
  run.finish();
  await children.stopAll();
  return results.every((r) => r.skipped && r.rows.length === 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:fanout: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
