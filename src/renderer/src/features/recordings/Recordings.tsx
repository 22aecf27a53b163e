// The Recordings screen: whether playback is on, which paths are recorded and where, and each
// path's segments to play or delete. Talks only to RelayboxApi plus the playback server's
// /list and /get (MediaMTX's playback API), which the <video> loads directly.
import { streamHost } from '../../bridge';
import { useApp, useT } from '../../store';
import { usePathConfig } from '../../usePathConfig';
import { PlaybackBar } from './PlaybackBar';
import { RecordingCard } from './RecordingCard';
import { RecordToggles } from './RecordToggles';
import { playbackListener } from './recordings-model';
import { useRecordings } from './useRecordings';
import './recordings.css';

export function Recordings() {
  const t = useT();
  const status = useApp((s) => s.status);
  const config = usePathConfig();
  const { items, error, reload } = useRecordings();
  const https = useApp((s) => s.encryption?.playbackEncryption === true);
  const listener = playbackListener(status);
  const playback = listener?.state === 'listening' ? { host: streamHost(), port: listener.port, https } : undefined;
  return (
    <section className="recordings">
      <h2>{t('rec_title')}</h2>
      <p className="muted">{t('rec_intro')}</p>
      <PlaybackBar />
      <RecordToggles config={config} />
      {error && <p className="error" role="alert">{error}</p>}
      {items.length === 0 ? <p className="muted rec-empty">{t('rec_empty')}</p> : (
        <ul className="recordings-list">
          {items.map((r) => <RecordingCard key={r.name} recording={r} playback={playback} onChanged={() => void reload()} />)}
        </ul>
      )}
    </section>
  );
}
