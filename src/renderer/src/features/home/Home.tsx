import { useApp, useT } from '../../store';
import type { ListenerStatus } from '../../../../shared/api';

function ListenerCard({ l }: { l: ListenerStatus }) {
  const t = useT();
  const state = l.state === 'listening' ? t('listening')
    : l.state === 'disabled' ? t('disabled')
    : l.state === 'port-conflict' ? t('portConflict') : l.state;
  return (
    <li className={`card card-${l.state}`} data-listener={l.name}>
      <strong>{l.label}</strong> <code>{l.address}</code> <span className="state">{state}</span>
      {l.placeholder && <em> ({t('placeholder')})</em>}
      {l.owner && <div>{t('heldBy', { name: l.owner.name, pid: l.owner.pid })}</div>}
      {l.suggestion && <div>{t('tryPort', { port: l.suggestion })}</div>}
    </li>
  );
}

export function Home() {
  const t = useT();
  const status = useApp((s) => s.status);
  const error = useApp((s) => s.error);
  const toggle = useApp((s) => s.toggleServer);
  const running = status && status.state !== 'stopped';
  return (
    <main>
      <h1>{t('appTitle')}</h1>
      <button type="button" className="start" onClick={() => void toggle()}>{running ? t('stop') : t('start')}</button>
      <span className="server-state">{status ? t(`state_${status.state}`) : ''}</span>
      {error && <p role="alert">{error}</p>}
      <ul className="cards">{status?.listeners.map((l) => <ListenerCard key={l.name} l={l} />)}</ul>
    </main>
  );
}
