// Every parser takes text from another program: whatever it prints, they must not throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeProcNetEndpoint,
  parseExcludedPortRanges,
  parseLsofFields,
  parseNetstatWindows,
  parseProcNet,
  parseSsSockets,
  parseTasklistCsv,
} from '../../../src/main/engine/system';

const parsers = { parseNetstatWindows, parseTasklistCsv, parseExcludedPortRanges, parseProcNet, parseLsofFields, parseSsSockets };

// Lines built from the tools' own alphabet find more edge cases than random Unicode alone.
const toolText = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom('TCP', 'UDP', '[::]:0', '*:*', '0.0.0.0:0', '"', '","', 'p', 'c', 'n', ':', '->', '0A', 'users:((', ',pid=', '\r'),
        fc.stringMatching(/^[0-9A-F]{8}:[0-9A-F]{4}$/),
      ),
      { maxLength: 30 },
    ),
    fc.constantFrom(' ', '  ', '\n', '\r\n'),
  )
  .map(([parts, separator]) => parts.join(separator));

describe('parsers never throw', () => {
  it.each(Object.entries(parsers))('%s', (_name, parse) => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), toolText), (text) => {
        expect(Array.isArray(parse(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeProcNetEndpoint', () => {
  it('decodes any IPv4 address and port written the way the kernel does on little-endian machines', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 65535 }), (bytes, port) => {
        const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
        const text = `${[...bytes].reverse().map((b) => hex(b, 2)).join('')}:${hex(port, 4)}`;
        expect(decodeProcNetEndpoint(text)).toEqual({ address: bytes.join('.'), port });
      }),
    );
  });
});
