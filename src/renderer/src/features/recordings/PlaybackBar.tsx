// Whether recordings can be played here: the playback listener's state, and a one-click
// "Enable playback" (PATCH playback: true) when it is off.
import { useState } from 'react';
import { useApp, useT } from '../../store';
import { playbackListener } from './recordings-model';

export function PlaybackBar() {
  const t = useT();
  const api = useApp((s) => s.api);
  const status = useApp((s) => s.status);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const listener = playbackListener(status);
  if (listener?.state === 'listening') return <p className="muted playback-state" data-playback="on">{t('rec_playback_on', { port: listener.port })}</p>;
  if (listener) return <p className="note playback-state" data-playback={listener.state}>{t('rec_playback_stopped', { state: t(`lstate_${listener.state}`) })}</p>;
  const enable = async () => {
    if (!api) return;
    setBusy(true);
    try {
      await api.patchGlobalConfig({ playback: true });
      useApp.setState({ status: await api.getStatus(), error: undefined });
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="playback-state" data-playback="off">
      {t('rec_playback_off')}{' '}
      <button type="button" className="playback-enable" disabled={busy} onClick={() => void enable()}>{t('rec_playback_enable')}</button>
      {error && <span className="error">{error}</span>}
    </p>
  );
}
