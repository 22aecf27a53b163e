import type { ListenerStatus } from '../../../../shared/api';
import { useApp, useT } from '../../store';

export function ListenerCard({ l }: { l: ListenerStatus }) {
  const t = useT();
  const usePort = useApp((s) => s.usePort);
  const busy = useApp((s) => s.busy);
  return (
    <li className={`card card-${l.state}`} data-listener={l.name} data-port={l.port}>
      <div className="card-head">
        <strong>{t(`listener_${l.name}`)}</strong>
        <span className="state" data-state={l.state}>{t(`lstate_${l.state}`)}</span>
      </div>
      <div><code>{l.address}</code> · {t('port', { port: l.port })} · {l.protocol.toUpperCase()}</div>
      {l.placeholder && <em className="muted">{t('placeholder')}</em>}
      {l.state === 'port-conflict' && (
        <div className="conflict" role="alert">
          {l.owner ? t('heldBy', { port: l.port, name: l.owner.name, pid: l.owner.pid }) : t('heldByUnknown', { port: l.port })}
          {l.suggestion !== undefined && (
            <button type="button" className="use-port" disabled={busy}
              onClick={() => void usePort(l, l.suggestion!)}>{t('usePort', { port: l.suggestion })}</button>
          )}
        </div>
      )}
      {l.error && l.state !== 'port-conflict' && <div className="muted">{l.error}</div>}
    </li>
  );
}
