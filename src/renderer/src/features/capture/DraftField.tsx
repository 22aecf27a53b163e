// One labelled field of the pipeline editor with its message underneath; `data-field` names the
// draft field so tests and styles find it.
import type { ReactNode } from 'react';
import type { DraftField as FieldName } from './pipeline-draft';

interface Props {
  name: FieldName;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}

export function DraftField({ name, label, error, hint, children }: Props) {
  return (
    <div className={`setting${error ? ' invalid' : ''}`} data-field={name}>
      <label className="setting-key" htmlFor={`pipeline-${name}`}>{label}</label>
      <div className="setting-control">
        {children}
        {error && <div className="field-error" role="alert">{error}</div>}
        {hint && <div className="setting-help muted">{hint}</div>}
      </div>
    </div>
  );
}

/** Props every control of the editor takes: its draft field and the draft setter. */
export interface ControlProps<T> {
  name: FieldName;
  value: T;
  onChange: (value: T) => void;
}

export function TextInput({ name, value, onChange, placeholder }: ControlProps<string> & { placeholder?: string }) {
  return <input id={`pipeline-${name}`} name={name} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />;
}

export function NumberInput({ name, value, onChange, placeholder }: ControlProps<string> & { placeholder?: string }) {
  return <input id={`pipeline-${name}`} name={name} inputMode="numeric" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />;
}

export function Switch({ name, value, onChange, label }: ControlProps<boolean> & { label: string }) {
  return (
    <label className="switch">
      <input type="checkbox" id={`pipeline-${name}`} name={name} checked={value} onChange={(e) => onChange(e.target.checked)} />{label}
    </label>
  );
}
