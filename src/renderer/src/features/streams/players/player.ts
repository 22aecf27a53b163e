// What every preview player offers the preview hook: stop it, and ask how far behind live it is.
export interface PreviewPlayer {
  /** Seconds between the newest media received and the frame shown, as far as this player can tell. */
  latency(): Promise<number | undefined>;
  stop(): void;
}

/** Starts playing `url` into `video`; calls `fail` (once is enough) when it cannot play. */
export type StartPlayer = (video: HTMLVideoElement, url: string, fail: (why: string) => void) => PreviewPlayer;

/** MSE players: what is buffered beyond the playhead is what the viewer waits for. */
export function bufferedAhead(video: HTMLVideoElement): number | undefined {
  const b = video.buffered;
  return b.length ? Math.max(0, b.end(b.length - 1) - video.currentTime) : undefined;
}
