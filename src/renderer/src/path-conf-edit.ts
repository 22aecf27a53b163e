// Turning "record this path" / "restream this path" / "pull this source" into one path-config API
// call. A live path that matches a shared configuration (all_others, "~regex") gets its own entry
// carrying that configuration's settings, so the change applies to this path alone and nothing
// else about it changes; the engine then reconnects its sessions once (the path changed conf).
import type { NamedPathConf, RelayboxApi, ReloadResult } from '../../shared/api';
import type { PathConf } from '../../shared/config';

export interface PathConfEdit {
  kind: 'patch' | 'add';
  name: string;
  conf: Partial<PathConf>;
  /** Set on 'add' when a live path matched this other configuration until now. */
  takesOverFrom?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a configuration sets itself: its resolved values that differ from pathDefaults. */
export function ownSettings(resolved: PathConf, defaults: PathConf): Partial<PathConf> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resolved)) {
    if (k !== 'name' && !same(v, (defaults as Record<string, unknown>)[k])) out[k] = v;
  }
  return out as Partial<PathConf>;
}

/**
 * `change` gets the path's current settings (its own configuration, the one it matches now, or
 * the defaults) and returns the keys to set. `matchedConf` is the live path's confName, if live.
 */
export function planPathEdit(
  name: string,
  change: (current: PathConf) => Partial<PathConf>,
  confs: readonly NamedPathConf[],
  defaults: PathConf,
  matchedConf?: string,
): PathConfEdit {
  const own = confs.find((c) => c.name === name);
  if (own) return { kind: 'patch', name, conf: change(own) };
  const matched = matchedConf === undefined ? undefined : confs.find((c) => c.name === matchedConf);
  const base = matched ? ownSettings(matched, defaults) : {};
  return {
    kind: 'add', name, conf: { ...base, ...change(matched ?? defaults) },
    ...(matched ? { takesOverFrom: matched.name } : {}),
  };
}

export function applyPathEdit(api: RelayboxApi, edit: PathConfEdit): Promise<ReloadResult> {
  return edit.kind === 'patch' ? api.patchPathConf(edit.name, edit.conf) : api.addPathConf(edit.name, edit.conf);
}
