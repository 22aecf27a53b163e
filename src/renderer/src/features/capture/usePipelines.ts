// Keeps the Capture screen's pipeline list live while it is shown: one load, then the engine's
// 'pipelines' events (state changes at once, stats at most once a second).
import { useEffect } from 'react';
import type { RelayboxApi } from '../../../../shared/api';
import { useCapture } from './capture-store';

export function usePipelines(api: RelayboxApi | undefined): void {
  useEffect(() => {
    if (!api) return;
    const { load, setItems } = useCapture.getState();
    void load(api);
    return api.onEvent((e) => {
      if (e.type === 'pipelines') setItems(e.items);
    });
  }, [api]);
}
