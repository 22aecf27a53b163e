// Reads an untrusted config object (from YAML or JSON) into validated sections, section by section
// and key by key, so one bad value does not hide the others. Old key names are renamed, unknown
// keys reported with the nearest known key, empty values (`pass:`) mean "use the default".

import type { z } from 'zod';
import { DROPPED_KEYS, findAlias, type KeyAlias } from './aliases';
import { IssueCollector } from './issue-collector';
import type { KeyPath } from './issues';
import { isPlainObject, setOwn } from './json';
import { checkConfName, isAllOthersName } from './path-name';
import { fieldSchema, GLOBAL_KEYS, GlobalConfSchema, isGlobalKey, isPathKey, PATH_KEYS, PathConfSchema, type ConfigScope } from './schema';
import { nearestKey } from './suggest';
import { unsupportedIsActive, unsupportedRule } from './unsupported';

export interface SectionRead {
  /** Canonical key → validated value, for keys present with a valid, non-empty value. */
  values: Record<string, unknown>;
  /** Canonical key → where the user wrote it (old or miscased names included), valid or not. */
  sources: Record<string, KeyPath>;
  /** Canonical keys written with an empty value (`runOnInit:`): default, or inherited in a path. */
  empty: string[];
}

export interface PathSectionRead extends SectionRead {
  /** Where the path entry itself is. */
  source: KeyPath;
}

export interface ConfigRead {
  global: SectionRead;
  pathDefaults: SectionRead & { source?: KeyPath };
  /** undefined when the input has no `paths` key at all. */
  paths?: Record<string, PathSectionRead>;
  pathsSource?: KeyPath;
}

export interface ReadOptions {
  /** Unknown keys are warnings in files (MediaMTX keeps working), errors in API edits. */
  unknownKeys: 'warning' | 'error';
}

/** A value bound for a section, with where it came from. */
export interface PendingValue {
  key: string;
  value: unknown;
  source: KeyPath;
}

const MAX_DEPTH = 64;

/** Copies JSON-like input, refusing cycles (YAML aliases can make them) and absurd nesting. */
export function sanitizeInput(value: unknown, depth = 0, seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new Error(`settings are nested more than ${MAX_DEPTH} levels deep`);
  if (seen.has(value)) throw new Error('the config refers to itself (a YAML alias inside its own anchor)');
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => sanitizeInput(v, depth + 1, seen));
  else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(obj, k, sanitizeInput(v, depth + 1, seen));
    out = obj;
  }
  seen.delete(value);
  return out;
}

/** Empty values inside a setting (`pass:` in a user) mean "default", as in MediaMTX. */
function dropNullProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullProperties);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) setOwn(out, k, dropNullProperties(v));
    return out;
  }
  return value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

function deleteAt(root: unknown, path: readonly PropertyKey[], key: string): void {
  const parent = valueAt(root, path);
  if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
}

/** Keys of the maps inside lists, for "did you mean" on their typos. */
const ITEM_KEYS = [
  'user', 'pass', 'ips', 'permissions', 'action', 'path',
  'url', 'username', 'password', 'clientOnly',
  'dest', 'destFingerprint', 'whipBearerToken',
  'codec', 'sampleRate', 'channelCount', 'muLaw',
];

function toSegments(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/**
 * Validates one setting's value. Unknown keys inside list items are warnings (and dropped);
 * anything else that does not fit is an error naming what is allowed.
 */
export function parseFieldValue(
  schema: z.ZodType,
  raw: unknown,
  source: KeyPath,
  sink: IssueCollector,
  opts: ReadOptions,
): { ok: true; value: unknown } | { ok: false } {
  const input = dropNullProperties(raw);
  for (let attempt = 0; attempt < 32; attempt++) {
    const result = schema.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length > 0) {
      for (const issue of unknown) {
        for (const key of (issue as { keys: string[] }).keys) {
          const hint = nearestKey(key, ITEM_KEYS);
          sink.add(opts.unknownKeys === 'error' ? 'error' : 'warning', 'unknown-key', [...source, ...toSegments(issue.path), key],
            `unknown key${opts.unknownKeys === 'error' ? '' : ', ignored'}${hint ? `; did you mean ${hint}?` : ''}`, { part: 'key' });
          deleteAt(input, issue.path, key);
        }
      }
      if (opts.unknownKeys === 'error') return { ok: false };
      continue;
    }
    for (const issue of result.error.issues) {
      const path = [...source, ...toSegments(issue.path)];
      const value = valueAt(input, issue.path);
      if (value === undefined && issue.path.length > 0) {
        sink.add('error', 'invalid-value', path, `is required (${issue.message})`, { part: 'key' });
      } else {
        sink.add('error', 'invalid-value', path, issue.message, { value: { v: value } });
      }
    }
    return { ok: false };
  }
  sink.add('error', 'invalid-value', source, 'has too many unknown keys');
  return { ok: false };
}

