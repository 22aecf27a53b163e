// Restream (forward) destinations and their state, polled while Streams is shown (no event carries
// them), grouped by path.
import { useEffect, useState } from 'react';
import type { ForwardInfo } from '../../../../shared/api';
import { useApp } from '../../store';

const POLL_MS = 2000;

export function groupByPath(items: readonly ForwardInfo[]): Map<string, ForwardInfo[]> {
  const out = new Map<string, ForwardInfo[]>();
  for (const f of items) out.set(f.path, [...(out.get(f.path) ?? []), f]);
  return out;
}

export function useForwards(): Map<string, ForwardInfo[]> {
  const api = useApp((s) => s.api);
  const [byPath, setByPath] = useState(new Map<string, ForwardInfo[]>());
  useEffect(() => {
    if (!api) return;
    const load = () => api.listForwards().then((r) => setByPath(groupByPath(r.items)), () => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [api]);
  return byPath;
}
