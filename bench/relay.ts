// RTMP in → RTSP out (issue 4): publish → read latency through Relaybox for RTSP readers over
// TCP (interleaved) and UDP, next to RTMP readers of the same stream, then the fan-out steps of
// bench:fanout with RTSP-TCP readers beside RTMP readers.
//
//   npm run bench:relay -- [--duration 60] [--steps 1,10,50,100,200,400,800] [--step-duration 10]
//                          [--skip-fanout] [--pin] [--time-limit SEC]
//
// MediaMTX is the natural peer for RTSP but is not in apt or npm (it ships as a Go binary on
// GitHub), so this bench measures Relaybox alone; RTMP readers give the reference column.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ascendingCounts, parseBenchArgs, secondsOption, timeLimitOption } from './lib/bench-options';
import { startBenchRun, type BenchRun } from './lib/bench-run';
import { ChildProcesses } from './lib/child-processes';
import { CLIP_GOP_FRAMES, ensureClip, loadClip, type Clip } from './lib/clip';
import { sideBySide, type ServerResult } from './lib/fanout-report';
import { measureServerAlone, runFanoutSteps } from './lib/fanout-step';
import { machineInfo } from './lib/machine';
import { PacedPublisher } from './lib/paced-publisher';
import { ReaderClient } from './lib/reader-client';
import type { CollectedReport } from './lib/reader-protocol';
import type { RtspLowerTransport } from './lib/rtsp-client-session';
import { ensureRelayboxBuild, startRelaybox } from './lib/server-relaybox';
import type { RunningServer } from './lib/server-under-test';

const ROOT = join(import.meta.dirname, '..');
const CACHE_DIR = join(ROOT, '.bench-cache');
const WARMUP_MS = 3000;
const SETTLE_MS = 1000;
const BASELINE_MS = 5000;

type ReadMode = 'rtmp' | 'rtsp-tcp' | 'rtsp-udp';
const MODE_TITLES: Record<ReadMode, string> = { rtmp: 'RTMP', 'rtsp-tcp': 'RTSP/TCP', 'rtsp-udp': 'RTSP/UDP' };

interface Options {
  durationS: number;
  steps: number[];
  stepDurationS: number;
  fanout: boolean;
  pin: boolean;
  timeLimitS: number;
}

const USAGE = `usage: npm run bench:relay -- [options]
  --duration SEC       latency window per read mode (default 60)
  --steps LIST         fan-out reader counts, ascending (default 1,10,50,100,200,400,800)
  --step-duration SEC  fan-out window per step (default 10)
  --skip-fanout        latency only
  --pin                taskset: server on CPU 0, readers (and the publisher) on CPU 1
  --time-limit SEC     stop everything after this long (default: estimated)`;

