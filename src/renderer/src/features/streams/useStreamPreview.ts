// Plays a stream's preview with the first player in `candidates` that works (preview-choice.ts),
// moving to the next one when a player fails or shows nothing. Muted so autoplay is allowed.
// Torn down when the component unmounts, the page is hidden or the player is scrolled away, so a
// background tab holds no reader on the server.
import { useEffect, useState, type RefObject } from 'react';
import type { StreamUrls } from '../../urls';
import type { PreviewKind } from './preview-choice';
import { startFlvPlayer } from './players/flv-player';
import { startHlsPlayer } from './players/hls-player';
import type { PreviewPlayer, StartPlayer } from './players/player';
import { startWhepPlayer } from './players/whep-player';

export type PreviewState = 'idle' | 'loading' | 'playing' | 'error';

export interface PreviewStatus {
  state: PreviewState;
  kind?: PreviewKind;
  /** Why the last player failed (the preview may have moved on to another one). */
  error?: string;
  latency?: number;
  width?: number;
  height?: number;
  fps?: number;
}

const PLAYERS: Record<PreviewKind, StartPlayer> = { flv: startFlvPlayer, whep: startWhepPlayer, hls: startHlsPlayer };
const URL_OF: Record<PreviewKind, 'flv' | 'whep' | 'hls'> = { flv: 'flv', whep: 'whep', hls: 'hls' };
/** A player that has shown no frame by then is treated as failed. */
const FIRST_FRAME_LIMIT_MS = 10_000;
const MEASURE_EVERY_MS = 1000;

function useVisible(video: RefObject<HTMLVideoElement | null>): boolean {
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
  return !hidden && !offscreen;
}

/** Frames shown per second, counted with requestVideoFrameCallback where the browser has it. */
function countFrames(video: HTMLVideoElement): { take(): number | undefined; stop(): void } {
  let frames = 0;
  let handle = 0;
  const supported = typeof video.requestVideoFrameCallback === 'function';
  const onFrame = () => { frames++; handle = video.requestVideoFrameCallback(onFrame); };
  if (supported) handle = video.requestVideoFrameCallback(onFrame);
  let last = performance.now();
  return {
    take() {
      if (!supported) return undefined;
      const now = performance.now();
      const fps = (frames * 1000) / (now - last);
      frames = 0;
      last = now;
      return fps;
    },
    stop: () => { if (supported) video.cancelVideoFrameCallback(handle); },
  };
}

export function useStreamPreview(video: RefObject<HTMLVideoElement | null>, candidates: readonly PreviewKind[], urls: StreamUrls): PreviewStatus {
  const visible = useVisible(video);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<PreviewStatus>({ state: 'idle' });
  const key = candidates.join(',');
  const kind = candidates[attempt];
  const url = kind && urls[URL_OF[kind]];

  // A different stream (codecs, URLs) starts over with the best player.
  useEffect(() => setAttempt(0), [key, urls.flv, urls.whep, urls.hls]);

  useEffect(() => {
    const el = video.current;
    if (!el || !visible) { setStatus({ state: 'idle' }); return; }
    if (!kind || !url) { setStatus((s) => ({ state: 'error', error: s.error ?? 'no player for these codecs' })); return; }
    setStatus((s) => ({ state: 'loading', kind, error: s.error }));
    let failed = false;
    const fail = (why: string) => {
      if (failed) return;
      failed = true;
      setStatus({ state: 'loading', error: `${kind}: ${why}` });
      setAttempt((a) => a + 1);
    };
    const player: PreviewPlayer = PLAYERS[kind](el, url, fail);
    const frames = countFrames(el);
    const onPlaying = () => { clearTimeout(limit); setStatus((s) => ({ ...s, state: 'playing', kind })); };
    el.addEventListener('playing', onPlaying);
    const limit = setTimeout(() => fail(`no picture within ${FIRST_FRAME_LIMIT_MS / 1000} s`), FIRST_FRAME_LIMIT_MS);
    const measure = setInterval(() => {
      const fps = frames.take();
      void player.latency().then((latency) => {
        if (!failed) setStatus((s) => (s.state === 'playing' ? { ...s, latency, fps, width: el.videoWidth || undefined, height: el.videoHeight || undefined } : s));
      });
    }, MEASURE_EVERY_MS);
    return () => {
      failed = true;
      clearTimeout(limit);
      clearInterval(measure);
      frames.stop();
      el.removeEventListener('playing', onPlaying);
      player.stop();
    };
  }, [video, visible, kind, url]);

  return status;
}
