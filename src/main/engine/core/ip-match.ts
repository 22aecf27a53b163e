// Client address against `ips:` lists (CIDRs or single addresses, IPv4 and IPv6).
// node:net BlockList treats IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 address both ways,
// which is what a dual-stack listener reports for IPv4 clients.
import { BlockList, isIP } from 'node:net';

interface CompiledIps {
  list: BlockList;
  /** Entries that are neither an address nor a CIDR; they match nothing. */
  invalid: string[];
}

// Lists come from the config object and live as long as it: compile each one once.
const compiled = new WeakMap<readonly string[], CompiledIps>();

function compile(entries: readonly string[]): CompiledIps {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const slash = entry.indexOf('/');
    const addr = slash === -1 ? entry : entry.slice(0, slash);
    const family = isIP(addr);
    if (family === 0) {
      invalid.push(raw);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (slash === -1) {
      list.addAddress(addr, type);
      continue;
    }
    const prefixText = entry.slice(slash + 1);
    const prefix = Number(prefixText);
    if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
      invalid.push(raw);
      continue;
    }
    list.addSubnet(addr, prefix, type);
  }
  return { list, invalid };
}

function compiledFor(entries: readonly string[]): CompiledIps {
  let c = compiled.get(entries);
  if (!c) {
    c = compile(entries);
    compiled.set(entries, c);
  }
  return c;
}

/** Strip an IPv6 zone ("fe80::1%eth0") and brackets ("[::1]"). */
function normalizeIp(ip: string): string {
  let out = ip.trim();
  if (out.startsWith('[') && out.endsWith(']')) out = out.slice(1, -1);
  const zone = out.indexOf('%');
  return zone === -1 ? out : out.slice(0, zone);
}

/** True if `ip` is in one of the entries. An empty list means "any address". */
export function ipMatches(ip: string, entries: readonly string[] | undefined): boolean {
  if (!entries || entries.length === 0) return true;
  const addr = normalizeIp(ip);
  const family = isIP(addr);
  if (family === 0) return false;
  return compiledFor(entries).list.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}

/** Entries of an `ips:` list that match nothing (for config warnings). */
export function invalidIpEntries(entries: readonly string[]): string[] {
  return compiledFor(entries).invalid;
}
