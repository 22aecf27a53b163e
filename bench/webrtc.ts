// WebRTC (WHEP) fan-out benchmark: one RTMP publisher, N werift viewers of one path.
//
//   npm run bench:webrtc -- [--steps 1,25,50,75] [--duration 10] [--time-limit 900]
//                           [--workers N] [--viewer-procs 2] [--decrypt]
//
// --workers sets RELAYBOX_WEBRTC_WORKERS for the server (peer worker threads; 0 = all peers in
// the main thread, as before issue 6's worker pool); by default the server picks (one per core,
// at most 4). --viewer-procs spreads the viewers over that many processes; --decrypt makes them
// decrypt SRTP (see bench/webrtc-viewers.ts: by default they count frames from the clear RTP
// header, so their AES work does not compete with the server's on a 2-core machine).
//
// The server is the built CLI (`relaybox serve`) on free loopback ports; the publisher sends the
// cached 720p30 4 Mbit/s H.264 + AAC clip in real time without encoding (PacedPublisher); the
// viewers are werift peers in separate processes (bench/webrtc-viewers.ts), added 5 at a time
// up to each step. Per step: time to first frame (WHEP POST sent → first complete video frame at
// the viewer; the GOP cache makes it the cached keyframe), then over --duration seconds the
// server's CPU (its Node process, and the AAC → Opus FFmpeg it starts for WebRTC audio) and RSS,
// the viewer process's CPU, and how many viewers received ≥ 95 % of the frames. Peers
// (go2rtc, MediaMTX) are not installable here: Relaybox's figures only.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startBenchRun } from './lib/bench-run';
import { ChildProcesses, type TrackedChild } from './lib/child-processes';
import { ensureClip, loadClip } from './lib/clip';
import { freeTcpPort, freeUdpPort, LOOPBACK } from './lib/free-port';
import { machineInfo } from './lib/machine';
import { PacedPublisher } from './lib/paced-publisher';
import { cpuPercent, processTree, rssKiB, sampleCpu } from './lib/proc-stats';
import { logTail, spawnServer, STREAM_PATH, waitForPort } from './lib/server-under-test';
import type { ViewerCommand, ViewerReply } from './webrtc-viewers';

const ROOT = join(import.meta.dirname, '..');
const SETTLE_MS = 2000;

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '1,25,50,75' },
    workers: { type: 'string' },
    'viewer-procs': { type: 'string', default: '2' },
    decrypt: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    'time-limit': { type: 'string', default: '900' },
  },
});
const steps = values.steps.split(',').map(Number);
const durationS = Number(values.duration);
const viewerProcs = Number(values['viewer-procs']);
if (values.workers !== undefined) process.env.RELAYBOX_WEBRTC_WORKERS = values.workers;
if (steps.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= steps[i - 1])) || !(durationS > 0) || !(Number.isInteger(viewerProcs) && viewerProcs >= 1)
  || (values.workers !== undefined && !/^\d+$/.test(values.workers))) {
  console.error('usage: npm run bench:webrtc -- [--steps 1,25,50,75 (ascending)] [--duration SEC] [--time-limit SEC] [--workers N] [--viewer-procs N] [--decrypt]');
  process.exit(2);
}

const children = new ChildProcesses();
const run = startBenchRun('bench:webrtc', children, Number(values['time-limit']));

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Per thread of a process: CPU ticks (1/100 s) and nanoseconds spent runnable but waiting for a CPU (schedstat). */
type ThreadSample = Map<string, { name: string; ticks: number; waitNs: number }>;

function sampleThreads(pid: number): ThreadSample {
  const out: ThreadSample = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const waitNs = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
        out.set(tid, { name, ticks: Number(f[11]) + Number(f[12]), waitNs });
      } catch { /* thread ended */ }
    }
  } catch { /* not Linux, or the process ended */ }
  return out;
}

/**
 * CPU % of the server's main thread and of its peer worker threads, and the share of the time
 * those threads were runnable but waiting for a core (other processes on the machine): a high
 * wait means the figures measure the machine's load, not Relaybox.
 */
