// A text editor for a structured value (number, list, permissions…). It keeps what the user typed
// ("udp, ") while passing the parsed value up, so a half-typed value is not rewritten under the
// cursor; a change from outside (loaded, discarded, saved) replaces the text.
import { useEffect, useRef, useState } from 'react';
import { jsonEqual, type FieldKind } from '../../../../shared/config';
import { textToValue, valueToText } from './field-text';

interface ParsedInputProps {
  value: unknown;
  onChange: (v: unknown) => void;
  format: (v: unknown) => string;
  parse: (text: string) => unknown;
  name: string;
  id?: string;
  multiline?: boolean;
}

export function ParsedInput({ value, onChange, format, parse, name, id, multiline }: ParsedInputProps) {
  const [text, setText] = useState(() => format(value));
  const last = useRef(value);
  useEffect(() => {
    if (!jsonEqual(value, last.current)) { last.current = value; setText(format(value)); }
  }, [value, format]);
  const change = (next: string) => {
    setText(next);
    const v = parse(next);
    last.current = v;
    onChange(v);
  };
  return multiline
    ? <textarea id={id} name={name} value={text} rows={Math.min(12, text.split('\n').length + 1)} spellCheck={false} onChange={(e) => change(e.target.value)} />
    : <input id={id} name={name} value={text} spellCheck={false} onChange={(e) => change(e.target.value)} />;
}

export function TextFieldInput({ kind, ...rest }: Omit<ParsedInputProps, 'format' | 'parse'> & { kind: FieldKind }) {
  return <ParsedInput {...rest} format={(v) => valueToText(kind, v)} parse={(t) => textToValue(kind, t)} />;
}
