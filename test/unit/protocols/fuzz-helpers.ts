// Shared pieces for the property/fuzz tests of the protocol parsers: random bytes, mutations of
// real inputs, and the rule that a parser either returns or throws one of its own error types.
import fc from 'fast-check';

/** Random bytes up to `maxLength`. */
export function randomBytes(maxLength = 512): fc.Arbitrary<Buffer> {
  return fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));
}

type Edit = { at: number; op: 'flip' | 'set' | 'insert' | 'delete' | 'truncate'; value: number };

/** A real input with a few random edits (bit flips, byte changes, insertions, deletions, cuts). */
export function mutated(seeds: readonly Buffer[], maxEdits = 6): fc.Arbitrary<Buffer> {
  const edit = fc.record({
    at: fc.nat(),
    op: fc.constantFrom<Edit['op']>('flip', 'set', 'set', 'insert', 'delete', 'truncate'),
    value: fc.integer({ min: 0, max: 255 }),
  });
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: maxEdits })).map(([seed, edits]) => {
    let b = Buffer.from(seed);
    for (const e of edits) {
      if (b.length === 0) break;
      const at = e.at % b.length;
      if (e.op === 'flip') b[at] ^= 1 << (e.value & 7);
      else if (e.op === 'set') b[at] = e.value;
      else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([e.value]), b.subarray(at)]);
      else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      else b = b.subarray(0, at);
    }
    return b;
  });
}

/** Random or mutated input, half and half. */
export function fuzzInput(seeds: readonly Buffer[], maxLength = 512): fc.Arbitrary<Buffer> {
  return fc.oneof(randomBytes(maxLength), mutated(seeds));
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Runs `f`; any exception that is not one of `allowed` fails the property (and is reported). */
export function returnsOrThrowsTyped<T>(f: () => T, ...allowed: ErrorClass[]): T | undefined {
  try {
    return f();
  } catch (err) {
    if (allowed.some((c) => err instanceof c)) return undefined;
    throw err;
  }
}

/** Cuts `data` at the given sizes (cycled), as a socket would deliver it. */
export function slices(data: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0, i = 0; pos < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    out.push(data.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

/**
 * Multiplies fuzz iterations: RELAYBOX_FUZZ_SCALE=50 npm exec -- vitest run test/unit/protocols
 * for a deeper local search; the default keeps `npm test` quick.
 */
export function runs(n: number): { numRuns: number } {
  const scale = Number(process.env.RELAYBOX_FUZZ_SCALE ?? 1);
  return { numRuns: Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1))) };
}
