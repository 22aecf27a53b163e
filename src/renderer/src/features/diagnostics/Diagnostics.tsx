// Diagnostics: which FFmpeg, which ports and who holds them, LAN addresses, recent problems, and a
// redacted text block to paste into a bug report.
import { useMemo, useState } from 'react';
import type { EngineStatus, PortReport } from '../../../../shared/api';
import { copyText } from '../../clipboard';
import { useLogs } from '../logs/logs-store';
import { useApp, useT } from '../../store';
import { diagnosticsText, recentProblems } from './diagnostics-text';
import { FirewallHelp } from './FirewallHelp';
import { useDiagnostics, type Diagnostics as Diag } from './useDiagnostics';

function FfmpegFacts({ caps }: { caps: Diag['capabilities'] }) {
  const t = useT();
  if (!caps) return <dd>…</dd>;
  if (!('ffmpeg' in caps)) return <dd className="error">{t('diag_ffmpeg_unknown', { error: caps.error })}</dd>;
  if ('error' in caps.ffmpeg) return <dd className="error" data-ffmpeg="missing">{t('diag_ffmpeg_missing', { error: caps.ffmpeg.error })}</dd>;
  const f = caps.ffmpeg;
  return <dd data-ffmpeg="found">{t('diag_ffmpeg_found', { version: f.version, path: f.path, source: t(`diag_ffmpeg_source_${f.source}`) })}</dd>;
}

function ListenerTable({ status }: { status?: EngineStatus }) {
  const t = useT();
  return (
    <table className="diag-table listeners-table">
      <thead><tr><th>{t('diag_col_listener')}</th><th>{t('diag_col_protocol')}</th><th>{t('diag_col_address')}</th><th>{t('diag_col_state')}</th><th>{t('diag_col_owner')}</th></tr></thead>
      <tbody>
        {status?.listeners.map((l) => (
          <tr key={l.name} data-listener-row={l.name}>
            <td>{t(`listener_${l.name}`)}</td><td>{l.protocol.toUpperCase()}</td><td><code>{l.address}</code></td>
            <td className="state" data-state={l.state}>{t(`lstate_${l.state}`)}</td>
            <td>{l.owner ? `${l.owner.name} (PID ${l.owner.pid})` : l.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PortTable({ ports }: { ports: PortReport[] }) {
  const t = useT();
  return (
    <table className="diag-table ports-table">
      <thead><tr><th>{t('diag_col_listener')}</th><th>{t('diag_col_protocol')}</th><th>{t('diag_col_address')}</th><th>{t('diag_col_state')}</th><th>{t('diag_col_owner')}</th></tr></thead>
      <tbody>
        {ports.map((p) => (
          <tr key={`${p.key}:${p.protocol}`} data-port-row={p.key}>
            <td>{p.label}</td><td>{p.protocol.toUpperCase()}</td><td><code>{p.host}:{p.port}</code></td>
            <td>{p.free ? t('diag_port_free') : t('diag_port_busy')}</td>
            <td>{p.owner ? `${p.owner.name} (PID ${p.owner.pid})` : p.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Diagnostics() {
  const t = useT();
  const status = useApp((s) => s.status);
  const addresses = useApp((s) => s.addresses);
  const entries = useLogs((s) => s.entries);
  const d = useDiagnostics();
  const [copied, setCopied] = useState(false);
  const problems = useMemo(() => recentProblems(entries), [entries]);
  const text = diagnosticsText({ ...d, status, addresses, problems, userAgent: navigator.userAgent });
  const caps = d.capabilities;
  return (
    <div className="diagnostics">
      <section>
        <h2>{t('diag_versions')}</h2>
        <dl className="diag-facts">
          <div><dt>{t('diag_version')}</dt><dd>{d.info?.version ?? status?.version}</dd></div>
          {d.info && <div><dt>{t('diag_started')}</dt><dd>{new Date(d.info.started).toLocaleString()}</dd></div>}
          {caps && 'platform' in caps && <div><dt>{t('diag_platform')}</dt><dd>{caps.platform}</dd></div>}
          <div><dt>{t('diag_ffmpeg')}</dt><FfmpegFacts caps={caps} /></div>
          {caps && 'workingHardwareH264' in caps && <div><dt>{t('diag_hw')}</dt><dd>{caps.workingHardwareH264.join(', ') || t('diag_none')}</dd></div>}
          <div><dt>{t('diag_lan')}</dt><dd data-lan>{addresses.join(', ') || t('diag_none')}</dd></div>
        </dl>
      </section>
      <section>
        <h2>{t('diag_listeners')}</h2>
        <ListenerTable status={status} />
        <p><button type="button" className="check-ports" disabled={d.checking} onClick={d.checkPorts}>{t('diag_check_ports')}</button></p>
        {d.ports && <><h3>{t('diag_port_check')}</h3><PortTable ports={d.ports} /></>}
      </section>
      <section>
        <FirewallHelp status={status} platform={caps && 'platform' in caps ? caps.platform : undefined} />
      </section>
      <section>
        <h2>{t('diag_problems')}</h2>
        {problems.length === 0 ? <p className="muted">{t('diag_no_problems')}</p> : (
          <ul className="problems">
            {problems.map((e) => <li key={e.seq} className={`log-${e.level}`}><span className="muted">{new Date(e.time).toLocaleTimeString()}</span> <strong>{e.level}</strong> [{e.module}] {e.message}</li>)}
          </ul>
        )}
      </section>
      <section>
        <h2>{t('diag_copy')}</h2>
        <p className="muted">{t('diag_copy_note')}</p>
        <p>
          <button type="button" className="copy-diagnostics" onClick={() => void copyText(text).then(() => setCopied(true))}>{t('diag_copy')}</button>
          {copied && <span className="note" role="status"> {t('diag_copied')}</span>}
        </p>
        <pre className="diag-text" tabIndex={0}>{text}</pre>
      </section>
    </div>
  );
}
