// The log tail: a bounded buffer of entries plus the view's filter state.
import { create } from 'zustand';
import type { RelayboxApi } from '../../../../shared/api';
import { LOG_LEVELS, type LogEntry, type LogLevel } from '../../../../shared/log';

export const MAX_LOG_LINES = 10_000;

interface LogsState {
  entries: LogEntry[];
  /** Entries that arrived while paused; shown on resume. */
  held: LogEntry[];
  paused: boolean;
  /** Show this level and more severe ones; undefined = all. */
  level?: LogLevel;
  query: string;
  /** Show only this module's lines (LogEntry.module); undefined = all. */
  module?: string;
  /** Sequence number at the last "Clear view": older entries are not shown again. */
  floor: number;
  load(api: RelayboxApi): void;
  append(entries: LogEntry[]): void;
  setPaused(paused: boolean): void;
  setLevel(level: LogLevel | undefined): void;
  setQuery(query: string): void;
  setModule(module: string | undefined): void;
  clear(): void;
}

/** Appends by sequence number (the initial getLogs and the live stream overlap), keeping the last `max`. */
export function mergeEntries(current: LogEntry[], incoming: LogEntry[], floor = -Infinity, max = MAX_LOG_LINES): LogEntry[] {
  const last = current.length ? Math.max(floor, current[current.length - 1].seq) : floor;
  const fresh = incoming.filter((e) => e.seq > last).sort((a, b) => a.seq - b.seq);
  if (!fresh.length) return current;
  const all = current.concat(fresh);
  return all.length > max ? all.slice(all.length - max) : all;
}

export function filterEntries(entries: LogEntry[], level: LogLevel | undefined, query: string, module?: string): LogEntry[] {
  const maxRank = level ? LOG_LEVELS.indexOf(level) : LOG_LEVELS.length;
  const q = query.trim().toLowerCase();
  if (maxRank >= LOG_LEVELS.length - 1 && !q && module === undefined) return entries;
  return entries.filter((e) => LOG_LEVELS.indexOf(e.level) <= maxRank
    && (module === undefined || e.module === module)
    && (!q || e.message.toLowerCase().includes(q) || e.module.toLowerCase().includes(q)));
}

/** The modules that logged, sorted, for the module filter. */
export function moduleNames(entries: readonly LogEntry[]): string[] {
  return [...new Set(entries.map((e) => e.module))].sort();
}

export const useLogs = create<LogsState>((set, get) => ({
  entries: [],
  held: [],
  paused: false,
  query: '',
  floor: -Infinity,
  load(api) {
    api.getLogs(MAX_LOG_LINES).then((entries) => get().append(entries), () => undefined);
  },
  append(incoming) {
    const { paused, held, entries, floor } = get();
    // While paused, new lines wait in `held`, after whatever is already on screen.
    if (paused) set({ held: mergeEntries(held, incoming, Math.max(floor, entries.at(-1)?.seq ?? floor)) });
    else set({ entries: mergeEntries(entries, incoming, floor) });
  },
  setPaused(paused) {
    if (paused) set({ paused });
    else set({ paused, entries: mergeEntries(get().entries, get().held, get().floor), held: [] });
  },
  setLevel: (level) => set({ level }),
  setQuery: (query) => set({ query }),
  setModule: (module) => set({ module }),
  clear() {
    const { entries, held, floor } = get();
    // Remember the last seq so a reconnect replay does not bring cleared lines back.
    set({ entries: [], held: [], floor: held.at(-1)?.seq ?? entries.at(-1)?.seq ?? floor });
  },
}));
