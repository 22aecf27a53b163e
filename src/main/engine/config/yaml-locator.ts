// Line/column of every key and value in a parsed YAML document, so config issues can say
// "(line 12, col 14)". Paths use the keys as written in the file.

import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath, Locator } from '../../../shared/config';

interface Entry {
  key?: number;
  value?: number;
}

const SEP = '\u0000';

export function scalarKeyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

function start(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

export function buildLocator(doc: Document, lineCounter: LineCounter): Locator {
  const index = new Map<string, Entry>();
  const walk = (node: unknown, path: string[], depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = scalarKeyText(pair.key);
        if (key === undefined) continue;
        const p = [...path, key];
        const id = p.join(SEP);
        // Keep the first occurrence: duplicate keys are already a YAML error.
        if (!index.has(id)) index.set(id, { key: start(pair.key), value: start(pair.value) });
        walk(pair.value, p, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, String(i)];
        index.set(p.join(SEP), { value: start(item) });
        walk(item, p, depth + 1);
      });
    }
  };
  walk(doc.contents, [], 0);

  return (path: KeyPath, part: 'key' | 'value') => {
    // Fall back to the nearest ancestor that has a position (merged keys, values inside aliases).
    for (let n = path.length; n >= 1; n--) {
      const entry = index.get(path.slice(0, n).map(String).join(SEP));
      if (!entry) continue;
      const exact = n === path.length;
      const offset = exact && part === 'value' ? (entry.value ?? entry.key) : (entry.key ?? entry.value);
      if (offset !== undefined) return lineCounter.linePos(offset);
    }
    return undefined;
  };
}
