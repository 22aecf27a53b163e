import { useState } from 'react';
import type { ForwardInfo, PathInfo } from '../../../../shared/api';
import { CopyField } from '../../components/CopyField';
import { QrCode } from '../../components/QrCode';
import { Sparkline } from '../../components/Sparkline';
import { downloadText } from '../../download';
import { formatBitrate, formatBytes } from '../../selectors';
import { useApp, useT } from '../../store';
import type { StreamUrls } from '../../urls';
import { compatWarnings, formatUptime, rateHistory, readersByType, vlcPlaylist } from './stream-facts';
import { summarizeTracks } from './preview-choice';
import { StreamPreview } from './StreamPreview';
import { StreamSessions } from './StreamSessions';
import { ForwardList, SourceStatusView, type ConfiguredForward } from './SourceAndForwards';

const PLAY_FIELDS = [
  ['rtmp', 'play_rtmp'], ['rtmps', 'play_rtmps'], ['rtsp', 'play_rtsp'], ['rtsps', 'play_rtsps'], ['hls', 'play_hls'], ['hlsPage', 'play_hlsPage'],
  ['flv', 'play_flv'], ['whep', 'play_whep'], ['webrtcPage', 'play_webrtcPage'], ['whip', 'push_whip'],
] as const;

function Facts({ path }: { path: PathInfo }) {
  const t = useT();
  const samples = useApp((s) => s.pathSamples[path.name]);
  const history = rateHistory(samples ?? []);
  const uptime = path.ready ? formatUptime(path.readyTime, Date.now()) : undefined;
  const byType = readersByType(path.readers);
  return (
    <dl className="stream-facts">
      <div><dt>{t('source')}</dt><dd>{path.source?.type ?? '—'}</dd></div>
      <div><dt>{t('tracks')}</dt><dd data-tracks>{path.tracks.join(', ') || '—'}</dd></div>
      <div><dt>{t('bitrate_in')}</dt><dd data-bitrate>{formatBitrate(history.at(-1) ?? 0)} <Sparkline values={history} label={t('bitrate_in')} /></dd></div>
      {uptime && <div><dt>{t('uptime')}</dt><dd>{uptime}</dd></div>}
      <div><dt>{t('readers')}</dt><dd data-readers>{path.readers.length}{byType.length > 0 && <span className="muted"> ({byType.map(([type, n]) => `${type} ×${n}`).join(', ')})</span>}</dd></div>
      <div><dt>{t('received')}</dt><dd>{formatBytes(path.bytesReceived)}</dd></div>
      <div><dt>{t('sent')}</dt><dd>{formatBytes(path.bytesSent)}</dd></div>
    </dl>
  );
}

function Warnings({ tracks }: { tracks: readonly string[] }) {
  const t = useT();
  const codec = summarizeTracks(tracks).video ?? '';
  const warnings = compatWarnings(tracks);
  if (!warnings.length) return null;
  return <ul className="compat-warnings">{warnings.map((w) => <li key={w} data-warning={w}>{t(`warn_${w}`, { codec })}</li>)}</ul>;
}

/** The player page a phone opens (WebRTC first, HLS otherwise) as a QR code, for the chosen host. */
function PlayQr({ url, localOnly }: { url?: string; localOnly: boolean }) {
  const t = useT();
  if (!url) return null;
  return (
    <details className="qr">
      <summary>{t('qr_show')}</summary>
      <QrCode text={url} label={t('qr_for', { url })} />
      <p className="muted">{localOnly ? t('qr_loopback') : t('qr_for', { url })}</p>
    </details>
  );
}

interface StreamCardProps {
  path: PathInfo;
  urls: StreamUrls;
  previewUrls: StreamUrls;
  /** The URLs use a loopback host: a QR code would not work on another device. */
  localOnly?: boolean;
  forwards?: readonly ForwardInfo[];
  /** Restream destinations in the path's configuration. */
  configuredForwards?: readonly ConfiguredForward[];
  /** Removes a configured destination (only for a path with its own configuration). */
  onRemoveForward?: (index: number) => void;
}

export function StreamCard({ path, urls, previewUrls, localOnly = false, forwards = [], configuredForwards = [], onRemoveForward }: StreamCardProps) {
  const t = useT();
  const [preview, setPreview] = useState(true);
  const vlcUrl = urls.rtsp ?? urls.rtsps ?? urls.hls;
  return (
    <li className="stream" data-path={path.name}>
      <div className="card-head">
        <strong>{path.name}</strong>
        <span className="state" data-ready={path.ready}>{path.ready ? t('ready') : t('waiting')}</span>
      </div>
      <Facts path={path} />
      <Warnings tracks={path.tracks} />
      <SourceStatusView path={path} />
      <ForwardList running={forwards} configured={configuredForwards} onRemove={onRemoveForward} />
      <div className="stream-body">
        <div className="urls">
          <h3>{t('urls')}</h3>
          {urls.obsServer && <CopyField name="obs-server" label={`OBS ${t('obsServer')}`} value={urls.obsServer} />}
          {urls.obsServerTls && <CopyField name="obs-server-tls" label={`OBS ${t('obsServerTls')}`} value={urls.obsServerTls} />}
          {urls.obsKey && <CopyField name="obs-key" label={`OBS ${t('obsKey')}`} value={urls.obsKey} />}
          {PLAY_FIELDS.map(([k, label]) => urls[k] && <CopyField key={k} name={k} label={t(label)} value={urls[k]} />)}
          {vlcUrl && (
            <p className="vlc">
              <button type="button" className="vlc-open" onClick={() => downloadText(`${path.name.replace(/\//g, '_')}.m3u`, vlcPlaylist(path.name, vlcUrl), 'audio/x-mpegurl')}>
                {t('vlc_open')}
              </button>{' '}
              <span className="muted">{t('vlc_tip')}</span>
            </p>
          )}
          <StreamSessions path={path} />
          <PlayQr url={urls.webrtcPage ?? urls.hlsPage} localOnly={localOnly} />
        </div>
        {path.ready && (
          <div>
            <button type="button" className="preview-toggle" onClick={() => setPreview(!preview)}>
              {preview ? t('preview_hide') : t('preview_show')}
            </button>
            {preview && <StreamPreview tracks={path.tracks} urls={previewUrls} />}
          </div>
        )}
      </div>
    </li>
  );
}
