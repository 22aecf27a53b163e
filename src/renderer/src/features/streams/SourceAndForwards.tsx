// A pulled source's state (PathInfo.sourceStatus) and the path's restream destinations
// (listForwards, plus configured ones not started because the path is not live).
import type { ForwardInfo, PathInfo } from '../../../../shared/api';
import { formatBytes } from '../../selectors';
import { useT } from '../../store';

export function SourceStatusView({ path }: { path: PathInfo }) {
  const t = useT();
  const s = path.sourceStatus;
  if (!s) return null;
  return (
    <div className="source-status" data-source-state={s.state}>
      <strong>{t('src_title')}</strong>{' '}
      <span className="state" data-state={s.state}>{t(`src_state_${s.state}`)}</span>{' '}
      <span className="muted">{t('src_since', { time: new Date(s.since).toLocaleTimeString() })}</span>
      {s.attempts > 0 && <span className="muted"> · {t('src_attempts', { n: s.attempts })}</span>}
      {s.lastError && <div className="error source-error">{t('src_last_error', { error: s.lastError })}</div>}
    </div>
  );
}

export interface ConfiguredForward {
  /** As configured (may hold a password: never shown). */
  dest: string;
  /** With passwords hidden. */
  shown: string;
}

/** The runtime entry of a configured destination: same URL, or the same one redacted by the engine. */
function runtimeOf(c: ConfiguredForward, i: number, configured: readonly ConfiguredForward[], running: readonly ForwardInfo[]): ForwardInfo | undefined {
  return running.find((f) => f.dest === c.dest || f.dest === c.shown)
    // Both redact passwords, in their own way: fall back to the position when the lists line up.
    ?? (running.length === configured.length ? running[i] : undefined);
}

function ForwardState({ info }: { info?: ForwardInfo }) {
  const t = useT();
  if (!info) return <span className="muted">{t('fwd_configured')}</span>;
  return (
    <>
      <span className="state" data-state={info.state}>{t(`fwd_state_${info.state}`)}</span>{' '}
      <span className="muted">{t('fwd_sent', { bytes: formatBytes(info.bytesSent) })}</span>
      {info.lastError && <div className="error forward-error">{t('fwd_last_error', { error: info.lastError })}</div>}
    </>
  );
}

/**
 * The path's restream destinations: each configured one with what it is doing now (nothing until
 * the path is live). `onRemove` is given when the path has a configuration of its own.
 */
export function ForwardList({ running, configured, onRemove }: {
  running: readonly ForwardInfo[]; configured: readonly ConfiguredForward[]; onRemove?: (index: number) => void;
}) {
  const t = useT();
  if (!running.length && !configured.length) return null;
  const matched = configured.map((c, i) => runtimeOf(c, i, configured, running));
  const extra = running.filter((f) => !matched.includes(f));
  return (
    <div className="forwards">
      <strong>{t('fwd_title')}</strong>
      <ul>
        {configured.map((c, i) => (
          <li key={`${i}:${c.shown}`} data-forward={c.shown} data-state={matched[i]?.state ?? 'configured'}>
            <code>{c.shown}</code> <ForwardState info={matched[i]} />
            {onRemove && <>{' '}<button type="button" className="kick forward-remove" onClick={() => onRemove(i)}>{t('fwd_remove')}</button></>}
          </li>
        ))}
        {extra.map((f) => (
          <li key={f.dest} data-forward={f.dest} data-state={f.state}><code>{f.dest}</code> <ForwardState info={f} /></li>
        ))}
      </ul>
    </div>
  );
}
