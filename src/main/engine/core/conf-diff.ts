// Which keys of a path configuration changed between two configs (reload by diffing, STYLE).
import { jsonEqual } from '../../../shared/config';

/** Keys whose values differ (an absent key and an undefined value count as the same). */
export function changedKeys(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !jsonEqual(a[k], b[k]));
}
