// HLS benchmark (issue 5): nginx-rtmp `hls on` next to Relaybox HLS (mpegts) and LL-HLS, each
// fed the same RTMP publish in real time:
//   1. publish → first playable playlist: a client polls from the moment the publisher starts
//      connecting until it holds a playlist and the media it lists (segment, or for LL-HLS a
//      blocking request for part 0 of segment 0);
//   2. availability latency ("glass-to-glass-ish"): one client follows the live edge (playlist
//      every 50 ms, LL-HLS blocking reloads) and fetches each new segment/part; every video frame
//      in it is identified by its bytes and compared with when the publisher wrote it;
//   3. CPU with N HTTP readers (light reader process) reloading playlists and fetching media as
//      players do, and per reader.
//
//   npm run bench:hls -- [--duration 30] [--readers 50,200] [--step-duration 10]
//                        [--targets nginx,mpegts,lowLatency] [--time-limit SEC]
import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ascendingCounts, parseBenchArgs, secondsOption, timeLimitOption } from './lib/bench-options';
import { startBenchRun, type BenchRun } from './lib/bench-run';
import { ChildProcesses } from './lib/child-processes';
import { ensureClip, loadClip, type Clip } from './lib/clip';
import { measureServerAlone } from './lib/fanout-step';
import { mediaFrameFingerprints } from './lib/hls-media';
import { parseMediaPlaylist, variantUri, type MediaPlaylist } from './lib/hls-playlist';
import type { FromHlsReader, HlsCollected, HlsReadMode, ToHlsReader } from './lib/hls-reader-protocol';
import { httpGet } from './lib/http-get';
import { IpcChild } from './lib/ipc-child';
import { machineInfo } from './lib/machine';
import { PacedPublisher } from './lib/paced-publisher';
import { cpuPercent, machineIdlePercent, processTree, rssKiB, sampleCpu, sampleMachineCpu } from './lib/proc-stats';
import { monotonicMs } from './lib/rtmp-client-session';
import { ensureRelayboxBuild, startRelaybox } from './lib/server-relaybox';
import { startNginx } from './lib/server-nginx';
import type { RunningServer, ServerStart, StartContext } from './lib/server-under-test';
import { median, quantile } from './lib/stats';

const ROOT = join(import.meta.dirname, '..');
const CACHE_DIR = join(ROOT, '.bench-cache');
/** Key frame every second: every server can cut 1 s segments (nginx-rtmp hls_fragment 1s). */
const GOP_FRAMES = 30;
const SEGMENT_S = 1;
const PROBE_RETRY_MS = 20;
const PROBE_TIMEOUT_MS = 15_000;
const FOLLOW_POLL_MS = 50;
/** A frame fetched later than this after its write belongs to another loop of the clip. */
const MAX_LATENCY_MS = 20_000;

type TargetName = 'nginx' | 'mpegts' | 'lowLatency';
const TARGETS: readonly TargetName[] = ['nginx', 'mpegts', 'lowLatency'];
const TITLES: Record<TargetName, string> = { nginx: 'nginx-rtmp (hls on, 1 s fragments)', mpegts: 'Relaybox mpegts', lowLatency: 'Relaybox LL-HLS' };

interface Options {
  durationS: number;
  readers: number[];
  stepDurationS: number;
  targets: TargetName[];
  timeLimitS: number;
}

const USAGE = `usage: npm run bench:hls -- [options]
  --duration SEC       availability-latency window per target (default 30)
  --readers LIST       HTTP reader counts, ascending (default 50,200; 0 for none)
  --step-duration SEC  CPU window per reader step (default 10)
  --targets LIST       any of ${TARGETS.join(',')} (default all)
  --time-limit SEC     stop everything after this long (default: estimated)`;

