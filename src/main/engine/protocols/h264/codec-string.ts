// RFC 6381 §3.3 codec strings for H.264: "avc1." + profile_idc, constraint flags and level_idc
// as six hex digits, taken from the SPS bytes that follow the NAL header.

export function h264CodecString(sps: Buffer): string {
  if (sps.length < 4) return 'avc1';
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}
