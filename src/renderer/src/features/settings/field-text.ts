// Editor text ⇄ config value, by the schema's field kind. The text is turned into the shape the
// schema expects when it can be; anything else is passed through as typed, so the shared validator
// (not this file) decides what is wrong and says so in its own words.
import type { FieldKind } from '../../../../shared/config';

/** Kinds edited as one line of text (others have their own controls). */
export function isTextKind(kind: FieldKind): boolean {
  return kind !== 'boolean' && kind !== 'enum' && kind !== 'objects';
}

export function valueToText(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list' && Array.isArray(value)) return value.map(String).join(', ');
  if (kind === 'objects') return JSON.stringify(value, null, 2);
  return String(value);
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

export function textToValue(kind: FieldKind, text: string): unknown {
  switch (kind) {
    case 'integer':
    case 'number':
      return NUMBER.test(text) ? Number(text) : text;
    case 'text-or-number':
      return text.trim() !== '' && NUMBER.test(text) ? Number(text) : text;
    case 'list': {
      // "a, b" and "a b" both mean two items; an empty box is an empty list.
      return text.split(/[,\s]+/).filter((s) => s !== '');
    }
    case 'objects':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}