function parseOptions(): Options {
  const { values, fail } = parseBenchArgs('bench:relay', USAGE, {
    duration: { type: 'string', default: '60' },
    steps: { type: 'string', default: '1,10,50,100,200,400,800' },
    'step-duration': { type: 'string', default: '10' },
    'skip-fanout': { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
    'time-limit': { type: 'string' },
  });
  const durationS = secondsOption(values.duration, '--duration', 1, 3600, fail);
  const stepDurationS = secondsOption(values['step-duration'], '--step-duration', 1, 600, fail);
  const steps = ascendingCounts(values.steps, '--steps', 20_000, fail);
  const fanout = !values['skip-fanout'];
  const estimate = 120 + 3 * (durationS + 10) + (fanout ? 2 * (40 + steps.reduce((t, n) => t + stepDurationS + 7 + n / 50, 0)) : 0) * 1.5;
  return { durationS, steps, stepDurationS, fanout, pin: values.pin, timeLimitS: timeLimitOption(values['time-limit'], estimate, fail) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);
const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** A Relaybox with the paced publisher on it and the light-reader process, torn down by `stop`. */
interface Rig {
  server: RunningServer;
  readers: ReaderClient;
  publisher: PacedPublisher;
  stop(): Promise<void>;
}

async function startRig(run: BenchRun, clip: Clip, o: Options, children: ChildProcesses): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-relay-'));
  const temp = run.tempDir(dir);
  const started = await startRelaybox({ children, dir, root: ROOT, cacheDir: CACHE_DIR, pinCpu: o.pin ? 0 : undefined, log });
  if (!started.ok) {
    temp.release();
    throw new Error(`relaybox: ${started.skipped}`);
  }
  const server = started.server;
  let readers: ReaderClient | undefined;
  let publisher: PacedPublisher | undefined;
  const stop = async () => {
    publisher?.stop();
    if (readers) await children.stop(readers.child);
    await children.stop(server.child);
    temp.release();
  };
  try {
    readers = await ReaderClient.start(children, o.pin ? 1 : undefined);
    const r = readers;
    publisher = new PacedPublisher(clip, (fp, ms) => r.post({ t: 'sent', fp, ms }));
    await publisher.start(server.url);
    await sleep(WARMUP_MS);
    if (publisher.failure) throw new Error(publisher.failure);
    return { server, readers, publisher, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readUrl(server: RunningServer, mode: ReadMode): { url: string; transport?: RtspLowerTransport } {
  if (mode === 'rtmp') return { url: server.url };
  return { url: server.rtspUrl!, transport: mode === 'rtsp-tcp' ? 'tcp' : 'udp' };
}

interface LatencyRow {
  mode: ReadMode;
  firstFrameMs: number;
  collected?: CollectedReport;
  delivered: number;
  error?: string;
}

/** One reader per mode, one after the other, each measured over the whole window. */
async function measureLatency(rig: Rig, clip: Clip, o: Options): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  log(`\n== latency: one reader per mode, ${o.durationS} s each ==`);
  log('  mode        1st frame ms   frames %   samples   p50 ms   p95 ms   p99 ms   max ms');
  for (const mode of ['rtmp', 'rtsp-tcp', 'rtsp-udp'] as const) {
    await rig.readers.closeAll();
    const { url, transport } = readUrl(rig.server, mode);
    const opened = await rig.readers.open(url, 1, 15_000, 0, transport);
    if (opened.playing !== 1) {
      rows.push({ mode, firstFrameMs: NaN, delivered: 0, error: opened.errors.join('; ') || 'did not play' });
      log(`  ${MODE_TITLES[mode].padEnd(10)}  failed: ${rows[rows.length - 1].error}`);
      continue;
    }
    await sleep(SETTLE_MS);
    const lateBefore = rig.publisher.stats.maxLateMs;
    rig.readers.mark();
    await sleep(o.durationS * 1000);
    const c = await rig.readers.collect();
    const delivered = c.videoFrames[0] / ((clip.fps * c.windowMs) / 1000);
    const row: LatencyRow = { mode, firstFrameMs: opened.firstFrameMs[0], collected: c, delivered };
    rows.push(row);
    const notes: string[] = [];
    if (rig.publisher.stats.maxLateMs > 100 && rig.publisher.stats.maxLateMs > lateBefore) notes.push(`publisher ran up to ${rig.publisher.stats.maxLateMs.toFixed(0)} ms late`);
    if (c.latency.unmatched > 0) notes.push(`${c.latency.unmatched} frames unmatched`);
    const l = c.latency;
    log(
      `  ${MODE_TITLES[mode].padEnd(10)}${fixed(row.firstFrameMs, 0).padStart(14)}${fixed(delivered * 100, 1).padStart(11)}${String(l.samples).padStart(10)}` +
        `${fixed(l.p50, 2).padStart(9)}${fixed(l.p95, 2).padStart(9)}${fixed(l.p99, 2).padStart(9)}${fixed(l.max, 1).padStart(9)}${notes.length ? `  (${notes.join('; ')})` : ''}`,
    );
  }
  await rig.readers.closeAll();
  return rows;
}

/** bench:fanout's steps on a fresh server, with readers of one mode. */
async function measureFanout(run: BenchRun, mode: ReadMode, clip: Clip, o: Options, children: ChildProcesses): Promise<ServerResult> {
  const result: ServerResult = { name: 'relaybox', column: `Relaybox, ${MODE_TITLES[mode]} readers`, label: 'relaybox', rows: [] };
  let rig: Rig | undefined;
  try {
    rig = await startRig(run, clip, o, children);
    result.label = rig.server.label;
    const baseline = await measureServerAlone(rig.server.pid, Math.min(o.stepDurationS * 1000, BASELINE_MS));
    result.baseline = baseline;
    log(`\n== fan-out, ${MODE_TITLES[mode]} readers (publisher alone: CPU ${baseline.cpu.toFixed(1)} %, RSS ${baseline.rssMiB.toFixed(1)} MiB) ==`);
    const ctx = { serverPid: rig.server.pid, readers: rig.readers, publisher: rig.publisher, clip, baseline, durationS: o.stepDurationS, settleMs: SETTLE_MS };
    const { url, transport } = readUrl(rig.server, mode);
    const readers = rig.readers;
    await runFanoutSteps(ctx, o.steps, (add, n) => readers.open(url, add, 15_000 + n * 20, (CLIP_GOP_FRAMES * 1000) / clip.fps, transport), result, log);
  } catch (err) {
    result.skipped = `${result.rows.length ? 'stopped early' : 'failed'}: ${(err as Error).message}`;
  } finally {
    await rig?.stop();
  }
  return result;
}

function latencyTable(rows: LatencyRow[]): string {
  const out = [
    '| read mode | 1st frame ms | frames delivered | samples | p50 ms | p95 ms | p99 ms | max ms |',
    '|-----------|-------------:|-----------------:|--------:|-------:|-------:|-------:|-------:|',
  ];
  for (const r of rows) {
    const l = r.collected?.latency;
    if (!l) {
      out.push(`| ${MODE_TITLES[r.mode]} | failed: ${r.error} | | | | | | |`);
      continue;
    }
    out.push(`| ${MODE_TITLES[r.mode]} | ${fixed(r.firstFrameMs, 0)} | ${fixed(r.delivered * 100, 1)} % | ${l.samples} | ${fixed(l.p50, 2)} | ${fixed(l.p95, 2)} | ${fixed(l.p99, 2)} | ${fixed(l.max, 1)} |`);
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const o = parseOptions();
  const children = new ChildProcesses();
  const run = startBenchRun('bench:relay', children, o.timeLimitS);
  if (o.pin) {
    const cpus = machineInfo().cpus;
    if (cpus < 2) {
      console.error('bench:relay: --pin needs at least 2 CPUs');
      return 2;
    }
    spawnSync('taskset', ['-a', '-p', '-c', String(cpus > 2 ? 2 : 1), String(process.pid)], { stdio: 'ignore' });
  }
  const buildError = ensureRelayboxBuild(ROOT);
  if (buildError) {
    console.error(`bench:relay: ${buildError}`);
    return 1;
  }
  const m = machineInfo();
  log(`RTMP → RTSP relay benchmark, ${m.date}`);
  log(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.kernel}, node ${m.node}`);
  const clip = loadClip(ensureClip(CACHE_DIR, log));
  log(`clip: ${clip.videoFrames} frames at ${clip.fps} fps, video ${(clip.videoBitrate / 1e6).toFixed(2)} Mbit/s + audio ${(clip.audioBitrate / 1e3).toFixed(0)} kbit/s, looped`);
  log(`latency: ${o.durationS} s per mode${o.fanout ? `; fan-out: ${o.steps.join(', ')} readers × ${o.stepDurationS} s, RTMP then RTSP/TCP readers` : ''}; time limit ${o.timeLimitS} s`);
  log(`method: the paced Node publisher writes the clip's FLV tags over RTMP and notes the monotonic time of each
  video frame's write; each reader notes when the same frame (last 32 bytes of its last slice) arrives: over
  RTMP as one message, over RTSP when the RTP packet with the marker bit completes the access unit
  (the project's H264Depacketizer). latency = arrival − write over every frame in the window (CLOCK_MONOTONIC
  in both processes). Fan-out figures as in bench:fanout.
MediaMTX: not measured (not installable from apt or npm; it ships as a Go binary on GitHub).`);

  let rig: Rig | undefined;
  let latency: LatencyRow[] = [];
  try {
    rig = await startRig(run, clip, o, children);
    log(`\n${rig.server.label}: ${rig.server.url} → ${rig.server.rtspUrl}`);
    latency = await measureLatency(rig, clip, o);
  } catch (err) {
    log(`latency: failed: ${(err as Error).message}`);
  } finally {
    await rig?.stop();
  }

  const fanout: ServerResult[] = [];
  if (o.fanout) {
    for (const mode of ['rtmp', 'rtsp-tcp'] as const) {
      const r = await measureFanout(run, mode, clip, o, children);
      if (r.skipped) log(`${r.column}: ${r.skipped}`);
      fanout.push(r);
    }
  }

  log('\n## Results\n');
  log(`Publish (RTMP) → read latency, one reader per mode, ${o.durationS} s window:\n`);
  log(latencyTable(latency));
  if (fanout.length > 0) {
    log('');
    for (const r of fanout) log(`- ${r.column}: ${r.label}${r.baseline ? ` (publisher alone: CPU ${r.baseline.cpu.toFixed(1)} %, RSS ${r.baseline.rssMiB.toFixed(1)} MiB)` : ''}${r.skipped ? `; ${r.skipped}` : ''}`);
    log('');
    log(sideBySide(fanout, o.steps));
  }
  run.finish();
  await children.stopAll();
  return latency.some((r) => r.collected) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:relay: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
