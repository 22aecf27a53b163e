// Settings state: the config as loaded, the user's drafts, and the last save's outcome.
import { create } from 'zustand';
import { RelayboxApiError, type RelayboxApi, type ReloadResult } from '../../../../shared/api';
import type { ConfigIssue } from '../../../../shared/config';
import {
  issuesByField, mergeReloads, originalValues, planSave, targetId,
  type Drafts, type EditTarget, type PlannedEdit, type SettingsData,
} from './settings-model';

interface SettingsState {
  data?: SettingsData;
  drafts: Drafts;
  /** Paths added in this session, not saved yet. */
  newPaths: string[];
  /** Validator messages by field id (settings-model fieldId). */
  errors: Record<string, string>;
  warnings: Record<string, string>;
  saving: boolean;
  saved?: ReloadResult;
  /** An error that is not about one field (network, server). */
  failure?: string;
  load(api: RelayboxApi): Promise<void>;
  setValue(target: EditTarget, key: string, value: unknown): void;
  addPath(name: string): void;
  deletePath(api: RelayboxApi, name: string): Promise<void>;
  discard(): void;
  save(api: RelayboxApi): Promise<boolean>;
}

export async function loadSettings(api: RelayboxApi): Promise<SettingsData> {
  const [global, pathDefaults, paths] = await Promise.all([api.getGlobalConfig(), api.getPathDefaults(), api.listPathConfs()]);
  return { global, pathDefaults, paths: paths.items };
}

function send(api: RelayboxApi, e: PlannedEdit): Promise<ReloadResult> {
  const t = e.target;
  if (t.kind === 'global') return api.patchGlobalConfig(e.patch as never);
  if (t.kind === 'pathDefaults') return api.patchPathDefaults(e.patch as never);
  return e.isNew ? api.addPathConf(t.name, e.patch as never) : api.patchPathConf(t.name, e.patch as never);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useSettings = create<SettingsState>((set, get) => ({
  drafts: {},
  newPaths: [],
  errors: {},
  warnings: {},
  saving: false,
  async load(api) {
    try {
      set({ data: await loadSettings(api), drafts: {}, newPaths: [], errors: {}, warnings: {}, failure: undefined, saved: undefined });
    } catch (e) {
      set({ failure: message(e) });
    }
  },
  setValue(target, key, value) {
    const { data, drafts } = get();
    if (!data) return;
    const id = targetId(target);
    const draft = { ...(drafts[id] ?? originalValues(data, target)), [key]: value };
    const next = { ...drafts, [id]: draft };
    // Validate as the user types: the same checks the server runs on save.
    const { errors, warnings } = planSave(data, next, get().newPaths);
    set({ drafts: next, errors, warnings, saved: undefined });
  },
  addPath(name) {
    const { newPaths, data } = get();
    if (!data || newPaths.includes(name) || data.paths.some((p) => p.name === name)) return;
    const next = [...newPaths, name];
    set({ newPaths: next, ...pick(planSave(data, get().drafts, next)) });
  },
  async deletePath(api, name) {
    const { newPaths, drafts } = get();
    if (newPaths.includes(name)) {
      const { [targetId({ kind: 'path', name })]: _gone, ...rest } = drafts;
      set({ newPaths: newPaths.filter((n) => n !== name), drafts: rest });
      return;
    }
    try {
      const saved = await api.deletePathConf(name);
      const data = await loadSettings(api);
      const { [targetId({ kind: 'path', name })]: _gone, ...rest } = get().drafts;
      set({ data, drafts: rest, saved, failure: undefined });
    } catch (e) {
      set({ failure: message(e) });
    }
  },
  discard() {
    set({ drafts: {}, newPaths: [], errors: {}, warnings: {}, failure: undefined });
  },
  async save(api) {
    const { data, drafts, newPaths } = get();
    if (!data || get().saving) return false;
    const plan = planSave(data, drafts, newPaths);
    if (Object.keys(plan.errors).length) { set({ errors: plan.errors }); return false; }
    set({ saving: true, failure: undefined });
    const results: ReloadResult[] = [];
    try {
      for (const edit of plan.edits) {
        try {
          results.push(await send(api, edit));
        } catch (e) {
          // The server refused it after all (e.g. a check only it can make): show it at the fields.
          const issues: ConfigIssue[] = e instanceof RelayboxApiError ? e.issues : [];
          const errors = issuesByField(issues, [...data.paths.map((p) => p.name), ...newPaths]);
          set({ errors, failure: Object.keys(errors).length ? undefined : message(e) });
          return false;
        }
      }
      set({ data: await loadSettings(api), drafts: {}, newPaths: [], errors: {}, warnings: {}, saved: mergeReloads(results) });
      return true;
    } catch (e) {
      set({ failure: message(e) });
      return false;
    } finally {
      set({ saving: false });
    }
  },
}));

function pick(p: { errors: Record<string, string>; warnings: Record<string, string> }) {
  return { errors: p.errors, warnings: p.warnings };
}

/** True when something is waiting to be saved. */
export function hasChanges(s: Pick<SettingsState, 'drafts' | 'newPaths' | 'data'>): boolean {
  if (s.newPaths.length) return true;
  if (!s.data) return false;
  const data = s.data;
  return Object.keys(s.drafts).length > 0 && planSave(data, s.drafts, s.newPaths).edits.length > 0;
}
