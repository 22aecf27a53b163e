import { useRef } from 'react';
import { useT } from '../../store';
import { useFlvPreview } from './useFlvPreview';

export function StreamPreview({ url }: { url: string }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const { state, error } = useFlvPreview(video, url);
  return (
    <div className="preview" data-preview-state={state}>
      <video ref={video} muted playsInline autoPlay controls={false} />
      <div className="muted">
        {state === 'unsupported' ? t('preview_unsupported')
          : state === 'error' ? t('preview_error', { error: error ?? '' })
          : t('preview_via', { via: 'HTTP-FLV (mpegts.js)' })}
      </div>
    </div>
  );
}
