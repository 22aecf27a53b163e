// Raw engine state from the API; derived values are selectors (./selectors.ts), not copies.
import { create } from 'zustand';
import type { EngineStatus, ListenerStatus, PathInfo, RelayboxApi, ReloadResult } from '../../shared/api';
import type { ByteSample, EncryptionSettings } from './selectors';
import { ENCRYPTION_KEYS, pathTotals, protocolPorts } from './selectors';
import type { ProtocolPorts } from './urls';
import { detectLang, format, STRINGS, type Lang, type StringKey } from './i18n/strings';
import { useLogs } from './features/logs/logs-store';
import type { PathSample } from './features/streams/stream-facts';

export type Screen = 'home' | 'streams' | 'recordings' | 'capture' | 'settings' | 'logs' | 'diagnostics';

interface AppState {
  api?: RelayboxApi;
  status?: EngineStatus;
  paths: PathInfo[];
  /** The last two path-list samples' byte totals, for in/out bitrate (selectors.totalRates). */
  samples: ByteSample[];
  /** Per path: recent incoming byte counters, for its bitrate and sparkline. */
  pathSamples: Record<string, PathSample[]>;
  /** This machine's LAN IPv4 addresses (EngineStatus.addresses), for URLs other devices can open. */
  addresses: string[];
  /** rtsp/rtmp/hls/webrtc/playbackEncryption from the global config: plain or encrypted URLs. */
  encryption?: EncryptionSettings;
  error?: string;
  busy: boolean;
  lastReload?: ReloadResult;
  lang: Lang;
  screen: Screen;
  connect(api: RelayboxApi): () => void;
  setLang(lang: Lang): void;
  setScreen(screen: Screen): void;
  toggleServer(): Promise<void>;
  refreshPaths(): Promise<void>;
  /** Re-reads the encryption settings (on connect and whenever listeners change state). */
  refreshEncryption(): Promise<void>;
  /** "Use port N instead": rewrites the listener's address keeping its host, saves via hot reload. */
  usePort(listener: ListenerStatus, port: number): Promise<void>;
}

const LANG_KEY = 'relaybox.lang';
const PATHS_POLL_MS = 1000;
/** Samples kept per path: a minute of sparkline at one poll per second. */
const PATH_SAMPLES = 60;

/** Appends one sample per listed path; paths no longer listed are dropped. */
export function addPathSamples(prev: Record<string, PathSample[]>, paths: readonly PathInfo[], at: number, keep = PATH_SAMPLES): Record<string, PathSample[]> {
  const out: Record<string, PathSample[]> = {};
  for (const p of paths) {
    const list = Object.hasOwn(prev, p.name) ? prev[p.name] : [];
    out[p.name] = [...list.slice(-(keep - 1)), { at, bytesIn: p.bytesReceived }];
  }
  return out;
}

function savedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch { /* storage blocked: fall back to the OS language */ }
  return detectLang();
}

/** ":8554" → ":8600", "127.0.0.1:8554" → "127.0.0.1:8600", "[::1]:8554" → "[::1]:8600". */
export function replacePort(address: string, port: number): string {
  const i = address.lastIndexOf(':');
  return `${i < 0 ? '' : address.slice(0, i)}:${port}`;
}

let encryptionLoad: Promise<void> | undefined;
let encryptionStale = false;

export const useApp = create<AppState>((set, get) => ({
  paths: [],
  samples: [],
  pathSamples: {},
  addresses: [],
  busy: false,
  lang: savedLang(),
  screen: 'home',
  connect(api) {
    set({ api });
    const fail = (e: Error) => set({ error: e.message });
    api.getStatus().then((status) => set({ status, addresses: status.addresses ?? [] }), fail);
    void get().refreshPaths();
    void get().refreshEncryption();
    useLogs.getState().load(api);
    const off = api.onEvent((e) => {
      // A changed encryption setting restarts its listener, so a status event follows every change.
      if (e.type === 'status') { set({ status: e.status }); void get().refreshEncryption(); }
      else if (e.type === 'paths') set({ paths: e.items });
      else if (e.type === 'log') useLogs.getState().append([e.entry]);
    });
    // The event stream carries status and logs; path counters change constantly, so poll them.
    const timer = setInterval(() => void get().refreshPaths(), PATHS_POLL_MS);
    return () => { off(); clearInterval(timer); };
  },
  setLang(lang) {
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* not persisted; still switched */ }
    document.documentElement.lang = lang;
    set({ lang });
  },
  setScreen: (screen) => set({ screen }),
  async toggleServer() {
    const { api, status } = get();
    if (!api || get().busy) return;
    const running = status !== undefined && status.state !== 'stopped' && status.state !== 'error';
    set({ busy: true, status: status && { ...status, state: running ? 'stopping' : 'starting' } });
    try {
      set({ status: running ? await api.stopServer() : await api.startServer(), error: undefined });
    } catch (e) {
      set({ error: (e as Error).message });
      api.getStatus().then((s) => set({ status: s }), () => undefined);
    } finally {
      set({ busy: false });
    }
  },
  async refreshPaths() {
    const { api } = get();
    if (!api) return;
    try {
      const paths = (await api.listPaths()).items;
      const t = pathTotals(paths);
      const sample = { at: Date.now(), bytesIn: t.bytesIn, bytesOut: t.bytesOut };
      set({ paths, samples: [...get().samples.slice(-1), sample], pathSamples: addPathSamples(get().pathSamples, paths, sample.at) });
    } catch { /* the next poll retries; status errors are shown elsewhere */ }
  },
  async refreshEncryption() {
    const { api } = get();
    if (!api) return;
    // Status events come in bursts (one per listener state): one request at a time, plus one more
    // if events arrived meanwhile.
    if (encryptionLoad) { encryptionStale = true; return encryptionLoad; }
    encryptionLoad = (async () => {
      do {
        encryptionStale = false;
        try {
          const g = await api.getGlobalConfig();
          set({ encryption: Object.fromEntries(ENCRYPTION_KEYS.map((k) => [k, g[k]])) as EncryptionSettings });
        } catch { /* URLs stay as they were; the next status event retries */ }
      } while (encryptionStale);
      encryptionLoad = undefined;
    })();
    return encryptionLoad;
  },
  async usePort(listener, port) {
    const { api } = get();
    if (!api) return;
    try {
      const lastReload = await api.patchGlobalConfig({ [listener.key]: replacePort(listener.address, port) } as never);
      set({ lastReload, error: undefined, status: await api.getStatus() });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
}));

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

export function useT(): Translate {
  const lang = useApp((s) => s.lang);
  return (key, vars) => format(STRINGS[lang][key], vars);
}

/** Ports (and HTTPS flags) for building stream URLs from the current status and encryption settings. */
export function useProtocolPorts(): ProtocolPorts {
  const status = useApp((s) => s.status);
  const encryption = useApp((s) => s.encryption);
  return protocolPorts(status, encryption);
}
