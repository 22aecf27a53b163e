// Saving a config into an existing YAML file by editing only what changed, in the text itself:
// changed values are replaced where they are, new keys are added next to their siblings, removed
// path settings are deleted line by line. Comments, blank lines, key order, quoting and indentation
// of everything else are kept byte for byte.

import { isMap, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import {
  defaultConfig,
  findAlias,
  GLOBAL_KEYS,
  jsonEqual,
  PATH_KEYS,
  type Config,
  type ConfigRead,
  type KeyPath,
  type SectionRead,
} from '../../../shared/config';
import { columnOf, lineEnd, lineStart, TextEdits } from './text-edits';
import { renderInline, renderPairText, renderPathsValue } from './yaml-render';
import { scalarKeyText } from './yaml-locator';

type AnyPair = Pair<unknown, unknown>;

/** A boolean written the way the file already writes it (`api: no` becomes `api: yes`, not `true`). */
function booleanInFileStyle(old: Node | null, value: unknown): string | undefined {
  if (typeof value !== 'boolean' || !isScalar(old) || typeof old.value !== 'string' || old.type !== 'PLAIN') return undefined;
  const word = old.value;
  const pair = /^(yes|no)$/i.test(word) ? (value ? 'yes' : 'no') : /^(on|off)$/i.test(word) ? (value ? 'on' : 'off') : undefined;
  if (pair === undefined) return undefined;
  return word === word.toUpperCase() ? pair.toUpperCase() : word[0] === word[0].toUpperCase() ? pair[0].toUpperCase() + pair.slice(1) : pair;
}

class ConfigTextEditor {
  readonly edits = new TextEdits();
  private readonly deleted = new Set<AnyPair>();

  constructor(
    readonly text: string,
    readonly root: YAMLMap,
    private readonly eol: string,
  ) {}

  private withEol(s: string): string {
    return this.eol === '\n' ? s : s.replace(/\n/g, this.eol);
  }

  /**
   * Where a node's content ends: trailing blank lines, and in a collection trailing comment-only
   * lines, belong to what follows. (In a block scalar a "#" line is content.)
   */
  contentEnd(node: Node): number {
    const startAt = node.range![0];
    let end = node.range![1];
    for (;;) {
      while (end > startAt && /\s/.test(this.text[end - 1])) end--;
      if (isScalar(node)) return end;
      const ls = lineStart(this.text, end);
      if (ls > startAt && /^\s*#/.test(this.text.slice(ls, end))) {
        end = ls;
        continue;
      }
      return end;
    }
  }

  private pairEnd(pair: AnyPair): number {
    const value = pair.value as Node | null;
    return value?.range ? Math.max(this.contentEnd(value), (pair.key as Node).range![1]) : (pair.key as Node).range![1];
  }

  findPair(map: YAMLMap, key: string): AnyPair | undefined {
    return (map.items as AnyPair[]).find((p) => scalarKeyText(p.key) === key);
  }

  /** The map holding `path`'s last segment, following maps from the root. */
  mapAt(path: KeyPath): YAMLMap | undefined {
    let node: unknown = this.root;
    for (const seg of path.slice(0, -1)) {
      if (!isMap(node)) return undefined;
      node = this.findPair(node, String(seg))?.value;
    }
    return isMap(node) ? node : undefined;
  }

  pairAt(path: KeyPath): AnyPair | undefined {
    const map = this.mapAt(path);
    return map ? this.findPair(map, String(path[path.length - 1])) : undefined;
  }

  /** Sets a pair's value (renaming its key to `key` if needed). */
  setPair(pair: AnyPair, key: string, value: unknown): void {
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const inline = booleanInFileStyle(valueNode, value) ?? renderInline(value);
    const simpleValue = valueNode === null || isScalar(valueNode) || (valueNode as { flow?: boolean }).flow === true;
    if (scalarKeyText(pair.key) === key && inline !== undefined && valueNode?.range && simpleValue) {
      // A block scalar's range runs past its last line break; stop at its last character.
      const s = valueNode.range[0];
      const e = Math.max(s, this.contentEnd(valueNode));
      if (s === e) {
        // `key:` with nothing after it: put the value after the colon.
        const before = this.text[s - 1] === ':' ? ' ' : '';
        const after = this.text[s] === '#' ? ' ' : '';
        this.edits.insert(s, before + inline + after);
      } else {
        this.edits.replace(s, e, inline);
      }
      return;
    }
    const start = keyNode.range![0];
    this.edits.replace(start, this.pairEnd(pair), this.withEol(renderPairText(key, value, columnOf(this.text, start))));
  }

  /**
   * Removes a pair and its line(s). Inside a map (a path's settings, a path entry) the comment
   * lines right above it describe it and go too; top-level comments are often section banners.
   */
  deletePair(pair: AnyPair): void {
    if (this.deleted.has(pair)) return;
    this.deleted.add(pair);
    const keyStart = (pair.key as Node).range![0];
    const ls = lineStart(this.text, keyStart);
    let start = /^\s*$/.test(this.text.slice(ls, keyStart)) ? ls : keyStart;
    const indent = this.text.slice(ls, keyStart);
    if (start === ls && indent !== '') {
      while (start > 0) {
        const prev = lineStart(this.text, start - 1);
        const line = this.text.slice(prev, start - 1).replace(/\r$/, '');
        if (!line.startsWith(`${indent}#`) || /^\s/.test(line.slice(indent.length))) break;
        start = prev;
      }
    }
    const end = lineEnd(this.text, this.pairEnd(pair));
    this.edits.replace(start, Math.min(end + 1, this.text.length), '');
  }

  /** Adds pairs at the end of a block map with at least one key. */
  appendPairs(map: YAMLMap, entries: [string, unknown][]): void {
    if (entries.length === 0) return;
    const items = map.items as AnyPair[];
    const indent = columnOf(this.text, (items[0].key as Node).range![0]);
    const last = items[items.length - 1];
    const lines = entries.map(([k, v]) => ' '.repeat(indent) + renderPairText(k, v, indent));
    const end = lineEnd(this.text, this.pairEnd(last));
    // Insert at the start of the next line, so deleting the last pair cannot swallow the insertion.
    if (end < this.text.length) this.edits.insert(end + 1, this.withEol(lines.join('\n') + '\n'));
    else this.edits.insert(this.text.length, this.withEol('\n' + lines.join('\n') + '\n'));
  }

  /** Adds top-level pairs just above the comment block that introduces `before` (or at the end). */
  insertTopLevel(entries: [string, unknown][], before: AnyPair | undefined): void {
    if (entries.length === 0) return;
    const block = entries.map(([k, v]) => renderPairText(k, v, 0)).join('\n') + '\n';
    if (!before) {
      const sep = this.text === '' || this.text.endsWith('\n') ? '' : '\n';
      this.edits.insert(this.text.length, this.withEol(sep + block));
      return;
    }
    let at = lineStart(this.text, (before.key as Node).range![0]);
    while (at > 0) {
      const prev = lineStart(this.text, at - 1);
      if (!/^\s*(#.*)?\r?$/.test(this.text.slice(prev, at - 1))) break;
      at = prev;
    }
    this.edits.insert(at, this.withEol(block));
  }

  isBlockMapWithItems(node: unknown): node is YAMLMap {
    return isMap(node) && !node.flow && node.items.length > 0 && (node.items as AnyPair[]).every((p) => (p.key as Node | null)?.range);
  }
}

function sameKeyPath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((s, i) => String(s) === String(b[i]));
}

interface SectionPlan {
  sets: { key: string; value: unknown; source: KeyPath }[];
  adds: [string, unknown][];
  deletes: KeyPath[];
}

/**
 * What to do in one section. `desired` holds every key the section should have; keys absent from
 * the file are added only when `addWhen` says so (e.g. not equal to the default).
 */
function planSection(
  section: SectionRead | undefined,
  keys: readonly string[],
  desired: Record<string, unknown>,
  addWhen: (key: string, value: unknown) => boolean,
  emptyMeans: (key: string) => unknown,
): SectionPlan {
  const plan: SectionPlan = { sets: [], adds: [], deletes: [] };
  for (const key of keys) {
    const source = section && Object.hasOwn(section.sources, key) ? section.sources[key] : undefined;
    const wanted = Object.hasOwn(desired, key);
    // `key:` with no value stands for the default (or, in a path, for "inherit"): keep it while that holds.
    const empty = section?.empty.includes(key) ?? false;
    if (source && !wanted) {
      if (!(empty && emptyMeans(key) === undefined)) plan.deletes.push(source);
    } else if (source && wanted) {
      const current = Object.hasOwn(section!.values, key) ? section!.values[key] : empty ? emptyMeans(key) : undefined;
      if (current === undefined || !jsonEqual(current, desired[key])) plan.sets.push({ key, value: desired[key], source });
    } else if (wanted && addWhen(key, desired[key])) plan.adds.push([key, desired[key]]);
  }
  return plan;
}

/**
 * Applies a section plan inside the map at `containerPath` (the pair `containerPair`). Settings
 * written elsewhere (an old top-level name for a path default) are moved into the container.
 * Returns the entries to add when the container itself is missing.
 */
function applySection(
  ed: ConfigTextEditor,
  plan: SectionPlan,
  containerPath: KeyPath,
  containerPair: AnyPair | undefined,
  containerKey: string,
  fullContent: () => Record<string, unknown>,
  addWhen: (key: string, value: unknown) => boolean,
): [string, unknown][] {
  const inside = (source: KeyPath) => source.length === containerPath.length + 1 && sameKeyPath(source.slice(0, -1), containerPath);
  const adds = [...plan.adds];
  for (const set of plan.sets) {
    if (!inside(set.source)) {
      const pair = ed.pairAt(set.source);
      if (pair) ed.deletePair(pair);
      if (addWhen(set.key, set.value)) adds.push([set.key, set.value]);
    }
  }
  if (!containerPair) return adds;
  if (!ed.isBlockMapWithItems(containerPair.value)) {
    // `pathDefaults:` empty, `{}` or a flow map: write the container anew if anything changed.
    const touched = adds.length > 0 || plan.deletes.length > 0 || plan.sets.some((s) => inside(s.source));
    if (touched) ed.setPair(containerPair, containerKey, fullContent());
    return [];
  }
  for (const set of plan.sets) {
    if (!inside(set.source)) continue;
    const pair = ed.pairAt(set.source);
    if (pair) ed.setPair(pair, set.key, set.value);
  }
  for (const source of plan.deletes) {
    const pair = ed.pairAt(source);
    if (pair) ed.deletePair(pair);
  }
  ed.appendPairs(containerPair.value, adds);
  return [];
}

/**
 * The new file text, or undefined when the file cannot be edited in place (not a block map at the
 * top, or edits that would overlap); the caller then writes the file anew.
 */
export function editConfigText(text: string, doc: Document, read: ConfigRead, config: Config): string | undefined {
  const root = doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const ed = new ConfigTextEditor(text, root, eol);
  const defaults = defaultConfig();
  const defaultsRecord = defaults as unknown as Record<string, unknown>;
  const configRecord = config as unknown as Record<string, unknown>;

  const pathDefaultsKey = read.pathDefaults.source ? String(read.pathDefaults.source[0]) : 'pathDefaults';
  const pathsKey = read.pathsSource ? String(read.pathsSource[0]) : 'paths';
  const pathDefaultsPair = ed.findPair(root, pathDefaultsKey);
  const pathsPair = ed.findPair(root, pathsKey);
  const sectionStart = [pathDefaultsPair, pathsPair]
    .filter((p): p is AnyPair => p !== undefined)
    .sort((a, b) => (a.key as Node).range![0] - (b.key as Node).range![0])[0];
  const topLevelAdds: [string, unknown][] = [];

  // ---- global settings
  const globalDesired: Record<string, unknown> = {};
  for (const key of GLOBAL_KEYS) globalDesired[key] = configRecord[key];
  const globalPlan = planSection(read.global, GLOBAL_KEYS, globalDesired, (k, v) => !jsonEqual(v, defaultsRecord[k]), (k) => defaultsRecord[k]);
  // An old key that stood for several settings (externalAuthenticationURL → authHTTPAddress +
  // authMethod): if any of them changed, drop it and write each setting under its own name.
  const sharers = new Map<string, string[]>();
  for (const [key, source] of Object.entries(read.global.sources)) {
    const id = source.join('\u0000');
    sharers.set(id, [...(sharers.get(id) ?? []), key]);
  }
  for (const set of globalPlan.sets) {
    const group = sharers.get(set.source.join('\u0000')) ?? [];
    const alias = findAlias('global', String(set.source[set.source.length - 1]));
    const pair = ed.pairAt(set.source);
    if (!pair) {
      topLevelAdds.push([set.key, set.value]);
    } else if (group.length > 1 || alias?.implies) {
      ed.deletePair(pair);
      for (const key of group.length > 0 ? group : [set.key]) {
        if (!topLevelAdds.some(([k]) => k === key)) topLevelAdds.push([key, configRecord[key]]);
      }
    } else {
      ed.setPair(pair, set.key, set.value);
    }
  }
  topLevelAdds.push(...globalPlan.adds);

  // ---- pathDefaults
  const pdDesired: Record<string, unknown> = { ...config.pathDefaults };
  const pdDefaults = defaults.pathDefaults as Record<string, unknown>;
  const pdAddWhen = (k: string, v: unknown) => !jsonEqual(v, pdDefaults[k]);
  const pdPlan = planSection(read.pathDefaults, PATH_KEYS, pdDesired, pdAddWhen, (k) => pdDefaults[k]);
  const pdFull = () => {
    const out: Record<string, unknown> = {};
    for (const key of PATH_KEYS) {
      const present = Object.hasOwn(read.pathDefaults.sources, key);
      if (present || !jsonEqual(pdDesired[key], pdDefaults[key])) out[key] = pdDesired[key];
    }
    return out;
  };
  const pdMissing = applySection(ed, pdPlan, [pathDefaultsKey], pathDefaultsPair, pathDefaultsKey, pdFull, pdAddWhen);
  if (pdMissing.length > 0) topLevelAdds.push(['pathDefaults', Object.fromEntries(pdMissing)]);

  // ---- paths
  if (!pathsPair) {
    ed.insertTopLevel(topLevelAdds, sectionStart);
    // No `paths` key means the default paths; write them only when they differ.
    if (!jsonEqual(config.paths, defaults.paths)) ed.insertTopLevel([['paths', renderPathsValue(config.paths)]], undefined);
  } else {
    ed.insertTopLevel(topLevelAdds, sectionStart);
    const pathsNode = pathsPair.value;
    if (!ed.isBlockMapWithItems(pathsNode)) {
      if (!jsonEqual(read.paths ? Object.fromEntries(Object.entries(read.paths).map(([n, s]) => [n, s.values])) : undefined, config.paths)) {
        ed.setPair(pathsPair, pathsKey, renderPathsValue(config.paths));
      }
    } else {
      const oldPaths = read.paths ?? {};
      const newPathEntries: [string, unknown][] = [];
      for (const name of Object.keys(oldPaths)) {
        if (!Object.hasOwn(config.paths, name)) {
          const pair = ed.findPair(pathsNode, name);
          if (pair) ed.deletePair(pair);
        }
      }
      for (const [name, conf] of Object.entries(config.paths)) {
        const old = Object.hasOwn(oldPaths, name) ? oldPaths[name] : undefined;
        const pair = old ? ed.findPair(pathsNode, name) : undefined;
        if (!old || !pair) {
          newPathEntries.push([name, conf]);
          continue;
        }
        const plan = planSection(old, PATH_KEYS, conf as Record<string, unknown>, () => true, () => undefined);
        if (plan.sets.length + plan.adds.length + plan.deletes.length === 0) continue;
        applySection(ed, plan, [pathsKey, name], pair, name, () => conf as Record<string, unknown>, () => true);
      }
      ed.appendPairs(pathsNode, newPathEntries);
    }
  }
  return ed.edits.apply(text);
}
