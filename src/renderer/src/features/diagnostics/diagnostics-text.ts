// The "Copy diagnostics" block for bug reports: versions, FFmpeg, listeners, port owners, LAN
// addresses, recent problems and the config, with every secret replaced by ***.
// Log lines are redacted by the engine already; config secrets are masked by key (config-yaml.ts),
// and redactText then catches credentials inside any URL or query string that is left.
import type { EngineStatus, PortReport, ServerInfo } from '../../../../shared/api';
import { redactText } from '../../../../shared/config';
import type { LogEntry } from '../../../../shared/log';
import type { PipelineCapabilities } from '../../../../shared/pipelines';

export interface DiagnosticsInput {
  info?: ServerInfo;
  status?: EngineStatus;
  capabilities?: PipelineCapabilities | { error: string };
  ports?: PortReport[];
  addresses: readonly string[];
  problems: readonly LogEntry[];
  /** The effective config as YAML, secrets already masked. */
  configYaml?: string;
  userAgent: string;
}

/** Warnings and errors, newest last, at most `max`. */
export function recentProblems(entries: readonly LogEntry[], max = 20): LogEntry[] {
  return entries.filter((e) => e.level === 'error' || e.level === 'warn').slice(-max);
}

export function ffmpegLine(caps: DiagnosticsInput['capabilities']): string {
  if (!caps) return 'unknown (no capabilities API)';
  if ('ffmpeg' in caps) {
    const f = caps.ffmpeg;
    return 'error' in f ? `not found: ${f.error}` : `${f.version} at ${f.path} (from ${f.source})`;
  }
  return `unknown: ${caps.error}`;
}

function owner(o: { name: string; pid: number } | undefined): string {
  return o ? ` held by ${o.name} (PID ${o.pid})` : '';
}

export function diagnosticsText(d: DiagnosticsInput): string {
  const lines: string[] = ['Relaybox diagnostics'];
  lines.push(`version: ${d.info?.version ?? d.status?.version ?? 'unknown'}`, `server: ${d.status?.state ?? 'unknown'}`);
  if (d.info?.started) lines.push(`engine started: ${d.info.started}`);
  if (d.capabilities && 'platform' in d.capabilities) lines.push(`platform: ${d.capabilities.platform}`);
  lines.push(`browser: ${d.userAgent}`, `ffmpeg: ${ffmpegLine(d.capabilities)}`);
  if (d.capabilities && 'workingHardwareH264' in d.capabilities) {
    lines.push(`hardware H.264: ${d.capabilities.workingHardwareH264.join(', ') || 'none'}`);
  }
  lines.push(`LAN addresses: ${d.addresses.join(', ') || 'none'}`, '', 'listeners:');
  for (const l of d.status?.listeners ?? []) {
    lines.push(`  ${l.label}: ${l.protocol} ${l.address} (port ${l.port}) ${l.state}${owner(l.owner)}${l.error ? ` — ${l.error}` : ''}`);
  }
  if (d.ports) {
    lines.push('', 'port check:');
    for (const p of d.ports) lines.push(`  ${p.label}: ${p.protocol} ${p.host}:${p.port} ${p.free ? 'free' : 'busy'}${owner(p.owner)}${p.error ? ` — ${p.error}` : ''}`);
  }
  lines.push('', 'recent warnings and errors:');
  if (!d.problems.length) lines.push('  none');
  for (const e of d.problems) lines.push(`  ${new Date(e.time).toISOString()} ${e.level} [${e.module}] ${e.message}`);
  if (d.configYaml) lines.push('', 'config:', ...d.configYaml.trimEnd().split('\n').map((l) => `  ${l}`));
  return lines.map(redactText).join('\n') + '\n';
}
