// YAML text → validated Config, with line/column on every issue. The text is read as YAML 1.2
// (the yaml package default); MediaMTX's YAML 1.1 habits (yes/no/on/off booleans) are accepted
// by the schema's value coercion, so `rtspEncryption: no` stays the string "no" it means.

import { Document, LineCounter, parseDocument } from 'yaml';
import { inspectConfigObject, type Config, type ConfigIssue, type ConfigRead } from '../../../shared/config';
import { buildLocator } from './yaml-locator';

export interface ParsedConfigText {
  config?: Config;
  issues: ConfigIssue[];
  doc: Document;
}

/** Anchors/aliases beyond this are refused (a "billion laughs" file would otherwise explode). */
const MAX_ALIAS_COUNT = 200;

function syntaxIssue(severity: 'error' | 'warning', message: string, pos: { line: number; col: number } | undefined): ConfigIssue {
  // yaml's messages repeat the position and a source excerpt after " at line"; keep the first sentence.
  const text = message.split(/ at line \d+, column \d+/)[0].trim();
  const where = pos ? ` (line ${pos.line}, col ${pos.col})` : '';
  return { severity, key: '', code: 'syntax', ...(pos ? { line: pos.line, col: pos.col } : {}), message: `YAML${where}: ${text}` };
}

/** Parses and validates; also returns what was read, for editing the file in place. */
export function parseConfigTextDetailed(text: string, sourceName?: string): ParsedConfigText & { read?: ConfigRead } {
  try {
    return parseUnguarded(text, sourceName);
  } catch (e) {
    // The YAML parser or a pathological input (deep nesting) threw: still an issue, not a crash.
    const issue = syntaxIssue('error', `cannot read this file: ${(e as Error).message}`, undefined);
    return { issues: [sourceName === undefined ? issue : { ...issue, file: sourceName }], doc: new Document() };
  }
}

function parseUnguarded(text: string, sourceName?: string): ParsedConfigText & { read?: ConfigRead } {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print process warnings (e.g. for map keys that are lists).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true, logLevel: 'error' });
  const issues: ConfigIssue[] = [];
  const pos = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset));
  for (const e of doc.errors) issues.push(syntaxIssue('error', e.message, pos(e.pos?.[0])));
  for (const w of doc.warnings) issues.push(syntaxIssue('warning', w.message, pos(w.pos?.[0])));
  const withFile = (list: ConfigIssue[]) => (sourceName === undefined ? list : list.map((i) => ({ ...i, file: sourceName })));
  if (doc.errors.length > 0) return { issues: withFile(issues), doc };

  let obj: unknown;
  try {
    obj = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    issues.push(syntaxIssue('error', (e as Error).message, undefined));
    return { issues: withFile(issues), doc };
  }
  const result = inspectConfigObject(obj, { locate: buildLocator(doc, lineCounter) });
  // File order reads best in a terminal; issues without a position keep their place at the end.
  const sorted = [...issues, ...result.issues]
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) || (a.issue.col ?? 0) - (b.issue.col ?? 0) || a.i - b.i)
    .map(({ issue }) => issue);
  return { config: result.config, issues: withFile(sorted), doc, read: result.read };
}

/** YAML text → config. Never throws: every problem, including broken YAML, is an issue. */
export function parseConfigText(text: string, sourceName?: string): ParsedConfigText {
  const { config, issues, doc } = parseConfigTextDetailed(text, sourceName);
  return config ? { config, issues, doc } : { issues, doc };
}
