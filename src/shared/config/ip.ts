// IP addresses and CIDR ranges as MediaMTX accepts them in `ips`, `publishIPs`, `readIPs` and
// `*TrustedProxies` (Go's net.ParseIP / net.ParseCIDR).

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 4291 §2.2 text forms, including "::" compression and a trailing dotted IPv4 part. */
export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  let groups = s;
  let tailGroups = 0;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(s.slice(lastColon + 1))) return false;
    groups = s.slice(0, lastColon + 1) + '0';
    tailGroups = 1; // the IPv4 part takes two groups; "0" stands in for one of them
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const count = (part: string): number | undefined => {
    if (part === '') return 0;
    const items = part.split(':');
    return items.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? items.length : undefined;
  };
  const head = count(halves[0]);
  if (head === undefined) return false;
  if (halves.length === 1) return head + tailGroups === 8;
  const tail = count(halves[1]);
  if (tail === undefined) return false;
  return head + tail + tailGroups <= 7;
}

export function isIpOrCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return isIPv4(s) || isIPv6(s);
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  if (isIPv6(ip)) return Number(bits) <= 128;
  return false;
}

export function checkIpOrCidr(s: string): string | undefined {
  return isIpOrCidr(s) ? undefined : `"${s}" is not an IP address or CIDR range such as 192.168.1.0/24 or ::1`;
}
