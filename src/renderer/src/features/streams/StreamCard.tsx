import { useState } from 'react';
import type { PathInfo } from '../../../../shared/api';
import { CopyField } from '../../components/CopyField';
import { formatBytes } from '../../selectors';
import { useT } from '../../store';
import type { StreamUrls } from '../../urls';
import { StreamPreview } from './StreamPreview';

const PLAY_FIELDS = [
  ['rtmp', 'play_rtmp'], ['rtsp', 'play_rtsp'], ['hls', 'play_hls'], ['hlsPage', 'play_hlsPage'],
  ['flv', 'play_flv'], ['whep', 'play_whep'], ['webrtcPage', 'play_webrtcPage'], ['whip', 'push_whip'],
] as const;

export function StreamCard({ path, urls }: { path: PathInfo; urls: StreamUrls }) {
  const t = useT();
  const [preview, setPreview] = useState(true);
  return (
    <li className="stream" data-path={path.name}>
      <div className="card-head">
        <strong>{path.name}</strong>
        <span className="state" data-ready={path.ready}>{path.ready ? t('ready') : t('waiting')}</span>
      </div>
      <dl className="stream-facts">
        <div><dt>{t('source')}</dt><dd>{path.source?.type ?? '—'}</dd></div>
        <div><dt>{t('tracks')}</dt><dd>{path.tracks.join(', ') || '—'}</dd></div>
        <div><dt>{t('readers')}</dt><dd data-readers>{path.readers.length}</dd></div>
        <div><dt>{t('received')}</dt><dd>{formatBytes(path.bytesReceived)}</dd></div>
        <div><dt>{t('sent')}</dt><dd>{formatBytes(path.bytesSent)}</dd></div>
      </dl>
      <div className="stream-body">
        <div className="urls">
          <h3>{t('urls')}</h3>
          {urls.obsServer && <CopyField name="obs-server" label={`OBS ${t('obsServer')}`} value={urls.obsServer} />}
          {urls.obsKey && <CopyField name="obs-key" label={`OBS ${t('obsKey')}`} value={urls.obsKey} />}
          {PLAY_FIELDS.map(([k, label]) => urls[k] && <CopyField key={k} name={k} label={t(label)} value={urls[k]} />)}
        </div>
        {path.ready && urls.flv && (
          <div>
            <button type="button" className="preview-toggle" onClick={() => setPreview(!preview)}>
              {preview ? t('preview_hide') : t('preview_show')}
            </button>
            {preview && <StreamPreview url={urls.flv} />}
          </div>
        )}
      </div>
    </li>
  );
}
