// Settings → YAML: the effective config as a MediaMTX-style file, and importing such a file as a
// list of API edits. Validation is the shared validator's (src/shared/config), so an imported
// file is judged exactly as `relaybox serve` would judge it.
// The engine's own writer (engine/config/yaml-render.ts) also keeps the user's comments when it
// saves; this view starts from scratch, so it quotes YAML 1.1 words ("no", "4.1") through the
// yaml package's 1.1 mode instead, which MediaMTX reads back the same way.
import { parseDocument, stringify } from 'yaml';
import {
  configFileObject, jsonEqual, redactText, validateConfigObject,
  type Config, type ConfigIssue, type GlobalConf, type PathConf,
} from '../../../../shared/config';
import { isSecretKeyPath } from '../../../../shared/config/issues';

/** Secret values never appear on screen (the export file keeps them: it is the user's own). */
export function redactSecrets(value: unknown): unknown {
  // Credentials inside URLs (a source rtsp://user:pass@cam/…) are masked too.
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const hidden = isSecretKeyPath([k]) && typeof v === 'string' && v !== '' ? '***' : redactSecrets(v);
    Object.defineProperty(out, k, { value: hidden, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const HEADER = '# Relaybox configuration (MediaMTX-compatible). Settings not listed here use their defaults.\n';

export function configYamlText(config: Config, opts: { redact?: boolean } = {}): string {
  const obj = configFileObject(config);
  return HEADER + stringify(opts.redact ? redactSecrets(obj) : obj, { version: '1.1', lineWidth: 0, flowCollectionPadding: false, nullStr: '' });
}

/** Anchors/aliases beyond this are refused, as the engine's loader does ("billion laughs"). */
const MAX_ALIAS_COUNT = 200;

/** YAML text → validated config; never throws. */
export function parseConfigYaml(text: string): { config?: Config; issues: ConfigIssue[] } {
  const syntax = (message: string): ConfigIssue => ({ severity: 'error', key: '', code: 'syntax', message: `YAML: ${message}` });
  try {
    const doc = parseDocument(text, { prettyErrors: false, merge: true, uniqueKeys: true, logLevel: 'error' });
    if (doc.errors.length) return { issues: doc.errors.map((e) => syntax(e.message)) };
    return validateConfigObject(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (e) {
    return { issues: [syntax((e as Error).message)] };
  }
}

export type ImportEdit =
  | { op: 'global'; patch: Partial<GlobalConf> }
  | { op: 'pathDefaults'; patch: Partial<PathConf> }
  | { op: 'delete'; name: string }
  | { op: 'replace' | 'add'; name: string; conf: Partial<PathConf> };

function changed<T extends object>(a: T, b: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) if (!jsonEqual(v, (a as Record<string, unknown>)[k])) out[k] = v;
  return out as Partial<T>;
}

/**
 * The API calls that turn `current` into `next`. Removed paths go first and new ones last, so a
 * file that moves credentials from paths to authInternalUsers does not pass through a mixed state.
 */
export function importEdits(current: Config, next: Config): ImportEdit[] {
  const edits: ImportEdit[] = [];
  for (const name of Object.keys(current.paths)) if (!Object.hasOwn(next.paths, name)) edits.push({ op: 'delete', name });
  const { paths: _a, pathDefaults: curDefaults, ...curGlobal } = current;
  const { paths: _b, pathDefaults: nextDefaults, ...nextGlobal } = next;
  const global = changed(curGlobal, nextGlobal);
  if (Object.keys(global).length) edits.push({ op: 'global', patch: global as Partial<GlobalConf> });
  const defaults = changed(curDefaults, nextDefaults);
  if (Object.keys(defaults).length) edits.push({ op: 'pathDefaults', patch: defaults });
  for (const [name, conf] of Object.entries(next.paths)) {
    if (!Object.hasOwn(current.paths, name)) edits.push({ op: 'add', name, conf: conf ?? {} });
    else if (!jsonEqual(current.paths[name], conf ?? {})) edits.push({ op: 'replace', name, conf: conf ?? {} });
  }
  return edits;
}
