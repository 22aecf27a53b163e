// One fan-out step, shared by bench:fanout (RTMP readers) and bench:relay (RTSP readers): add
// readers, let them settle, then measure the server's process tree, the reader process and the
// machine over one window. See bench/fanout.ts printMethod() for what each figure means.
import type { Clip } from './clip';
import { formatStepLine, STEP_HEADER, type ServerResult, type StepRow } from './fanout-report';
import type { PacedPublisher } from './paced-publisher';
import { cpuPercent, isAlive, machineIdlePercent, processTree, rssKiB, sampleCpu, sampleMachineCpu } from './proc-stats';
import type { ReaderClient } from './reader-client';
import type { CollectedReport, OpenedReport } from './reader-protocol';
import { median } from './stats';

export interface FanoutStepContext {
  serverPid: number;
  readers: ReaderClient;
  publisher: PacedPublisher;
  clip: Clip;
  /** The server with the publisher alone. */
  baseline: { cpu: number; rssMiB: number };
  durationS: number;
  /** After readers are added and playing: GOP-cache bursts drain before the window opens. */
  settleMs: number;
}

export interface MeasuredStep {
  row: StepRow;
  collected: CollectedReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `openMore` adds the step's new readers (the total is then `readers`); resolves with the step's figures. */
export async function measureFanoutStep(ctx: FanoutStepContext, readers: number, openMore: () => Promise<OpenedReport>): Promise<MeasuredStep> {
  const { publisher, clip, baseline } = ctx;
  const opened = await openMore();
  await sleep(ctx.settleMs);
  const tree = processTree(ctx.serverPid);
  const a = sampleCpu(tree);
  const ra = sampleCpu([ctx.readers.pid]);
  const ma = sampleMachineCpu();
  const lateBefore = publisher.stats.maxLateMs;
  ctx.readers.mark();
  await sleep(ctx.durationS * 1000);
  const c = await ctx.readers.collect();
  const cpu = cpuPercent(a, sampleCpu(tree));
  const readerCpu = cpuPercent(ra, sampleCpu([ctx.readers.pid]));
  const machineIdle = machineIdlePercent(ma, sampleMachineCpu());
  const rssMiB = rssKiB(tree) / 1024;
  const expected = (clip.fps * c.windowMs) / 1000;
  const notes: string[] = [...opened.errors.slice(0, 2)];
  if (publisher.stats.maxLateMs > 100 && publisher.stats.maxLateMs > lateBefore) notes.push(`publisher ran up to ${publisher.stats.maxLateMs.toFixed(0)} ms late`);
  if (c.latency.unmatched > 0) notes.push(`${c.latency.unmatched} frames unmatched for latency`);
  const row: StepRow = {
    readers,
    cpu,
    cpuPerReader: (cpu - baseline.cpu) / readers,
    rssMiB,
    rssPerReaderKiB: ((rssMiB - baseline.rssMiB) * 1024) / readers,
    bitrateKbps: median(c.payloadBytes.map((b) => (b * 8) / c.windowMs)),
    share95: c.videoFrames.filter((f) => f >= 0.95 * expected).length / readers,
    firstFrameMs: median(opened.firstFrameMs),
    latencyP50: c.latency.p50,
    latencyP95: c.latency.p95,
    latencySamples: c.latency.samples,
    readerCpu,
    machineIdle,
    failed: opened.failed,
    closed: Object.values(c.closed).reduce((s, k) => s + k, 0),
    notes,
  };
  return { row, collected: c };
}

/** CPU (% of one core) over `ms` and RSS at the end, of the server's process tree, e.g. with the publisher alone. */
export async function measureServerAlone(serverPid: number, ms: number): Promise<{ cpu: number; rssMiB: number }> {
  const tree = processTree(serverPid);
  const a = sampleCpu(tree);
  await sleep(ms);
  return { cpu: cpuPercent(a, sampleCpu(tree)), rssMiB: rssKiB(tree) / 1024 };
}

/**
 * The steps in order, each adding readers with `open(add, total)` and measuring; rows go into
 * `result` as they are measured. Stops early (with `result.skipped`) when the server exits or
 * the publisher fails.
 */
export async function runFanoutSteps(
  ctx: FanoutStepContext,
  steps: readonly number[],
  open: (add: number, total: number) => Promise<OpenedReport>,
  result: ServerResult,
  log: (line: string) => void,
): Promise<void> {
  log(STEP_HEADER);
  let current = 0;
  for (const n of steps) {
    if (!isAlive(ctx.serverPid)) {
      result.skipped = `server exited before the ${n}-reader step`;
      return;
    }
    if (ctx.publisher.failure) {
      result.skipped = `${ctx.publisher.failure} (before the ${n}-reader step)`;
      return;
    }
    const add = n - current;
    const { row } = await measureFanoutStep(ctx, n, () => open(add, n));
    current = n;
    result.rows.push(row);
    log(formatStepLine(row));
  }
}
