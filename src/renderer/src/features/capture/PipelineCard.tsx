// One pipeline in the list: state, live FFmpeg numbers, the last error line, the redacted command,
// and start/stop/edit/delete (delete asks once more, in place).
import { useState } from 'react';
import type { PipelineInfo, PipelineState } from '../../../../shared/pipelines';
import { formatBitrate } from '../../selectors';
import { useApp, useT } from '../../store';
import { useCapture } from './capture-store';

/** States in which a pipeline has (or is about to have) an FFmpeg running: offer Stop. */
const ACTIVE: readonly PipelineState[] = ['starting', 'running', 'retrying'];

export function PipelineCard({ info, onEdit }: { info: PipelineInfo; onEdit: () => void }) {
  const t = useT();
  const api = useApp((s) => s.api);
  const run = useCapture((s) => s.run);
  const remove = useCapture((s) => s.remove);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { name, status } = info;
  const active = ACTIVE.includes(status.state);
  const stats = active ? status.stats : null;
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    await fn();
    setBusy(false);
  };
  const retryIn = status.retryAt === null ? undefined : Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000));
  return (
    <li className="pipeline card" data-pipeline={name} data-state={status.state}>
      <div className="card-head">
        <strong>{name}</strong>
        <span className="state" data-state={status.state}>{t(`cap_state_${status.state}`)}</span>
      </div>
      <div className="muted">{t(`cap_kind_${info.def.kind}`)} {t('cap_to_path', { path: info.path })}</div>
      {stats && (
        <div className="pipeline-stats">
          <span data-stat="fps">{t('cap_fps', { fps: stats.fps.toFixed(1) })}</span>
          <span data-stat="bitrate">{formatBitrate(stats.bitrateKbps * 125)}</span>
          <span data-stat="speed">{t('cap_speed', { speed: stats.speed.toFixed(2) })}</span>
        </div>
      )}
      {status.restarts > 0 && (
        <div className="muted">
          {t('cap_restarts', { n: status.restarts })}
          {status.state === 'retrying' && retryIn !== undefined && <> · {t('cap_retry_at', { s: retryIn })}</>}
        </div>
      )}
      {status.reason && <p className="pipeline-error field-error">{t('cap_last_error', { reason: status.reason })}</p>}
      {info.command && (
        <details className="pipeline-command">
          <summary>{t('cap_command')}</summary>
          <code>{info.command}</code>
        </details>
      )}
      <div className="toolbar">
        {active ? (
          <button type="button" className="pipeline-stop" disabled={busy || !api} onClick={() => api && void act(() => run(api, (a) => a.stopPipeline(name)))}>{t('cap_stop')}</button>
        ) : (
          <button type="button" className="pipeline-start" disabled={busy || !api} onClick={() => api && void act(() => run(api, (a) => a.startPipeline(name)))}>{t('cap_start')}</button>
        )}
        <button type="button" className="pipeline-edit" disabled={busy} onClick={onEdit}>{t('cap_edit')}</button>
        {confirming ? (
          <>
            <button type="button" className="pipeline-delete-confirm" disabled={busy || !api} onClick={() => api && void act(() => remove(api, name))}>{t('cap_delete_confirm', { name })}</button>
            <button type="button" className="pipeline-delete-cancel" onClick={() => setConfirming(false)}>{t('cap_cancel')}</button>
          </>
        ) : (
          <button type="button" className="pipeline-delete" disabled={busy} onClick={() => setConfirming(true)}>{t('cap_delete')}</button>
        )}
      </div>
    </li>
  );
}