const DEFAULTS = { global: GlobalConfSchema.parse({}) as Record<string, unknown>, path: PathConfSchema.parse({}) as Record<string, unknown> };
const LOWER_KEYS = {
  global: new Map(GLOBAL_KEYS.map((k) => [k.toLowerCase(), k as string])),
  path: new Map(PATH_KEYS.map((k) => [k.toLowerCase(), k as string])),
};

export function fieldDefault(scope: ConfigScope, key: string): unknown {
  return DEFAULTS[scope][key];
}

function isCanonical(scope: ConfigScope, key: string): boolean {
  return scope === 'global' ? isGlobalKey(key) : isPathKey(key);
}

function reportUnknownKey(scope: ConfigScope, key: string, path: KeyPath, sink: IssueCollector, opts: ReadOptions): void {
  const severity = opts.unknownKeys === 'error' ? 'error' : 'warning';
  const head = opts.unknownKeys === 'error' ? 'unknown key' : 'unknown key, ignored';
  let reason: string;
  if (scope === 'global' && isPathKey(key)) {
    reason = `${head}; ${key} is a path setting: put it under pathDefaults (all paths) or under paths.NAME`;
  } else if (scope === 'path' && (isGlobalKey(key) || key === 'paths' || key === 'pathDefaults')) {
    reason = `${head}; ${key} is a global setting and belongs at the top level`;
  } else {
    const candidates = scope === 'global' ? [...GLOBAL_KEYS, 'pathDefaults', 'paths'] : PATH_KEYS;
    const hint = nearestKey(key, candidates);
    reason = hint ? `${head}; did you mean ${hint}?` : head;
  }
  sink.add(severity, 'unknown-key', path, reason, { part: 'key' });
}

export interface SectionResult extends SectionRead {
  /** Values for another section (top-level record* → pathDefaults). */
  moved: PendingValue[];
}

/**
 * Reads one section: the top level (scope global, without pathDefaults/paths), pathDefaults, a
 * path entry, or an API patch of one of those. `extra` are values moved in from another section.
 */
export function readSection(
  raw: unknown,
  scope: ConfigScope,
  base: KeyPath,
  sink: IssueCollector,
  opts: ReadOptions,
  extra: readonly PendingValue[] = [],
): SectionResult {
  const out: SectionResult = { values: {}, sources: {}, empty: [], moved: [] };
  let entries: [string, unknown][] = [];
  if (raw !== null && raw !== undefined) {
    if (!isPlainObject(raw)) {
      sink.add('error', 'invalid-value', base, 'must be a map of settings (key: value)', { value: { v: raw } });
      return out;
    }
    entries = Object.entries(raw);
  }

  const pending: PendingValue[] = [];
  const claimed = new Map<string, KeyPath>();
  const claim = (p: PendingValue): void => {
    const previous = claimed.get(p.key);
    if (previous) {
      sink.add('warning', 'deprecated', p.source, `ignored: ${p.key} is already set by ${previous.join('.')}`, { part: 'key' });
      return;
    }
    claimed.set(p.key, p.source);
    pending.push(p);
  };

  // Current names first, so they win over old spellings of the same setting.
  for (const [key, value] of entries) if (isCanonical(scope, key)) claim({ key, value, source: [...base, key] });

  for (const [key, value] of entries) {
    if (isCanonical(scope, key)) continue;
    const path = [...base, key];
    const alias: KeyAlias | undefined = findAlias(scope, key);
    if (alias) {
      const converted = value === null || !alias.convert ? value : alias.convert(value);
      if (alias.moveTo) {
        sink.add('warning', 'deprecated', path, `deprecated top-level key, read as pathDefaults.${alias.to}`, { part: 'key' });
        out.moved.push({ key: alias.to, value: converted, source: path });
        continue;
      }
      sink.add('warning', 'deprecated', path, `deprecated name, read as ${alias.to}`, { part: 'key' });
      claim({ key: alias.to, value: converted, source: path });
      if (value !== null && alias.implies) {
        for (const [k, v] of Object.entries(alias.implies)) if (!claimed.has(k)) claim({ key: k, value: v, source: path });
      }
      continue;
    }
    if (DROPPED_KEYS[scope].includes(key)) {
      sink.add('warning', 'deprecated', path, 'deprecated and no longer used; ignored', { part: 'key' });
      continue;
    }
    const miscased = LOWER_KEYS[scope].get(key.toLowerCase());
    if (miscased !== undefined) {
      sink.add('warning', 'unknown-key', path, `key names are case-sensitive; read as ${miscased}`, { part: 'key' });
      claim({ key: miscased, value, source: path });
      continue;
    }
    reportUnknownKey(scope, key, path, sink, opts);
  }

  for (const p of extra) claim(p);

  for (const p of pending) {
    setOwn(out.sources, p.key, p.source);
    // An empty value (`runOnInit:`) keeps the default, or inherits from pathDefaults.
    if (p.value === null || p.value === undefined) {
      out.empty.push(p.key);
      continue;
    }
    const schema = fieldSchema(scope, p.key);
    if (!schema) continue;
    const parsed = parseFieldValue(schema, p.value, p.source, sink, opts);
    if (!parsed.ok) continue;
    setOwn(out.values, p.key, parsed.value);
    const rule = unsupportedRule(scope, p.key);
    if (rule && unsupportedIsActive(rule, parsed.value, fieldDefault(scope, p.key))) {
      sink.add('warning', 'unsupported', p.source, `not supported by Relaybox yet: ${rule.feature}; kept as is, but Relaybox ignores it`, {
        value: { v: parsed.value },
      });
    }
  }
  return out;
}

