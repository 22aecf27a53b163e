// ISO/IEC 14496-15 Annex E.3 codec strings for H.265, e.g. "hvc1.1.6.L93.B0":
// profile space letter + profile_idc, the compatibility flags in reverse bit order (hex), tier
// letter + level_idc, then the constraint bytes with trailing zero bytes dropped.
import type { H265ProfileTierLevel } from './sps';

function reverseBits32(v: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) {
    r = r * 2 + (v & 1);
    v >>>= 1;
  }
  return r;
}

export function h265CodecString(ptl: H265ProfileTierLevel, sampleEntry: 'hvc1' | 'hev1' = 'hvc1'): string {
  const space = ['', 'A', 'B', 'C'][ptl.profileSpace] ?? '';
  const parts = [
    sampleEntry,
    `${space}${ptl.profileIdc}`,
    reverseBits32(ptl.compatibilityFlags >>> 0).toString(16),
    `${ptl.tierFlag ? 'H' : 'L'}${ptl.levelIdc}`,
  ];
  const c = ptl.constraintIndicatorFlags;
  let last = c.length;
  while (last > 0 && c[last - 1] === 0) last--;
  for (let i = 0; i < last; i++) parts.push(c[i].toString(16).toUpperCase());
  return parts.join('.');
}
