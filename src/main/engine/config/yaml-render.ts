// Writing config values as YAML that both Relaybox and MediaMTX read back unchanged.
// MediaMTX parses YAML 1.1, where a plain `no`, `on`, `4.1` or `1:30` is not a string, so such
// strings are double-quoted; lists of scalars are written in flow style ([udp, tcp]) as in
// MediaMTX's reference file; an empty path entry is written as `name:` like MediaMTX does.

import { Document, isMap, isScalar, isSeq, visit, type Node, type ToStringOptions } from 'yaml';

// YAML 1.1 (yaml.org/type/*.html) resolution of plain scalars, plus go-yaml v2's float pattern.
const YAML11_PLAIN_NON_STRINGS = [
  /^(?:y|n|yes|no|true|false|on|off|~|null)$/i,
  /^[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, // int, incl. sexagesimal 1:30
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$/, // float
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, // sexagesimal float
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/, // go-yaml: 1e3
  /^[-+]?\.(?:inf|nan)$/i,
  /^\d{4}-\d\d?-\d\d?/, // timestamp
];

/** True when YAML 1.1 would read this plain text as a boolean, null, number or date. */
export function needsQuotesForYaml11(s: string): boolean {
  return YAML11_PLAIN_NON_STRINGS.some((re) => re.test(s));
}

export const TO_STRING_OPTIONS: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false, nullStr: '', indentSeq: true };

/** A YAML node for a config value, styled as described above. */
export function toYamlNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  visit(node, {
    Seq(_, seq) {
      if (seq.items.length > 0 && seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && needsQuotesForYaml11(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return node;
}

/** A whole YAML document for a plain object, with an optional header comment and blank lines before sections. */
export function renderYaml(obj: Record<string, unknown>, opts: { header?: string; sectionSpacing?: boolean } = {}): string {
  const doc = new Document();
  const root = toYamlNode(doc, obj);
  doc.contents = root;
  if (opts.header) doc.commentBefore = opts.header;
  if (opts.sectionSpacing !== false && isMap(root)) {
    for (const pair of root.items) {
      if (isScalar(pair.key) && (pair.key.value === 'pathDefaults' || pair.key.value === 'paths')) pair.key.spaceBefore = true;
    }
  }
  return doc.toString(TO_STRING_OPTIONS);
}

/**
 * "key: value" text (possibly several lines) for one setting; lines after the first are indented
 * by `indent` so the block can replace or join a map whose keys sit at that column.
 */
export function renderPairText(key: string, value: unknown, indent: number): string {
  const obj: Record<string, unknown> = {};
  Object.defineProperty(obj, key, { value: emptyAsNull(value), enumerable: true, configurable: true, writable: true });
  const text = renderYaml(obj, { sectionSpacing: false }).replace(/\n+$/, '');
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

/** Text for a value that fits after "key: " on one line, or undefined when it needs a block. */
export function renderInline(value: unknown): string | undefined {
  const doc = new Document();
  const node = toYamlNode(doc, value);
  // A one-key map or one-item list of maps prints on one line in block style, but cannot follow "key: ".
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) return undefined;
  doc.contents = node;
  const text = doc.toString(TO_STRING_OPTIONS).replace(/\n+$/, '');
  return text.includes('\n') ? undefined : text;
}

/** An empty path entry is written `name:` (null), as MediaMTX's own file does. */
function emptyAsNull(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 ? null : value;
}

export function renderPathsValue(paths: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, conf] of Object.entries(paths)) {
    Object.defineProperty(out, name, { value: emptyAsNull(conf), enumerable: true, configurable: true, writable: true });
  }
  return out;
}
