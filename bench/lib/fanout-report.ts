// Figures of one fan-out step and their presentation: a live line per step while a server runs,
// then Markdown tables putting the servers side by side, and ratios against nginx-rtmp.
import type { ServerName } from './server-under-test';

export interface StepRow {
  readers: number;
  /** Server CPU, % of one core, over the window. */
  cpu: number;
  /** (cpu − cpu with the publisher alone) / readers. */
  cpuPerReader: number;
  rssMiB: number;
  /** (RSS − RSS with the publisher alone) / readers, KiB. */
  rssPerReaderKiB: number;
  /** Median per-reader payload bit rate, kbit/s. */
  bitrateKbps: number;
  /** Share (0..1) of readers that got ≥ 95 % of the expected video frames. */
  share95: number;
  /** Median connect → first coded video frame of the readers added in this step, ms. */
  firstFrameMs: number;
  latencyP50: number;
  latencyP95: number;
  latencySamples: number;
  readerCpu: number;
  /** Idle CPU of the whole machine over the window, % of all cores: near 0 means the box is the limit. */
  machineIdle: number;
  /** Readers that failed to start playing in this step, and readers closed by now. */
  failed: number;
  closed: number;
  notes: string[];
}

export interface ServerResult {
  name: ServerName;
  /** Column title in the side-by-side tables; default SERVER_TITLES[name]. */
  column?: string;
  label: string;
  /** Set when the server was not measured (or stopped early), with the reason. */
  skipped?: string;
  baseline?: { cpu: number; rssMiB: number };
  rows: StepRow[];
}

export const SERVER_TITLES: Record<ServerName, string> = { relaybox: 'Relaybox', nginx: 'nginx-rtmp', nms: 'node-media-server' };

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

export const STEP_HEADER =
  '     N   CPU %  CPU/rdr  RSS MiB  RSS/rdr KiB  kbit/s med  ≥95 % frames  1st frame ms  lat p50 ms  lat p95 ms  rdr CPU %  idle %';

export function formatStepLine(r: StepRow): string {
  const cols = [
    String(r.readers).padStart(6),
    fixed(r.cpu, 1).padStart(7),
    fixed(r.cpuPerReader, 3).padStart(8),
    fixed(r.rssMiB, 1).padStart(8),
    fixed(r.rssPerReaderKiB, 1).padStart(12),
    fixed(r.bitrateKbps, 0).padStart(11),
    `${fixed(r.share95 * 100, 1)} %`.padStart(13),
    fixed(r.firstFrameMs, 0).padStart(13),
    fixed(r.latencyP50, 1).padStart(11),
    fixed(r.latencyP95, 1).padStart(11),
    fixed(r.readerCpu, 1).padStart(10),
    fixed(r.machineIdle, 0).padStart(8),
  ];
  const notes = [...r.notes];
  if (r.failed) notes.push(`${r.failed} failed to play`);
  if (r.closed) notes.push(`${r.closed} closed`);
  return cols.join('') + (notes.length ? `  (${notes.join('; ')})` : '');
}

interface Figure {
  title: string;
  /** `first` is the server's first step, for figures relative to it. */
  value: (r: StepRow, first: StepRow) => number;
  digits: number;
}

/**
 * RSS growth per reader added after the first step. Node servers grow by tens of MiB once, on
 * their first reader (lazy initialisation, heap sizing), which dominates "RSS/rdr vs the
 * publisher alone" at small N; the slope from the first step shows what each further reader costs.
 */
function marginalRssKiB(r: StepRow, first: StepRow): number {
  return r.readers > first.readers ? ((r.rssMiB - first.rssMiB) * 1024) / (r.readers - first.readers) : NaN;
}

const FIGURES: Figure[] = [
  { title: 'Server CPU, % of one core', value: (r) => r.cpu, digits: 1 },
  { title: 'Server CPU per reader, % of one core (minus the publisher-only baseline)', value: (r) => r.cpuPerReader, digits: 3 },
  { title: 'Server RSS, MiB', value: (r) => r.rssMiB, digits: 1 },
  { title: 'RSS per reader, KiB (minus the publisher-only baseline)', value: (r) => r.rssPerReaderKiB, digits: 1 },
  { title: 'RSS per reader added after the first step, KiB ((RSS − RSS at the first step) / (N − first N))', value: marginalRssKiB, digits: 1 },
  { title: 'Per-reader delivered bit rate (median), kbit/s', value: (r) => r.bitrateKbps, digits: 0 },
  { title: 'Readers receiving ≥ 95 % of the expected video frames, %', value: (r) => r.share95 * 100, digits: 1 },
  { title: 'Connect → first video frame (median), ms', value: (r) => r.firstFrameMs, digits: 0 },
  { title: 'Publish → read latency p50, ms', value: (r) => r.latencyP50, digits: 1 },
  { title: 'Publish → read latency p95, ms', value: (r) => r.latencyP95, digits: 1 },
  { title: 'Reader process CPU, % of one core (saturation check)', value: (r) => r.readerCpu, digits: 1 },
  { title: 'Machine idle CPU, % of all cores (near 0: the box, not the server, is the limit)', value: (r) => r.machineIdle, digits: 0 },
];

function rowFor(result: ServerResult, n: number): StepRow | undefined {
  return result.rows.find((r) => r.readers === n);
}

function cell(result: ServerResult, n: number, f: Figure): string {
  if (result.skipped && result.rows.length === 0) return 'skipped';
  const r = rowFor(result, n);
  return r ? fixed(f.value(r, result.rows[0]), f.digits) : '–';
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Markdown: one table per figure, rows = reader counts, columns = servers. */
export function sideBySide(results: ServerResult[], steps: number[]): string {
  const headers = ['N', ...results.map((r) => r.column ?? SERVER_TITLES[r.name])];
  const out: string[] = [];
  for (const f of FIGURES) {
    out.push(`**${f.title}**`, '', table(headers, steps.map((n) => [String(n), ...results.map((r) => cell(r, n, f))])), '');
  }
  return out.join('\n');
}

/** Markdown: server / nginx-rtmp for CPU per reader, RSS per reader and latency p50, per step. */
export function ratiosVsNginx(results: ServerResult[], steps: number[]): string {
  const nginx = results.find((r) => r.name === 'nginx');
  if (!nginx || nginx.rows.length === 0) return 'Ratios vs nginx-rtmp: not available (nginx-rtmp was not measured).';
  const others = results.filter((r) => r.name !== 'nginx');
  if (others.length === 0) return '';
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–';
  const figures: [string, (r: StepRow, first: StepRow) => number][] = [
    ['CPU/reader', (r) => r.cpuPerReader],
    ['RSS/reader', (r) => r.rssPerReaderKiB],
    ['RSS/added reader', marginalRssKiB],
    ['latency p50', (r) => r.latencyP50],
  ];
  const headers = ['N', ...others.flatMap((o) => figures.map(([t]) => `${SERVER_TITLES[o.name]} ${t}`))];
  const rows = steps.map((n) => {
    const base = rowFor(nginx, n);
    return [String(n), ...others.flatMap((o) => figures.map(([, get]) => {
      const r = rowFor(o, n);
      return ratio(r && get(r, o.rows[0]), base && get(base, nginx.rows[0]));
    }))];
  });
  return `**Ratios vs nginx-rtmp** (below 1× = cheaper/faster than nginx-rtmp)\n\n${table(headers, rows)}\n`;
}
