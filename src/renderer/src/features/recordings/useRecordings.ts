// The recordings on disk (listRecordings), polled while the Recordings screen is shown: segments
// appear as the recorder starts them, and there is no event for that.
import { useCallback, useEffect, useState } from 'react';
import type { Recording } from '../../../../shared/api';
import { useApp } from '../../store';

const POLL_MS = 3000;

export function useRecordings(): { items: Recording[]; error?: string; reload(): Promise<void> } {
  const api = useApp((s) => s.api);
  const [items, setItems] = useState<Recording[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    if (!api) return;
    try {
      setItems((await api.listRecordings()).items);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { items, error, reload };
}

/**
 * The playback server's spans of one path (GET /list), refetched whenever `key` changes (the
 * caller passes something that changes with each poll, so a segment being written grows).
 */
export function usePlaybackSpans(listUrl: string | undefined, key: unknown): { start: string; duration: number }[] {
  const [spans, setSpans] = useState<{ start: string; duration: number }[]>([]);
  useEffect(() => {
    if (!listUrl) { setSpans([]); return; }
    const ctl = new AbortController();
    fetch(listUrl, { signal: ctl.signal })
      .then(async (r) => (r.ok ? ((await r.json()) as { start: string; duration: number }[]) : []))
      .then(setSpans, () => undefined);
    return () => ctl.abort();
  }, [listUrl, key]);
  return spans;
}