function parseOptions(): Options {
  const { values, fail } = parseBenchArgs('bench:hls', USAGE, {
    duration: { type: 'string', default: '30' },
    readers: { type: 'string', default: '50,200' },
    'step-duration': { type: 'string', default: '10' },
    targets: { type: 'string', default: TARGETS.join(',') },
    'time-limit': { type: 'string' },
  });
  const durationS = secondsOption(values.duration, '--duration', 3, 3600, fail);
  const stepDurationS = secondsOption(values['step-duration'], '--step-duration', 2, 600, fail);
  const readers = values.readers === '0' ? [] : ascendingCounts(values.readers, '--readers', 5000, fail);
  const targets = values.targets.split(',').map((s) => s.trim()) as TargetName[];
  if (targets.length === 0 || targets.some((t) => !TARGETS.includes(t))) fail(`--targets: choose from ${TARGETS.join(', ')}`);
  const estimate = 120 + targets.length * (40 + durationS + readers.length * (stepDurationS + 8)) * 1.5;
  return { durationS, readers, stepDurationS, targets, timeLimitS: timeLimitOption(values['time-limit'], estimate, fail) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);
const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

interface Startup {
  /** publish start → a media playlist listing a segment (or, LL blocking, a part). */
  playlistMs: number;
  /** … → that segment's (part's) bytes received. */
  mediaMs: number;
  error?: string;
}

interface Availability {
  /** Per video frame: availability to the following client − publisher's write. */
  frameMs: number[];
  /** Per segment/part: the same for its first (oldest) frame. */
  itemOldestMs: number[];
  /** Per segment/part: for its last (newest) frame, i.e. how long after its last frame it became available. */
  itemNewestMs: number[];
  items: number;
  unmatched: number;
}

interface StepResult {
  readers: number;
  cpu: number;
  cpuPerReader: number;
  rssMiB: number;
  kbps: number;
  keptUp: number;
  requestsPerS: number;
  readerCpu: number;
  machineIdle: number;
  errors: string[];
}

interface TargetResult {
  name: TargetName;
  label: string;
  skipped?: string;
  startup?: Startup;
  llStartup?: Startup;
  availability?: Availability;
  baseline?: { cpu: number; rssMiB: number };
  steps: StepResult[];
}

/** Where a plain client starts (multivariant for Relaybox, nginx-rtmp's media playlist). */
function entryUrl(name: TargetName, server: RunningServer): string {
  return name === 'nginx' ? `${server.httpBase}/hls/bench.m3u8` : `${server.httpBase}/live/bench/index.m3u8`;
}

async function getRetrying(url: string, agent: Agent, deadline: number, accept: (body: Buffer) => boolean = () => true): Promise<Buffer> {
  let last = 'no request';
  while (monotonicMs() < deadline) {
    try {
      const r = await httpGet(url, agent, Math.max(1, deadline - monotonicMs()));
      if (r.status === 200 && accept(r.body)) return r.body;
      last = `HTTP ${r.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(PROBE_RETRY_MS);
  }
  throw new Error(`${url}: nothing playable within ${PROBE_TIMEOUT_MS} ms (${last})`);
}

/** A plain client (what hls.js and FFmpeg do): entry playlist → media playlist with a segment → the newest segment. */
async function probePlain(entry: string, t0: number): Promise<Startup> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const deadline = t0 + PROBE_TIMEOUT_MS;
  try {
    let url = entry;
    let text = (await getRetrying(url, agent, deadline)).toString('latin1');
    const variant = variantUri(text);
    let pl: MediaPlaylist | undefined = variant ? undefined : parseMediaPlaylist(text);
    if (variant) url = new URL(variant, entry).href;
    while (!pl || pl.segments.length === 0) {
      if (pl) await sleep(PROBE_RETRY_MS);
      text = (await getRetrying(url, agent, deadline)).toString('latin1');
      pl = parseMediaPlaylist(text);
      if (monotonicMs() > deadline) throw new Error(`${url}: no segment listed within ${PROBE_TIMEOUT_MS} ms`);
    }
    const playlistMs = monotonicMs() - t0;
    await getRetrying(new URL(pl.segments[pl.segments.length - 1].uri, url).href, agent, deadline);
    return { playlistMs, mediaMs: monotonicMs() - t0 };
  } catch (err) {
    return { playlistMs: NaN, mediaMs: NaN, error: (err as Error).message };
  } finally {
    agent.destroy();
  }
}

/** An LL-HLS client asking at once for part 0 of segment 0 (rfc8216bis §6.2.5.2 blocking request). */
async function probeBlocking(mediaUrl: string, t0: number): Promise<Startup> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const deadline = t0 + PROBE_TIMEOUT_MS;
  try {
    const body = await getRetrying(`${mediaUrl}?_HLS_msn=0&_HLS_part=0`, agent, deadline, (b) => parseMediaPlaylist(b.toString('latin1')).parts.length > 0);
    const playlistMs = monotonicMs() - t0;
    const part = parseMediaPlaylist(body.toString('latin1')).parts[0];
    await getRetrying(new URL(part.uri, mediaUrl).href, agent, deadline);
    return { playlistMs, mediaMs: monotonicMs() - t0 };
  } catch (err) {
    return { playlistMs: NaN, mediaMs: NaN, error: (err as Error).message };
  } finally {
    agent.destroy();
  }
}

/** Follows the live edge for `durationMs`, fetching every new segment (poll) or part (blocking). */
async function follow(mediaUrl: string, mode: HlsReadMode, durationMs: number, sentAt: ReadonlyMap<number, number>): Promise<Availability> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const out: Availability = { frameMs: [], itemOldestMs: [], itemNewestMs: [], items: 0, unmatched: 0 };
  const seen = new Set<string>();
  const end = monotonicMs() + durationMs;
  let next: { msn: number; part: number } | undefined;
  let first = true;
  try {
    while (monotonicMs() < end) {
      const started = monotonicMs();
      const q = mode === 'blocking' && next ? `?_HLS_msn=${next.msn}&_HLS_part=${next.part}` : '';
      const r = await httpGet(mediaUrl + q, agent);
      if (r.status !== 200) throw new Error(`${mediaUrl + q}: HTTP ${r.status}`);
      const pl = parseMediaPlaylist(r.body.toString('latin1'));
      const items = mode === 'blocking' ? pl.parts : pl.segments;
      for (const item of items) {
        if (seen.has(item.uri)) continue;
        seen.add(item.uri);
        // What was listed before we started following is not fresh: skip it.
        if (first) continue;
        const media = await httpGet(new URL(item.uri, mediaUrl).href, agent);
        const avail = monotonicMs();
        if (media.status !== 200) throw new Error(`${item.uri}: HTTP ${media.status}`);
        const lat: number[] = [];
        for (const fp of mediaFrameFingerprints(media.body)) {
          const sent = sentAt.get(fp);
          if (sent === undefined) continue;
          if (avail >= sent && avail - sent < MAX_LATENCY_MS) lat.push(avail - sent);
          else out.unmatched++;
        }
        out.items++;
        if (lat.length === 0) continue;
        out.frameMs.push(...lat);
        out.itemOldestMs.push(Math.max(...lat));
        out.itemNewestMs.push(Math.min(...lat));
      }
      first = false;
      if (mode === 'blocking') next = { msn: pl.nextMsn, part: pl.partsOfNext };
      else await sleep(Math.max(0, FOLLOW_POLL_MS - (monotonicMs() - started)));
    }
  } finally {
    agent.destroy();
  }
  return out;
}

async function startTarget(name: TargetName, ctx: StartContext): Promise<ServerStart> {
  if (name === 'nginx') return startNginx(ctx, undefined, { hlsFragmentS: SEGMENT_S });
  // Defaults otherwise (hlsSegmentDuration 1s, hlsPartDuration 200ms, muxer on first request).
  return startRelaybox(ctx, [`hlsVariant: ${name}`, `hlsSegmentDuration: ${SEGMENT_S}s`]);
}

async function measureStep(
  server: RunningServer,
  readers: IpcChild<ToHlsReader, FromHlsReader>,
  mediaUrl: string,
  mode: HlsReadMode,
  n: number,
  add: number,
  baseline: { cpu: number; rssMiB: number },
  o: Options,
): Promise<StepResult> {
  await readers.request({ t: 'start', url: mediaUrl, count: add, mode, pollMs: SEGMENT_S * 1000, spreadMs: 1000 }, 'started', 60_000);
  // Every new client has loaded a playlist and its first media by then.
  await sleep(2500);
  const tree = processTree(server.pid);
  const a = sampleCpu(tree);
  const ra = sampleCpu([readers.pid]);
  const ma = sampleMachineCpu();
  readers.post({ t: 'mark' });
  await sleep(o.stepDurationS * 1000);
  const c: HlsCollected = await readers.request({ t: 'collect' }, 'collected', 30_000);
  const cpu = cpuPercent(a, sampleCpu(tree));
  const windowS = c.windowMs / 1000;
  return {
    readers: n,
    cpu,
    cpuPerReader: (cpu - baseline.cpu) / n,
    rssMiB: rssKiB(tree) / 1024,
    kbps: median(c.mediaBytes.map((b) => (b * 8) / c.windowMs)),
    // Segments arrive whole, so a client that kept up fetched the window less at most one segment.
    keptUp: c.mediaSeconds.filter((s) => s >= windowS - SEGMENT_S - 0.5).length / n,
    requestsPerS: c.requests / windowS,
    readerCpu: cpuPercent(ra, sampleCpu([readers.pid])),
    machineIdle: machineIdlePercent(ma, sampleMachineCpu()),
    errors: Object.entries(c.errors).map(([k, v]) => `${v}× ${k}`),
  };
}

async function runTarget(run: BenchRun, name: TargetName, clip: Clip, o: Options, children: ChildProcesses): Promise<TargetResult> {
  const result: TargetResult = { name, label: TITLES[name], steps: [] };
  const dir = mkdtempSync(join(tmpdir(), `relaybox-hls-${name}-`));
  const temp = run.tempDir(dir);
  let publisher: PacedPublisher | undefined;
  let readers: IpcChild<ToHlsReader, FromHlsReader> | undefined;
  let started: ServerStart | undefined;
  try {
    started = await startTarget(name, { children, dir, root: ROOT, cacheDir: CACHE_DIR, pinCpu: undefined, log });
    if (!started.ok) {
      result.skipped = started.skipped;
      return result;
    }
    const server = started.server;
    result.label = `${TITLES[name]}: ${server.label}`;
    log(`\n== ${result.label} (pid ${server.pid}) ==`);
    const sentAt = new Map<number, number>();
    publisher = new PacedPublisher(clip, (fp, ms) => sentAt.set(fp, ms));
    const entry = entryUrl(name, server);
    const mediaUrl = name === 'nginx' ? entry : `${server.httpBase}/live/bench/stream.m3u8`;
    // 1. Publish start → first playable playlist; the clients start polling when the publisher starts connecting.
    const t0 = monotonicMs();
    const probes = Promise.all([probePlain(entry, t0), name === 'lowLatency' ? probeBlocking(mediaUrl, t0) : Promise.resolve(undefined)]);
    await publisher.start(server.url);
    [result.startup, result.llStartup] = await probes;
    const st = (s: Startup | undefined, what: string) => s && log(`${what}: ${s.error ?? `playlist ${fixed(s.playlistMs, 0)} ms, media ${fixed(s.mediaMs, 0)} ms after publish start`}`);
    st(result.startup, 'first playable (plain client)');
    st(result.llStartup, 'first playable (LL blocking request for part 0)');
    if (publisher.failure) throw new Error(publisher.failure);

    // 2. Availability latency of the live edge.
    const mode: HlsReadMode = name === 'lowLatency' ? 'blocking' : 'poll';
    const av = await follow(mediaUrl, mode, o.durationS * 1000, sentAt);
    result.availability = av;
    log(
      `availability (${mode === 'blocking' ? 'parts, blocking reloads' : `segments, playlist every ${FOLLOW_POLL_MS} ms`}): ${av.items} items, ${av.frameMs.length} frames; ` +
        `frame p50 ${fixed(quantile(av.frameMs, 0.5), 0)} ms, p95 ${fixed(quantile(av.frameMs, 0.95), 0)} ms; ` +
        `newest frame of an item p50 ${fixed(quantile(av.itemNewestMs, 0.5), 0)} ms; oldest p50 ${fixed(quantile(av.itemOldestMs, 0.5), 0)} ms` +
        `${av.unmatched ? `; ${av.unmatched} unmatched` : ''}`,
    );

    // 3. CPU with N readers.
    if (o.readers.length > 0) {
      result.baseline = await measureServerAlone(server.pid, 5000);
      log(`publisher alone (muxing, no readers): CPU ${result.baseline.cpu.toFixed(1)} %, RSS ${result.baseline.rssMiB.toFixed(1)} MiB`);
      readers = await IpcChild.start<ToHlsReader, FromHlsReader>(children, 'hls-readers', join(import.meta.dirname, 'lib', 'hls-reader-process.ts'), undefined);
      let current = 0;
      for (const n of o.readers) {
        const step = await measureStep(server, readers, mediaUrl, mode, n, n - current, result.baseline, o);
        current = n;
        result.steps.push(step);
        log(
          `  N=${n}: CPU ${fixed(step.cpu, 1)} %, ${fixed(step.cpuPerReader, 3)} %/reader, RSS ${fixed(step.rssMiB, 1)} MiB, ${fixed(step.kbps, 0)} kbit/s median, ` +
            `kept up ${fixed(step.keptUp * 100, 0)} %, ${fixed(step.requestsPerS, 0)} req/s, reader process CPU ${fixed(step.readerCpu, 1)} %, idle ${fixed(step.machineIdle, 0)} %` +
            `${step.errors.length ? ` (${step.errors.slice(0, 3).join('; ')})` : ''}`,
        );
        if (publisher.failure) throw new Error(publisher.failure);
      }
    }
    return result;
  } catch (err) {
    result.skipped = `stopped: ${(err as Error).message}`;
    return result;
  } finally {
    publisher?.stop();
    if (readers) await children.stop(readers.child);
    if (started?.ok) await children.stop(started.server.child);
    temp.release();
  }
}

function report(results: TargetResult[], o: Options): string {
  const lines: string[] = [];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  lines.push('**Publish start → first playable playlist + media**, ms (playlist listing it / its bytes received)', '');
  lines.push(row(['target', 'plain client (hls.js, FFmpeg)', 'LL-HLS blocking request for part 0']), '|---|---:|---:|');
  const st = (s: Startup | undefined) => (!s ? '–' : s.error ? `failed: ${s.error}` : `${fixed(s.playlistMs, 0)} / ${fixed(s.mediaMs, 0)}`);
  for (const r of results) lines.push(row([TITLES[r.name], r.skipped && !r.startup ? `skipped: ${r.skipped}` : st(r.startup), st(r.llStartup)]));
  lines.push('', `**Availability latency** (publisher write → a following client holds the segment/part with the frame), ms, ${o.durationS} s`, '');
  lines.push(row(['target', 'items', 'frame p50', 'frame p95', 'newest frame of item p50', 'oldest frame of item p50']), '|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const a = r.availability;
    if (!a) lines.push(row([TITLES[r.name], '–', '–', '–', '–', '–']));
    else lines.push(row([TITLES[r.name], String(a.items), fixed(quantile(a.frameMs, 0.5), 0), fixed(quantile(a.frameMs, 0.95), 0), fixed(quantile(a.itemNewestMs, 0.5), 0), fixed(quantile(a.itemOldestMs, 0.5), 0)]));
  }
  if (o.readers.length > 0) {
    lines.push('', `**HTTP readers** (${o.stepDurationS} s window; CPU in % of one core; per reader = (CPU − publisher alone) / N)`, '');
    lines.push(row(['target', 'N', 'CPU %', 'CPU/reader', 'RSS MiB', 'kbit/s median', 'kept up', 'req/s', 'reader process CPU %', 'idle %']), '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      if (r.baseline) lines.push(row([TITLES[r.name], '0', fixed(r.baseline.cpu, 1), '', fixed(r.baseline.rssMiB, 1), '', '', '', '', '']));
      for (const s of r.steps) {
        lines.push(row([TITLES[r.name], String(s.readers), fixed(s.cpu, 1), fixed(s.cpuPerReader, 3), fixed(s.rssMiB, 1), fixed(s.kbps, 0), `${fixed(s.keptUp * 100, 0)} %`, fixed(s.requestsPerS, 0), fixed(s.readerCpu, 1), fixed(s.machineIdle, 0)]));
      }
    }
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const o = parseOptions();
  const children = new ChildProcesses();
  const run = startBenchRun('bench:hls', children, o.timeLimitS);
  if (o.targets.some((t) => t !== 'nginx')) {
    const buildError = ensureRelayboxBuild(ROOT);
    if (buildError) {
      console.error(`bench:hls: ${buildError}`);
      return 1;
    }
  }
  const m = machineInfo();
  const nginx = /nginx\/(\S+)/.exec(spawnSync('/usr/sbin/nginx', ['-v'], { encoding: 'utf8' }).stderr ?? '')?.[1] ?? 'not found';
  log(`HLS benchmark, ${m.date}`);
  log(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.kernel}, node ${m.node}, nginx ${nginx}`);
  const clip = loadClip(ensureClip(CACHE_DIR, log, GOP_FRAMES));
  log(`clip: ${clip.videoFrames} frames at ${clip.fps} fps, key frame every ${GOP_FRAMES} frames, video ${(clip.videoBitrate / 1e6).toFixed(2)} Mbit/s + audio ${(clip.audioBitrate / 1e3).toFixed(0)} kbit/s, looped`);
  log(`targets: ${o.targets.map((t) => TITLES[t]).join(', ')}; latency window ${o.durationS} s; readers ${o.readers.join(', ') || 'none'} × ${o.stepDurationS} s; time limit ${o.timeLimitS} s`);
  const results: TargetResult[] = [];
  for (const name of o.targets) {
    const r = await runTarget(run, name, clip, o, children);
    if (r.skipped) log(`${TITLES[name]}: ${r.skipped}`);
    results.push(r);
  }
  log('\n## Results\n');
  for (const r of results) log(`- ${r.label}${r.skipped ? ` (${r.skipped})` : ''}`);
  log('');
  log(report(results, o));
  run.finish();
  await children.stopAll();
  return results.some((r) => r.startup && !r.startup.error) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:hls: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
