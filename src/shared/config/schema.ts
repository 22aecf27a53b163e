// The config schema: the one source of truth for types, defaults, validation and the settings UI.
// GlobalConfSchema holds the top-level settings, PathConfSchema those of pathDefaults and of each
// entry under paths. Values keep MediaMTX's JSON shapes (durations, addresses and sizes stay
// strings) so API answers look like MediaMTX's.

import type { z } from 'zod';
import type { FieldMeta } from './fields';
import { GlobalConfSchema, type GlobalConf, type GlobalKey } from './global-schema';
import { PathConfSchema, type PathConf, type PathKey } from './path-schema';

export { GlobalConfSchema, type GlobalConf, type GlobalKey } from './global-schema';
export { PathConfSchema, type PathConf, type PathKey } from './path-schema';
export type { FieldKind, FieldMeta } from './fields';

/** A whole configuration: global settings, path defaults, and per-path overrides. Plain JSON. */
export type Config = GlobalConf & {
  pathDefaults: PathConf;
  /** Configuration name (a path name, "~regex", all_others or all) → settings that override pathDefaults. */
  paths: Record<string, Partial<PathConf>>;
};

export type ConfigScope = 'global' | 'path';

export const GLOBAL_KEYS = Object.keys(GlobalConfSchema.shape) as GlobalKey[];
export const PATH_KEYS = Object.keys(PathConfSchema.shape) as PathKey[];

const GLOBAL_KEY_SET = new Set<string>(GLOBAL_KEYS);
const PATH_KEY_SET = new Set<string>(PATH_KEYS);

export function isGlobalKey(key: string): key is GlobalKey {
  return GLOBAL_KEY_SET.has(key);
}

export function isPathKey(key: string): key is PathKey {
  return PATH_KEY_SET.has(key);
}

/** The zod schema (with default) of one setting. */
export function fieldSchema(scope: ConfigScope, key: string): z.ZodType | undefined {
  if (scope === 'global') return isGlobalKey(key) ? GlobalConfSchema.shape[key] : undefined;
  return isPathKey(key) ? PathConfSchema.shape[key] : undefined;
}

/** Description, kind and allowed values of one setting, for messages and the settings UI. */
export function getFieldMeta(scope: ConfigScope, key: string): FieldMeta | undefined {
  return fieldSchema(scope, key)?.meta() as FieldMeta | undefined;
}

export interface FieldInfo extends FieldMeta {
  scope: ConfigScope;
  key: string;
  default: unknown;
}

/** Every setting with its meta and default, in file order: what a settings screen lists. */
export function describeConfigFields(): FieldInfo[] {
  const out: FieldInfo[] = [];
  const globals = GlobalConfSchema.parse({});
  const paths = PathConfSchema.parse({});
  for (const key of GLOBAL_KEYS) out.push({ scope: 'global', key, default: globals[key], ...getFieldMeta('global', key)! });
  for (const key of PATH_KEYS) out.push({ scope: 'path', key, default: paths[key], ...getFieldMeta('path', key)! });
  return out;
}
