// The path configurations (resolved, as the API returns them) and pathDefaults, loaded while a
// screen needs them; reload() after an edit.
import { useCallback, useEffect, useState } from 'react';
import type { NamedPathConf } from '../../shared/api';
import type { PathConf } from '../../shared/config';
import { useApp } from './store';

export interface PathConfig {
  confs: NamedPathConf[];
  defaults?: PathConf;
  error?: string;
  reload(): Promise<void>;
}

export function usePathConfig(): PathConfig {
  const api = useApp((s) => s.api);
  const [state, setState] = useState<Omit<PathConfig, 'reload'>>({ confs: [] });
  const reload = useCallback(async () => {
    if (!api) return;
    try {
      const [confs, defaults] = await Promise.all([api.listPathConfs(), api.getPathDefaults()]);
      setState({ confs: confs.items, defaults });
    } catch (e) {
      setState((s) => ({ ...s, error: (e as Error).message }));
    }
  }, [api]);
  useEffect(() => { void reload(); }, [reload]);
  return { ...state, reload };
}
