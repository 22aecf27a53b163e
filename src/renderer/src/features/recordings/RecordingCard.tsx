// One path's recording segments: when each started, how long it plays, Play (a <video> on the
// playback server's /get as MP4) and Delete (after confirming).
import { useState } from 'react';
import type { Recording } from '../../../../shared/api';
import { useApp, useT } from '../../store';
import { formatDuration, playableSegments, playbackGetUrl, playbackListUrl, type PlaybackServer } from './recordings-model';
import { usePlaybackSpans } from './useRecordings';

interface Props {
  recording: Recording;
  /** The playback listener while it is listening. */
  playback?: PlaybackServer;
  onChanged(): void;
}

function SegmentRow({ path, start, duration, canPlay, onPlay, onDeleted }: {
  path: string; start: string; duration?: number; canPlay: boolean; onPlay(): void; onDeleted(): void;
}) {
  const t = useT();
  const api = useApp((s) => s.api);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const remove = () => {
    api?.deleteRecordingSegment(path, start).then(onDeleted, (e: Error) => setError(e.message));
  };
  return (
    <tr data-segment={start}>
      <td>{new Date(start).toLocaleString()}</td>
      <td data-length>{duration === undefined ? <span className="muted">{t('rec_length_unknown')}</span> : formatDuration(duration)}</td>
      <td className="segment-actions">
        <button type="button" className="segment-play" disabled={!canPlay || duration === undefined} onClick={onPlay}>{t('rec_play')}</button>{' '}
        {confirming ? (
          <>
            <button type="button" className="segment-delete-confirm" onClick={remove}>{t('rec_delete_confirm')}</button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>{t('rec_cancel')}</button>
          </>
        ) : <button type="button" className="segment-delete" onClick={() => setConfirming(true)}>{t('rec_delete')}</button>}
        {error && <span className="error">{error}</span>}
      </td>
    </tr>
  );
}

export function RecordingCard({ recording, playback, onChanged }: Props) {
  const t = useT();
  const [playing, setPlaying] = useState<{ start: string; duration: number }>();
  const listUrl = playback ? playbackListUrl(playback, recording.name) : undefined;
  // Refetch the spans whenever the segment list was polled again (a new array each time).
  const spans = usePlaybackSpans(listUrl, recording);
  const segments = playableSegments(recording.segments, spans);
  return (
    <li className="card recording" data-recording={recording.name}>
      <div className="card-head">
        <strong>{recording.name}</strong>
        <span className="muted">{t('rec_segments', { n: recording.segments.length })}</span>
      </div>
      <table className="diag-table segments">
        <thead><tr><th>{t('rec_segment_start')}</th><th>{t('rec_segment_length')}</th><th /></tr></thead>
        <tbody>
          {segments.map((s) => (
            <SegmentRow key={s.start} path={recording.name} start={s.start} duration={s.duration} canPlay={playback !== undefined}
              onPlay={() => s.duration !== undefined && setPlaying({ start: s.start, duration: s.duration })}
              onDeleted={() => { if (playing?.start === s.start) setPlaying(undefined); onChanged(); }} />
          ))}
        </tbody>
      </table>
      {playing && playback && (
        <div className="recording-player">
          <p className="muted">{t('rec_playing', { path: recording.name, start: new Date(playing.start).toLocaleString() })}{' '}
            <button type="button" className="link" onClick={() => setPlaying(undefined)}>{t('rec_close_player')}</button>
          </p>
          <video key={playing.start} controls muted autoPlay playsInline
            src={playbackGetUrl(playback, recording.name, playing.start, playing.duration)} />
        </div>
      )}
    </li>
  );
}
