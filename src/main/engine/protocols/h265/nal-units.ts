// H.265 NAL unit types (ITU-T H.265 Table 7-1). The header is two bytes; the type is bits 1–6.

export const H265NalType = {
  TrailN: 0,
  TrailR: 1,
  BlaWLp: 16,
  BlaWRadl: 17,
  BlaNLp: 18,
  IdrWRadl: 19,
  IdrNLp: 20,
  CraNut: 21,
  Vps: 32,
  Sps: 33,
  Pps: 34,
  Aud: 35,
  Eos: 36,
  Eob: 37,
  Fd: 38,
  SeiPrefix: 39,
  SeiSuffix: 40,
} as const;

export function h265NalType(nal: Buffer): number {
  return (nal[0] >> 1) & 0x3f;
}

/** §3.73: an IRAP picture (BLA, IDR, CRA; 22–23 reserved IRAP) starts a decodable sequence. */
export function h265HasIrap(nalus: readonly Buffer[]): boolean {
  for (const n of nalus) {
    if (n.length === 0) continue;
    const t = (n[0] >> 1) & 0x3f;
    if (t >= H265NalType.BlaWLp && t <= 23) return true;
  }
  return false;
}
