// 64-bit NTP timestamps (RFC 5905 §6; RFC 3550 §4): seconds since 1900-01-01 and a 32-bit
// binary fraction. Sender reports pair one with an RTP timestamp so receivers can line up tracks.

export interface NtpTime {
  /** Seconds since 1900-01-01 UTC, 0–2^32−1 (era 0 until 2036, then wrapping). */
  seconds: number;
  /** Fraction of a second in units of 2^−32 s. */
  fraction: number;
}

/** Seconds from 1900-01-01 to the Unix epoch. */
export const NTP_UNIX_OFFSET = 2_208_988_800;

/** NTP time for a Unix time in milliseconds (Date.now()). */
export function ntpFromDate(ms: number): NtpTime {
  const totalSeconds = Math.floor(ms / 1000);
  const remainderMs = ms - totalSeconds * 1000;
  let fraction = Math.round((remainderMs / 1000) * 2 ** 32);
  let seconds = totalSeconds + NTP_UNIX_OFFSET;
  if (fraction >= 2 ** 32) {
    fraction -= 2 ** 32;
    seconds++;
  }
  return { seconds: seconds >>> 0, fraction: fraction >>> 0 };
}

/** Unix time in milliseconds (fractional) for an NTP time in era 0 (before 2036). */
export function ntpToDate(ntp: NtpTime): number {
  return (ntp.seconds - NTP_UNIX_OFFSET) * 1000 + (ntp.fraction / 2 ** 32) * 1000;
}

/** The middle 32 bits of an NTP time (RFC 3550 §6.4.1 LSR): 16.16 fixed-point seconds. */
export function ntpMiddle32(ntp: NtpTime): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}