function threadFigures(a: ThreadSample, b: ThreadSample, seconds: number): { main: number; peers: number; peerThreads: number; waitMain: number; waitPeers: number } {
  const r = { main: 0, peers: 0, peerThreads: 0, waitMain: 0, waitPeers: 0 };
  for (const [tid, y] of b) {
    const x = a.get(tid);
    if (!x) continue;
    const cpu = (y.ticks - x.ticks) / seconds;
    const wait = (y.waitNs - x.waitNs) / 1e7 / seconds;
    if (y.name === 'MainThread' || y.name === 'node') { r.main += cpu; r.waitMain += wait; }
    else if (y.name.startsWith('webrtc-peers')) { r.peers += cpu; r.waitPeers += wait; r.peerThreads++; }
  }
  if (r.peerThreads > 0) r.waitPeers /= r.peerThreads;
  return r;
}

/** UDP datagrams the kernel dropped because the receiving socket's buffer was full (all sockets of the machine). */
function udpReceiveDrops(): number {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
    const names = lines[0].split(/\s+/);
    return Number(lines[1].split(/\s+/)[names.indexOf('RcvbufErrors')]);
  } catch {
    return NaN;
  }
}

/** The viewer process: JSON commands in, JSON replies out. */
function viewerProcess(whepUrl: string, label: string): { child: TrackedChild; send(cmd: ViewerCommand): Promise<ViewerReply | null> } {
  const args = [join(ROOT, 'bench', 'webrtc-viewers.ts'), whepUrl, ...(values.decrypt ? ['--decrypt'] : [])];
  const child = children.spawn(label, join(ROOT, 'node_modules', '.bin', 'tsx'), args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((r: ViewerReply) => void)[] = [];
  createInterface({ input: child.proc.stdout! }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as ViewerReply));
  return {
    child,
    send(cmd) {
      child.proc.stdin!.write(`${JSON.stringify(cmd)}\n`);
      if ('windowStart' in cmd || 'quit' in cmd) return Promise.resolve(null);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function main(): Promise<void> {
  const m = machineInfo();
  console.log(`bench:webrtc ${m.date} · ${m.cpus} CPUs (${m.cpuModel}) · ${m.kernel} · Node ${m.node}`);
  const clip = loadClip(ensureClip(join(ROOT, '.bench-cache'), (l) => console.log(l)));
  console.log(`clip: ${clip.fps} fps, video ${(clip.videoBitrate / 1e6).toFixed(1)} Mbit/s, audio AAC ${(clip.audioBitrate / 1e3).toFixed(0)} kbit/s (→ Opus through FFmpeg for WebRTC)`);

  const dir = mkdtempSync(join(tmpdir(), 'relaybox-bench-webrtc-'));
  run.tempDir(dir);
  const rtmpPort = await freeTcpPort();
  const webrtcPort = await freeTcpPort();
  const at = (p: number) => `${LOOPBACK}:${p}`;
  const yml = join(dir, 'relaybox.yml');
  writeFileSync(yml, [
    // BENCH_WEBRTC_LOG=1: info level (each session's close reason), summarized at the end.
    `logLevel: ${process.env.BENCH_WEBRTC_LOG ? 'info' : 'warn'}`, 'logDestinations: [stdout]',
    `rtmpAddress: ${at(rtmpPort)}`, 'rtsp: no', 'hls: no', 'api: no', 'metrics: no',
    `webrtcAddress: ${at(webrtcPort)}`, `webrtcLocalUDPAddress: ${at(await freeUdpPort())}`,
    'paths:', '  all_others: {}', '',
  ].join('\n'));
  const ctx = { children, dir, root: ROOT, cacheDir: join(ROOT, '.bench-cache'), pinCpu: undefined, log: (l: string) => console.log(l) };
  const { child: server, logFile } = spawnServer(ctx, 'relaybox', process.execPath, [join(ROOT, 'bin', 'relaybox.js'), 'serve', '--config', yml], dir);
  const notReady = await waitForPort(server, rtmpPort, 20_000);
  if (notReady) throw new Error(`relaybox ${notReady}: ${logTail(logFile)}`);
  const serverPid = server.proc.pid!;

  const publisher = new PacedPublisher(clip, () => {});
  await publisher.start(`rtmp://${LOOPBACK}:${rtmpPort}/${STREAM_PATH}`);
  // The GOP cache fills and start-up work settles before the first viewer.
  await new Promise((r) => setTimeout(r, 3000));

  const whepUrl = `http://${LOOPBACK}:${webrtcPort}/${STREAM_PATH}/whep`;
  const viewers = Array.from({ length: viewerProcs }, (_, i) => viewerProcess(whepUrl, `viewers-${i + 1}`));
  console.log(`server peer threads: ${process.env.RELAYBOX_WEBRTC_WORKERS ?? 'default (one per core, at most 4)'}; viewers: ${viewerProcs} process(es), ${values.decrypt ? 'decrypting SRTP' : 'RTP headers only (no SRTP decryption)'}`);
  console.log('\n| N  | server CPU % (node + ffmpeg) | CPU/viewer % | RSS MiB (node + ffmpeg) | RSS/viewer KiB | answer ms p50 | TTFF ms p50 / p95 / max | fps p50 / min | ≥95 % frames | viewer-process CPU % |');
  console.log('|----|-----------------------------:|-------------:|------------------------:|---------------:|--------------:|------------------------:|--------------:|-------------:|---------------------:|');
  let have = 0;
  const threadRows: ({ n: number; load: number; udpDrops: number } & ReturnType<typeof threadFigures>)[] = [];
  const totals = viewers.map(() => 0);
  let baseline: { cpu: number; rss: number } | null = null;
  for (const n of steps) {
    // The new viewers, spread evenly over the viewer processes.
    const replies = (await Promise.all(viewers.map((v, i) => {
      const share = Math.floor((n - have) / viewerProcs) + (i < (n - have) % viewerProcs ? 1 : 0);
      return share > 0 ? v.send({ add: share }) : Promise.resolve({ added: 0, total: 0, failed: [], ttffMs: [], answerMs: [] });
    }))) as Extract<ViewerReply, { added: number }>[];
    const added = { failed: replies.flatMap((r) => r.failed), ttffMs: replies.flatMap((r) => r.ttffMs), answerMs: replies.flatMap((r) => r.answerMs) };
    replies.forEach((r, i) => { if (r.added > 0) totals[i] = r.total; });
    have = n;
    /** Viewers refused or never answered: they count as receiving no frame. */
    const missing = n - totals.reduce((a, b) => a + b, 0);
    if (added.failed.length > 0) console.log(`  (${added.failed.length} viewers failed: ${[...new Set(added.failed)].slice(0, 3).join('; ')})`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const tree = processTree(serverPid);
    const others = tree.filter((p) => p !== serverPid);
    const viewerTree = viewers.flatMap((v) => processTree(v.child.proc.pid!));
    const [a, aNode, aView] = [sampleCpu(tree), sampleCpu([serverPid]), sampleCpu(viewerTree)];
    const threadsBefore = sampleThreads(serverPid);
    const windowStart = performance.now();
    const dropsBefore = udpReceiveDrops();
    for (const v of viewers) await v.send({ windowStart: true });
    await new Promise((r) => setTimeout(r, durationS * 1000));
    const windows = (await Promise.all(viewers.map((v) => v.send({ windowEnd: true })))) as Extract<ViewerReply, { window: unknown }>[];
    // Viewers that never got an answer count as receiving nothing.
    const win = { seconds: windows[0].window.seconds, frames: [...windows.flatMap((w) => w.window.frames), ...Array.from({ length: missing }, () => 0)] };
    const [b, bNode, bView] = [sampleCpu(tree), sampleCpu([serverPid]), sampleCpu(viewerTree)];
    threadRows.push({ n, load: loadavg()[0], udpDrops: udpReceiveDrops() - dropsBefore, ...threadFigures(threadsBefore, sampleThreads(serverPid), (performance.now() - windowStart) / 1000) });
    const cpu = cpuPercent(a, b);
    const cpuNode = cpuPercent(aNode, bNode);
    const rssNode = rssKiB([serverPid]);
    const rssFfmpeg = rssKiB(others);
    baseline ??= { cpu: cpuNode, rss: rssNode };
    const expected = clip.fps * win.seconds;
    const full = win.frames.filter((f) => f >= 0.95 * expected).length;
    const perViewerCpu = n > 1 ? (cpuNode - baseline.cpu) / (n - steps[0]) : NaN;
    const perViewerRss = n > 1 ? (rssNode - baseline.rss) / (n - steps[0]) : NaN;
    const ttff = added.ttffMs;
    console.log(`| ${String(n).padEnd(2)} | ${`${cpu.toFixed(1)} (${cpuNode.toFixed(1)} + ${(cpu - cpuNode).toFixed(1)})`.padStart(28)} | ${(Number.isNaN(perViewerCpu) ? '–' : perViewerCpu.toFixed(2)).padStart(12)} | ${`${(rssNode / 1024).toFixed(0)} + ${(rssFfmpeg / 1024).toFixed(0)}`.padStart(23)} | ${(Number.isNaN(perViewerRss) ? '–' : perViewerRss.toFixed(0)).padStart(14)} | ${percentile(added.answerMs, 50).toFixed(0).padStart(13)} | ${`${percentile(ttff, 50).toFixed(0)} / ${percentile(ttff, 95).toFixed(0)} / ${Math.max(...ttff).toFixed(0)}`.padStart(23)} | ${`${(percentile(win.frames, 50) / win.seconds).toFixed(1)} / ${(Math.min(...win.frames) / win.seconds).toFixed(1)}`.padStart(13)} | ${`${full}/${win.frames.length}`.padStart(12)} | ${cpuPercent(aView, bView).toFixed(1).padStart(20)} |`);
  }
  console.log(`\nCPU/viewer and RSS/viewer: the server's Node process, (value at N − value at N=${steps[0]}) / (N − ${steps[0]}). answer: WHEP POST → 201 (ICE gathering included); TTFF: POST → first complete video frame, for the viewers added in that step.`);
  console.log('\n| N  | main thread CPU % | peer threads CPU % (threads) | runnable but waiting for a core %: main / peer threads (avg) | UDP receive-buffer drops | load avg 1 min |');
  console.log('|----|------------------:|-----------------------------:|-------------------------------------------------------------:|-------------------------:|---------------:|');
  for (const t of threadRows) {
    console.log(`| ${String(t.n).padEnd(2)} | ${t.main.toFixed(1).padStart(17)} | ${`${t.peers.toFixed(1)} (${t.peerThreads})`.padStart(28)} | ${`${t.waitMain.toFixed(0)} / ${t.peerThreads ? t.waitPeers.toFixed(0) : '–'}`.padStart(60)} | ${String(t.udpDrops).padStart(24)} | ${t.load.toFixed(1).padStart(14)} |`);
  }
  console.log(`publisher: ${publisher.stats.videoFramesSent} frames, late by up to ${publisher.stats.maxLateMs.toFixed(0)} ms${publisher.failure ? `; ${publisher.failure}` : ''}`);
  if (process.env.BENCH_WEBRTC_LOG) {
    // Why sessions ended, counted (the reason without the session id).
    const reasons = new Map<string, number>();
    for (const m of readFileSync(logFile, 'utf8').matchAll(/session \S+ of "[^"]*" closed: (.*)/g)) reasons.set(m[1], (reasons.get(m[1]) ?? 0) + 1);
    console.log(`sessions closed during the run: ${[...reasons].map(([r, c]) => `${c} × ${r}`).join('; ') || 'none'}`);
    const notable = readFileSync(logFile, 'utf8').split('\n').filter((l) => / (WAR|ERR) /.test(l) && !l.includes('B-frames'));
    console.log(notable.slice(0, 30).join('\n'));
  }
  for (const v of viewers) await v.send({ quit: true });
  publisher.stop();
  await children.stopAll();
  run.finish();
  process.exit(0);
}

main().catch((err: unknown) => run.abort(`error: ${(err as Error).stack ?? String(err)}`, 1));
