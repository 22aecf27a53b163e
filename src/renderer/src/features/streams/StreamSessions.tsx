// The publisher and readers of one path, with the buttons that disconnect them
// (/v3/{rtmpconns|rtmpsconns|rtspsessions|rtspssessions|webrtcsessions}/kick/{id}).
import { useState } from 'react';
import type { PathInfo } from '../../../../shared/api';
import { useApp, useT } from '../../store';
import { kickListsOf, kickSession } from './stream-facts';

function Session({ type, id, label, onKicked }: { type: string; id: string; label: string; onKicked: (id: string) => void }) {
  const api = useApp((s) => s.api);
  const canKick = kickListsOf(type).length > 0;
  const [error, setError] = useState<string>();
  return (
    <li data-session={id}>
      <code>{type}</code> <span className="muted">{id}</span>{' '}
      {api && canKick && (
        <button type="button" className="kick" onClick={() => {
          kickSession(api, type, id).then(() => onKicked(id), (e: Error) => setError(e.message));
        }}>{label}</button>
      )}
      {error && <span className="error">{error}</span>}
    </li>
  );
}

export function StreamSessions({ path }: { path: PathInfo }) {
  const t = useT();
  const refresh = useApp((s) => s.refreshPaths);
  const [kicked, setKicked] = useState<string>();
  const onKicked = (id: string) => { setKicked(id); void refresh(); };
  if (!path.source && !path.readers.length) return null;
  return (
    <details className="sessions">
      <summary>{t('sessions')} ({(path.source ? 1 : 0) + path.readers.length})</summary>
      <ul>
        {path.source && <Session type={path.source.type} id={path.source.id} label={t('stop_publisher')} onKicked={onKicked} />}
        {path.readers.map((r) => <Session key={r.id} type={r.type} id={r.id} label={t('kick')} onKicked={onKicked} />)}
      </ul>
      {kicked && <p className="note" role="status">{t('kicked', { id: kicked })}</p>}
    </details>
  );
}
