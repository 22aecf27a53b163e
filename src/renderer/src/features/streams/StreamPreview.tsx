import { useMemo, useRef } from 'react';
import { useT } from '../../store';
import type { StreamUrls } from '../../urls';
import { PREVIEW_LABELS, previewCandidates } from './preview-choice';
import { useStreamPreview } from './useStreamPreview';

/** 0.045 → "45 ms", 1.25 → "1.3 s": sub-second WebRTC delays would all read "0.0 s". */
export function formatSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`;
}

export function StreamPreview({ tracks, urls }: { tracks: readonly string[]; urls: StreamUrls }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const candidates = useMemo(() => previewCandidates(tracks, urls), [tracks, urls]);
  const s = useStreamPreview(video, candidates, urls);
  const facts = [
    s.latency !== undefined && t('preview_latency', { value: formatSeconds(s.latency) }),
    s.width && s.height && `${s.width}×${s.height}`,
    s.fps !== undefined && s.fps > 0 && t('preview_fps', { fps: Math.round(s.fps) }),
  ].filter(Boolean);
  return (
    <div className="preview" data-preview-state={s.state} data-preview-kind={s.kind ?? ''}>
      <video ref={video} muted playsInline autoPlay controls={false} />
      <div className="muted">
        {s.state === 'error' ? t('preview_error', { error: s.error ?? '' })
          : s.kind ? t('preview_via', { via: PREVIEW_LABELS[s.kind] }) : ''}
        {s.state === 'playing' && facts.length > 0 && <span className="preview-facts"> · {facts.join(' · ')}</span>}
      </div>
      {s.state !== 'error' && s.error && <div className="muted preview-fallback">{t('preview_fallback', { error: s.error })}</div>}
    </div>
  );
}
