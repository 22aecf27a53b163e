// Generates Relaybox's icons with no image library: PNGs written with zlib, and an ICO whose
// entries are PNG-compressed (supported by Windows Vista and later; the 256 px entry must be).
// Run: node resources/make-icons.mjs   (outputs are committed; rerun only to change the design)
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// The mark: a rounded teal square with a white "play" triangle and a relay arc, in unit coordinates.
function inRoundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), 1 - r), cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function inTriangle(x, y) {
  const ax = 0.36, ay = 0.28, bx = 0.36, by = 0.72, cx = 0.72, cy = 0.5;
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by), d2 = s(x, y, bx, by, cx, cy), d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}
function inArc(x, y) {
  const d = Math.hypot(x - 0.5, y - 0.5);
  return d > 0.36 && d < 0.41 && x > 0.62;
}
function render(size, { background = true } = {}) {
  const ss = 4; // supersampling for anti-aliased edges
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) {
      const x = (px + (sx + 0.5) / ss) / size, y = (py + (sy + 0.5) / ss) / size;
      const mark = inTriangle(x, y) || inArc(x, y);
      if (background && inRoundedSquare(x, y, 0.2)) {
        if (mark) { r += 255; g += 255; b += 255; } else { r += 0x0f; g += 0x76; b += 0x6e; }
        a += 255;
      } else if (!background && mark) { r += 255; g += 255; b += 255; a += 255; }
    }
    const n = ss * ss, i = (py * size + px) * 4;
    out[i] = a ? Math.round(r / (a / 255)) : 0; out[i + 1] = a ? Math.round(g / (a / 255)) : 0; out[i + 2] = a ? Math.round(b / (a / 255)) : 0; out[i + 3] = Math.round(a / n);
  }
  return out;
}
function ico(images) {
  const header = Buffer.alloc(6); header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, data }, k) => {
    const e = k * 16;
    dir[e] = size >= 256 ? 0 : size; dir[e + 1] = size >= 256 ? 0 : size; // 0 means 256
    dir.writeUInt16LE(1, e + 4); dir.writeUInt16LE(32, e + 6);
    dir.writeUInt32LE(data.length, e + 8); dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.data)]);
}

const pngs = ICO_SIZES.map((size) => ({ size, data: png(size, render(size)) }));
writeFileSync(join(here, 'icon.ico'), ico(pngs));
writeFileSync(join(here, 'icon.png'), png(512, render(512)));
writeFileSync(join(here, 'tray.png'), png(32, render(32)));
writeFileSync(join(here, 'tray@2x.png'), png(64, render(64)));
console.log('wrote icon.ico (' + ICO_SIZES.join(', ') + '), icon.png (512), tray.png (32), tray@2x.png (64)');
