// Raw engine state from the API's event stream; derived values are selectors, not copies.
import { create } from 'zustand';
import type { EngineStatus, RelayboxApi } from '../../shared/api';
import { detectLang, format, STRINGS, type Lang, type StringKey } from './i18n/strings';

interface AppState {
  api?: RelayboxApi;
  status?: EngineStatus;
  error?: string;
  lang: Lang;
  connect(api: RelayboxApi): () => void;
  setLang(lang: Lang): void;
  toggleServer(): Promise<void>;
}

export const useApp = create<AppState>((set, get) => ({
  lang: detectLang(),
  connect(api) {
    set({ api });
    api.getStatus().then((status) => set({ status }), (e: Error) => set({ error: e.message }));
    return api.onEvent((e) => { if (e.type === 'status') set({ status: e.status }); });
  },
  setLang: (lang) => set({ lang }),
  async toggleServer() {
    const { api, status } = get();
    if (!api) return;
    const running = status && status.state !== 'stopped';
    try {
      set({ status: running ? await api.stopServer() : await api.startServer(), error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
}));

export function useT(): (key: StringKey, vars?: Record<string, string | number>) => string {
  const lang = useApp((s) => s.lang);
  return (key, vars) => format(STRINGS[lang][key], vars);
}
