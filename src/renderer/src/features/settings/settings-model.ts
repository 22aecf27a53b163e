// The Settings screen's data: what the API returned, what the user changed, and the shared
// validator's verdict on those changes, keyed by field so each message shows next to its input.
// Pure functions; the store (settings-store.ts) calls the API.
import type { NamedPathConf, ReloadResult } from '../../../../shared/api';
import {
  addPath, jsonEqual, patchGlobal, patchPath, patchPathDefaults,
  type Config, type ConfigIssue, type ConfigResult, type GlobalConf, type PathConf,
} from '../../../../shared/config';

export interface SettingsData {
  global: GlobalConf;
  pathDefaults: PathConf;
  /** As the API lists them: each path's effective settings (pathDefaults merged in). */
  paths: NamedPathConf[];
}

/** Where an edit goes: one API call each (global/patch, pathdefaults/patch, paths/patch|add). */
export type EditTarget = { kind: 'global' } | { kind: 'pathDefaults' } | { kind: 'path'; name: string };

export type Values = Record<string, unknown>;

/** Draft values per target: "global", "pathDefaults", "path:<name>". */
export type Drafts = Record<string, Values>;

export function targetId(t: EditTarget): string {
  return t.kind === 'path' ? `path:${t.name}` : t.kind;
}

/** Field id used for drafts' error messages and DOM attributes: "global:rtspAddress". */
export function fieldId(t: EditTarget, key: string): string {
  return `${targetId(t)}:${key}`;
}

/** A path entry's own settings: the keys whose effective value differs from pathDefaults. */
export function pathOverrides(conf: Values, defaults: PathConf): Partial<PathConf> {
  const d = defaults as unknown as Values;
  const out: Values = {};
  for (const [k, v] of Object.entries(conf)) if (k !== 'name' && Object.hasOwn(d, k) && !jsonEqual(v, d[k])) out[k] = v;
  return out as Partial<PathConf>;
}

/**
 * The running config as far as the API shows it. Path entries come back merged with
 * pathDefaults, so an explicit override equal to its default is not told apart (it means the same).
 */
export function assembleConfig(data: SettingsData): Config {
  const paths: Record<string, Partial<PathConf>> = {};
  for (const p of data.paths) {
    Object.defineProperty(paths, p.name, { value: pathOverrides(p, data.pathDefaults), enumerable: true, writable: true, configurable: true });
  }
  return { ...data.global, pathDefaults: data.pathDefaults, paths } as Config;
}

/** The keys of `draft` whose value differs from `original`. */
export function changedValues(original: Values, draft: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(draft)) if (!jsonEqual(v, original[k])) out[k] = v;
  return out;
}

/**
 * The field an issue is about: "rtspAddress" → global, "pathDefaults.record" → pathDefaults,
 * "paths.<name>.source" → that path (names may hold dots, so the longest known name wins).
 * An issue about a list item goes to the list's field; one about no field gets key "*".
 */
export function issueField(key: string, pathNames: readonly string[]): string {
  if (key.startsWith('pathDefaults.')) return fieldId({ kind: 'pathDefaults' }, key.split('.')[1]);
  if (key.startsWith('paths.')) {
    const rest = key.slice('paths.'.length);
    const name = pathNames.filter((n) => rest === n || rest.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0];
    if (name !== undefined) return fieldId({ kind: 'path', name }, rest.slice(name.length + 1).split('.')[0] || '*');
  }
  return fieldId({ kind: 'global' }, key.split('.')[0] || '*');
}

export function issuesByField(issues: readonly ConfigIssue[], pathNames: readonly string[], severity: ConfigIssue['severity'] = 'error'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (i.severity !== severity) continue;
    const id = issueField(i.key, pathNames);
    // Checks run once per edit: the same message can come back from a later edit.
    if (out[id]?.includes(i.message)) continue;
    out[id] = out[id] ? `${out[id]}; ${i.message}` : i.message;
  }
  return out;
}

export function applyEdit(config: Config, t: EditTarget, patch: Values, isNew = false): ConfigResult {
  if (t.kind === 'global') return patchGlobal(config, patch);
  if (t.kind === 'pathDefaults') return patchPathDefaults(config, patch);
  return isNew ? addPath(config, t.name, patch) : patchPath(config, t.name, patch);
}

export interface PlannedEdit {
  target: EditTarget;
  patch: Values;
  isNew: boolean;
}

/**
 * The API calls a save needs, in order, checked against the config each earlier call leaves
 * behind (cross-setting checks see the whole result). `errors` is empty when it may be sent.
 */
export function planSave(
  data: SettingsData, drafts: Drafts, newPaths: readonly string[] = [],
): { edits: PlannedEdit[]; errors: Record<string, string>; warnings: Record<string, string> } {
  const targets: EditTarget[] = [{ kind: 'global' }, { kind: 'pathDefaults' }];
  const names = new Set([...data.paths.map((p) => p.name), ...newPaths]);
  for (const name of names) targets.push({ kind: 'path', name });
  let config = assembleConfig(data);
  const edits: PlannedEdit[] = [];
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  for (const target of targets) {
    const draft = drafts[targetId(target)];
    const isNew = target.kind === 'path' && newPaths.includes(target.name);
    if (!draft && !isNew) continue;
    const original = originalValues(data, target);
    // A new path is sent with only what differs from pathDefaults: it inherits the rest.
    const patch = isNew ? pathOverrides(draft ?? {}, data.pathDefaults) : changedValues(original, draft ?? {});
    if (!isNew && Object.keys(patch).length === 0) continue;
    const result = applyEdit(config, target, patch, isNew);
    Object.assign(errors, issuesByField(result.issues, [...names], 'error'));
    Object.assign(warnings, issuesByField(result.issues, [...names], 'warning'));
    if (result.config) config = result.config;
    edits.push({ target, patch, isNew });
  }
  return { edits, errors, warnings };
}

/** The loaded values of a target (a new path starts from pathDefaults). */
export function originalValues(data: SettingsData, t: EditTarget): Values {
  if (t.kind === 'global') return data.global as unknown as Values;
  if (t.kind === 'pathDefaults') return data.pathDefaults as unknown as Values;
  const found = data.paths.find((p) => p.name === t.name);
  return (found ?? { ...data.pathDefaults, name: t.name }) as unknown as Values;
}

/** Union of what several saves restarted, in first-seen order. */
export function mergeReloads(results: readonly ReloadResult[]): ReloadResult {
  const restarted = [...new Set(results.flatMap((r) => r.restarted))];
  const paths = [...new Set(results.flatMap((r) => r.paths))];
  return { restarted, paths, warnings: results.flatMap((r) => r.warnings) };
}
