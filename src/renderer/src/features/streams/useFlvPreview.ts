// HTTP-FLV preview through mpegts.js (MSE). Muted so autoplay is allowed; torn down when the
// component unmounts, the page is hidden or the player is scrolled away, so a background tab holds no reader on the server.
import { useEffect, useState, type RefObject } from 'react';
import mpegts from 'mpegts.js';

export type PreviewState = 'idle' | 'loading' | 'playing' | 'unsupported' | 'error';

export function useFlvPreview(video: RefObject<HTMLVideoElement | null>, url: string | undefined): { state: PreviewState; error?: string } {
  const [state, setState] = useState<PreviewState>('idle');
  const [error, setError] = useState<string>();
  const [hidden, setHidden] = useState(() => document.hidden);

  const [offscreen, setOffscreen] = useState(false);

  useEffect(() => {
    const onVis = () => setHidden(document.hidden);
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);

  // Scrolled out of view counts as hidden too: each preview is a reader on the server.
  useEffect(() => {
    const el = video.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setOffscreen(!entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, [video]);

  useEffect(() => {
    const el = video.current;
    if (!el || !url || hidden || offscreen) { setState('idle'); return; }
    if (!mpegts.isSupported()) { setState('unsupported'); return; }
    setState('loading');
    setError(undefined);
    const player = mpegts.createPlayer(
      { type: 'flv', isLive: true, url },
      // Low latency: no stash buffer, and skip ahead when the buffer grows.
      { enableStashBuffer: false, liveBufferLatencyChasing: true, lazyLoad: false },
    );
    player.on(mpegts.Events.ERROR, (type: string, detail: string) => { setState('error'); setError(`${type}: ${detail}`); });
    const onPlaying = () => setState('playing');
    el.addEventListener('playing', onPlaying);
    player.attachMediaElement(el);
    player.load();
    void Promise.resolve(player.play()).catch(() => undefined);
    return () => {
      el.removeEventListener('playing', onPlaying);
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    };
  }, [video, url, hidden, offscreen]);

  return { state, error };
}
