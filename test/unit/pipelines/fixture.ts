// Captured FFmpeg outputs in test/fixtures/devices (see its README for where each came from).
import { readFileSync } from 'node:fs';

export function deviceFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/devices/${name}`, import.meta.url), 'utf8');
}
