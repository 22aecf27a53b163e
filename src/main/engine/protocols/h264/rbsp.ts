// NAL unit payload ↔ RBSP (H.264 §7.4.1, H.265 §7.4.2): inside a NAL unit, 0x000003 stands for
// 0x0000 followed by the next byte, so start codes never appear in the payload.

const EMULATION_PATTERN = Buffer.from([0, 0, 3]);

/** Removes emulation prevention bytes. Returns the input itself when there are none. */
export function nalToRbsp(nal: Buffer): Buffer {
  let i = nal.indexOf(EMULATION_PATTERN);
  if (i < 0) return nal;
  const out = Buffer.allocUnsafe(nal.length);
  let o = 0;
  let from = 0;
  while (i >= 0) {
    // Keep the two zeros, drop the 0x03.
    o += nal.copy(out, o, from, i + 2);
    from = i + 3;
    i = nal.indexOf(EMULATION_PATTERN, from);
  }
  o += nal.copy(out, o, from);
  return out.subarray(0, o);
}
