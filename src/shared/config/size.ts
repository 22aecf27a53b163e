// Sizes keep MediaMTX's string form ("50M"). MediaMTX parses them with cloudfoundry's bytefmt:
// a number (decimals allowed) directly followed by a unit, binary multiples, case-insensitive.

const MULTIPLE: Record<string, number> = {
  B: 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
  P: 1024 ** 5,
  E: 1024 ** 6,
};

export const SIZE_EXAMPLES = '"50M", "512K" or "1G"';

/** Bytes for a size such as "50M" (= 50 MiB), "512KB", "1GiB", "100B". Throws on invalid input. */
export function parseSize(s: string): number {
  if (typeof s !== 'string') throw new Error(`a size must be text such as ${SIZE_EXAMPLES}`);
  const m = /^(\d+(?:\.\d*)?|\.\d+)([KMGTPE](?:I?B)?|B)$/.exec(s.trim().toUpperCase());
  if (!m) throw new Error(`"${s}" is not a size; write a number and a unit (B, K, M, G, T), e.g. ${SIZE_EXAMPLES}`);
  return Math.floor(Number(m[1]) * MULTIPLE[m[2][0]]);
}

export function checkSize(s: string): string | undefined {
  try {
    parseSize(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
