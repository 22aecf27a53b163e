// Collects issues while reading a config, resolving positions through the optional Locator.

import { makeIssue, type ConfigIssue, type ConfigIssueCode, type KeyPath, type Locator } from './issues';

export class IssueCollector {
  readonly issues: ConfigIssue[] = [];

  constructor(private readonly locate?: Locator) {}

  add(
    severity: 'error' | 'warning',
    code: ConfigIssueCode,
    path: KeyPath,
    reason: string,
    opts: { value?: { v: unknown }; part?: 'key' | 'value' } = {},
  ): void {
    const pos = this.locate?.(path, opts.part ?? 'value');
    this.issues.push(makeIssue({ severity, code, path, reason, pos, value: opts.value }));
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }
}
