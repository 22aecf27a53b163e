// A small QR reader for the tests of the QR code component: versions 1–5 at level M, no error
// correction (the matrix comes straight from the encoder, so it has no damaged modules). It reads
// the modules the way ISO/IEC 18004 lays them out, independently of the encoder's own code, so a
// matrix that is not a valid QR code of the text fails here.

export interface ModuleGrid {
  size: number;
  dark(x: number, y: number): boolean;
}

/** ISO/IEC 18004 Table 9, level M: [blocks, data codewords per block]. */
const LEVEL_M_BLOCKS: Record<number, [number, number]> = { 1: [1, 16], 2: [1, 28], 3: [1, 44], 4: [2, 32], 5: [2, 43] };

/** §7.8.2 Table 10: data mask conditions, i = row, j = column. */
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

/** Finder patterns with separators and format areas, timing lines, the alignment pattern (v2–v5). */
function isFunction(x: number, y: number, size: number): boolean {
  if ((x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8)) return true;
  if (x === 6 || y === 6) return true;
  const c = size - 7;
  return size > 21 && Math.abs(x - c) <= 2 && Math.abs(y - c) <= 2;
}

/** §7.7.3: two-module columns from the right, upwards then downwards, skipping the timing column. */
function readCodewords(grid: ModuleGrid, mask: (i: number, j: number) => boolean): number[] {
  const bits: number[] = [];
  let up = true;
  for (let right = grid.size - 1; right > 0; right -= 2) {
    if (right === 6) right = 5;
    for (let k = 0; k < grid.size; k++) {
      const y = up ? grid.size - 1 - k : k;
      for (const x of [right, right - 1]) {
        if (isFunction(x, y, grid.size)) continue;
        bits.push(Number(grid.dark(x, y) !== mask(y, x)));
      }
    }
    up = !up;
  }
  const out: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  return out;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** Parses numeric/alphanumeric/byte segments (§7.4); undefined when the bits are not a well-formed message. */
function parseData(data: number[]): string | undefined {
  let pos = 0;
  const total = data.length * 8;
  const take = (n: number) => {
    let v = 0;
    for (let k = 0; k < n; k++, pos++) v = (v << 1) | ((data[pos >> 3] >> (7 - (pos & 7))) & 1);
    return v;
  };
  let text = '';
  for (;;) {
    if (total - pos < 4) break;
    const mode = take(4);
    if (mode === 0) break;
    if (mode === 4) {
      const n = take(8);
      if (pos + n * 8 > total) return undefined;
      text += new TextDecoder().decode(Uint8Array.from({ length: n }, () => take(8)));
    } else if (mode === 2) {
      let n = take(9);
      for (; n >= 2; n -= 2) { const v = take(11); text += ALNUM[Math.floor(v / 45)] + ALNUM[v % 45]; }
      if (n) text += ALNUM[take(6)];
    } else if (mode === 1) {
      let n = take(10);
      for (; n >= 3; n -= 3) text += String(take(10)).padStart(3, '0');
      if (n === 2) text += String(take(7)).padStart(2, '0');
      if (n === 1) text += String(take(4));
    } else return undefined;
    if (pos > total) return undefined;
  }
  // §7.4.10: after the terminator, pad to a byte, then 0xEC 0x11 alternately.
  const padFrom = Math.ceil(pos / 8);
  for (let k = padFrom; k < data.length; k++) if (data[k] !== ((k - padFrom) % 2 === 0 ? 0xec : 0x11)) return undefined;
  return text;
}

/** The text of a version 1–5, level M QR code, trying each mask; throws when none reads cleanly. */
export function readQr(grid: ModuleGrid): string {
  const version = (grid.size - 17) / 4;
  const blocks = LEVEL_M_BLOCKS[version];
  if (!blocks) throw new Error(`version ${version} not supported by this reader`);
  const [count, perBlock] = blocks;
  const found = new Set<string>();
  for (const mask of MASKS) {
    const words = readCodewords(grid, mask);
    // §7.6: data codewords are interleaved across the blocks (all of one length for v1–5 at M).
    const data: number[] = [];
    for (let b = 0; b < count; b++) for (let k = 0; k < perBlock; k++) data.push(words[k * count + b]);
    const text = parseData(data);
    if (text !== undefined) found.add(text);
  }
  if (found.size !== 1) throw new Error(`expected one reading, got ${JSON.stringify([...found])}`);
  return [...found][0];
}
