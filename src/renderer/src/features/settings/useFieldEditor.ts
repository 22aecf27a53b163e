// Binds one target's draft values, validator messages and setter for the field components.
import type { FieldInfo } from '../../../../shared/config';
import { fieldId, originalValues, targetId, type EditTarget } from './settings-model';
import { useSettings } from './settings-store';

export interface BoundField {
  id: string;
  value: unknown;
  error?: string;
  warning?: string;
  onChange: (v: unknown) => void;
}

export function useFieldEditor(target: EditTarget): (info: FieldInfo) => BoundField {
  const data = useSettings((s) => s.data);
  const draft = useSettings((s) => s.drafts[targetId(target)]);
  const errors = useSettings((s) => s.errors);
  const warnings = useSettings((s) => s.warnings);
  const setValue = useSettings((s) => s.setValue);
  const values = draft ?? (data ? originalValues(data, target) : {});
  return (info) => {
    const id = fieldId(target, info.key);
    return { id, value: values[info.key], error: errors[id], warning: warnings[id], onChange: (v) => setValue(target, info.key, v) };
  };
}
