// Pure helpers of the Recordings screen: which segment plays how long, the playback server's
// URLs (MediaMTX's /list and /get), and the folder a recordPath template writes to.
import type { EngineStatus, RecordingSegment } from '../../../../shared/api';
import { hostForUrl, httpOrigin } from '../../urls';

/** One entry of the playback server's GET /list: a run of contiguous segments. */
export interface PlaybackSpan {
  start: string;
  /** Seconds. */
  duration: number;
}

export interface PlayableSegment {
  start: string;
  /** Seconds this segment can be played for; undefined while no span covers it yet (just created). */
  duration?: number;
}

/**
 * A segment lasts until the next segment starts or its span ends, whichever is first: /list merges
 * contiguous segments into one span, so the span alone does not say where one segment stops.
 */
export function playableSegments(segments: readonly RecordingSegment[], spans: readonly PlaybackSpan[]): PlayableSegment[] {
  const sorted = [...segments].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return sorted.map((seg, i) => {
    const s = Date.parse(seg.start);
    const span = spans.find((sp) => { const a = Date.parse(sp.start); return a <= s && s < a + sp.duration * 1000; });
    if (!span) return { start: seg.start };
    const spanEnd = Date.parse(span.start) + span.duration * 1000;
    const next = i + 1 < sorted.length ? Date.parse(sorted[i + 1].start) : Infinity;
    return { start: seg.start, duration: Math.round(Math.min(spanEnd, next) - s) / 1000 };
  });
}

/** Port of the playback listener when it is enabled (any state but disabled), else undefined. */
export function playbackListener(status: EngineStatus | undefined) {
  return status?.listeners.find((l) => l.name === 'playback' && l.state !== 'disabled');
}

/** Where the playback listener answers: HTTPS when playbackEncryption is on. */
export interface PlaybackServer {
  host: string;
  port: number;
  https?: boolean;
}

function playbackBase(s: PlaybackServer): string {
  return httpOrigin(hostForUrl(s.host), s.port, s.https);
}

export function playbackListUrl(server: PlaybackServer, path: string): string {
  return `${playbackBase(server)}/list?${new URLSearchParams({ path })}`;
}

/** format=mp4: one plain MP4 file, which every <video> plays (fMP4 would need MSE in some browsers). */
export function playbackGetUrl(server: PlaybackServer, path: string, start: string, durationS: number): string {
  return `${playbackBase(server)}/get?${new URLSearchParams({ path, start, duration: String(durationS), format: 'mp4' })}`;
}

/** "./recordings/%path/%Y-%m-%d_%H-%M-%S-%f" → "./recordings": the part before the first placeholder. */
export function recordFolder(recordPath: string): string {
  const parts = recordPath.split(/[/\\]/);
  const i = parts.findIndex((p) => p.includes('%'));
  const fixed = (i < 0 ? parts.slice(0, -1) : parts.slice(0, i)).join('/');
  return fixed || '.';
}

/** "12.5" s → "12.5 s", 3725 s → "1:02:05". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
