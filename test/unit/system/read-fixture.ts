// Captured OS tool outputs live in test/fixtures/ports, byte for byte as the tools print them.
import { readFileSync } from 'node:fs';

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/ports/${name}`, import.meta.url));
}

/** Windows tools print in the console's OEM code page; production code reads them as latin1. */
export function fixtureLatin1(name: string): string {
  return fixtureBytes(name).toString('latin1');
}

export function fixtureUtf8(name: string): string {
  return fixtureBytes(name).toString('utf8');
}
