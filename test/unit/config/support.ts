// Shared bits of the config tests: fixture files and issue filters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigIssue } from '../../../src/shared/config';

/** test/fixtures/config: MediaMTX's reference files (copied from ../shared/fixtures) and small cases. */
export const CONFIG_FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));

export function readConfigFixture(name: string): string {
  return readFileSync(join(CONFIG_FIXTURES, name), 'utf8');
}

export const errorsOf = (issues: ConfigIssue[]) => issues.filter((i) => i.severity === 'error');
export const warningsOf = (issues: ConfigIssue[]) => issues.filter((i) => i.severity === 'warning');
export const messages = (issues: ConfigIssue[]) => issues.map((i) => i.message);