/** Reads a whole config object: global settings, pathDefaults and paths. */
export function readConfigObject(obj: unknown, sink: IssueCollector, opts: ReadOptions): ConfigRead {
  const read: ConfigRead = { global: { values: {}, sources: {}, empty: [] }, pathDefaults: { values: {}, sources: {}, empty: [] } };
  let input: unknown;
  try {
    input = sanitizeInput(obj);
  } catch (e) {
    sink.add('error', 'invalid-value', [], (e as Error).message);
    return read;
  }
  if (input === null || input === undefined) return read;
  if (!isPlainObject(input)) {
    sink.add('error', 'invalid-value', [], 'the configuration must be a map of settings (key: value)', { value: { v: input } });
    return read;
  }

  const globalRaw: Record<string, unknown> = {};
  let pathDefaults: { value: unknown; source: KeyPath } | undefined;
  let paths: { value: unknown; source: KeyPath } | undefined;
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    const container = lower === 'pathdefaults' ? 'pathDefaults' : lower === 'paths' ? 'paths' : undefined;
    if (container && (key === container || !Object.hasOwn(input, container))) {
      if (key !== container) sink.add('warning', 'unknown-key', [key], `key names are case-sensitive; read as ${container}`, { part: 'key' });
      if (container === 'pathDefaults') pathDefaults = { value, source: [key] };
      else paths = { value, source: [key] };
      continue;
    }
    setOwn(globalRaw, key, value);
  }

  const global = readSection(globalRaw, 'global', [], sink, opts);
  read.global = { values: global.values, sources: global.sources, empty: global.empty };
  const pd = readSection(pathDefaults?.value, 'path', pathDefaults?.source ?? ['pathDefaults'], sink, opts, global.moved);
  read.pathDefaults = { values: pd.values, sources: pd.sources, empty: pd.empty, source: pathDefaults?.source };

  if (paths) {
    read.pathsSource = paths.source;
    read.paths = {};
    if (paths.value !== null && !isPlainObject(paths.value)) {
      sink.add('error', 'invalid-value', paths.source, 'must be a map of path names to their settings', { value: { v: paths.value } });
    } else if (isPlainObject(paths.value)) {
      const catchAll: string[] = [];
      for (const [name, conf] of Object.entries(paths.value)) {
        const source = [...paths.source, name];
        const reason = checkConfName(name);
        if (reason !== undefined) {
          sink.add('error', 'invalid-value', source, `invalid path name: ${reason}`, { part: 'key' });
          continue;
        }
        if (isAllOthersName(name) || name === '~^.*$') catchAll.push(name);
        const section = readSection(conf, 'path', source, sink, opts);
        setOwn(read.paths, name, { values: section.values, sources: section.sources, empty: section.empty, source });
      }
      if (catchAll.length > 1) {
        sink.add('error', 'invalid-value', [...paths.source, catchAll[1]], `${catchAll.join(', ')} all match every path; keep only one`, { part: 'key' });
      }
    }
  }
  return read;
}
