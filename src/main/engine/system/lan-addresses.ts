// Addresses other machines can reach us on, for the URLs shown to users ("rtmp://192.168.1.20:1935").
import os from 'node:os';

export interface LanAddress {
  /** Interface name: "eth0", "Wi-Fi", "en0". */
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
}

/**
 * Non-internal addresses, IPv4 first. IPv6 link-local addresses (fe80::/10) are left out: a
 * URL needs their zone id ("%eth0"), which browsers and most players do not accept.
 */
export function lanAddresses(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): LanAddress[] {
  const found: LanAddress[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      // Node 18.0–18.3 reported family as the number 4 or 6.
      const family = (info.family as string | number) === 4 || info.family === 'IPv4' ? 'IPv4' : 'IPv6';
      if (family === 'IPv6' && /^fe[89ab]/i.test(info.address)) continue;
      found.push({ name, address: info.address, family });
    }
  }
  return [...found.filter((a) => a.family === 'IPv4'), ...found.filter((a) => a.family === 'IPv6')];
}

/** "192.168.1.20" → "192.168.1.20", "fd00::5" → "[fd00::5]", for putting into a URL (RFC 3986 §3.2.2). */
export function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
