// Windows Firewall help (Diagnostics): the inbound rules the enabled listeners need, as exact
// `netsh advfirewall firewall` commands to paste into an elevated Command Prompt. Pure: listener
// table in, rules and command lines out.
import type { ListenerName, ListenerStatus } from '../../../../shared/api';
import { isLoopback } from '../../urls';

/**
 * Ports in the WebRTC media range that starts at webrtcLocalUDPAddress (the `webrtcUdp` listener
 * holds the first, sessions bind the rest). Must equal WEBRTC_UDP_PORT_COUNT in
 * src/main/engine/servers/webrtc/udp-port-range.ts, which the renderer cannot import; a unit test
 * checks they agree.
 */
export const WEBRTC_UDP_PORTS = 256;

/** Windows Firewall profiles: "private" is a home/office network, "public" a café or airport Wi-Fi. */
export type FirewallProfile = 'private' | 'private,public';

export interface FirewallRule {
  listener: ListenerName;
  /** The listener's English label (rule names are what `wf.msc` lists; kept English as netsh needs no translation). */
  label: string;
  protocol: 'TCP' | 'UDP';
  /** "8554" or a range "8189-8444". */
  ports: string;
  /** `name=` of the rule: unique per listener and port, so adding twice is visible and deleting finds it. */
  name: string;
}

export interface FirewallPlan {
  rules: FirewallRule[];
  /** Enabled listeners bound to loopback only: other machines cannot reach them, so no rule. */
  localOnly: ListenerStatus[];
}

/** ":8554" → "", "127.0.0.1:9997" → "127.0.0.1", "[::1]:9997" → "::1". */
export function listenerHost(address: string): string {
  const i = address.lastIndexOf(':');
  return (i < 0 ? '' : address.slice(0, i)).replace(/^\[|\]$/g, '');
}

function portsOf(l: ListenerStatus): string {
  if (l.name !== 'webrtcUdp') return String(l.port);
  return `${l.port}-${Math.min(65535, l.port + WEBRTC_UDP_PORTS - 1)}`;
}

/** Rules for every enabled listener that other machines can reach (any state but disabled, so they can be added before Start). */
export function firewallPlan(listeners: readonly ListenerStatus[]): FirewallPlan {
  const plan: FirewallPlan = { rules: [], localOnly: [] };
  for (const l of listeners) {
    if (l.state === 'disabled' || !l.port) continue;
    const host = listenerHost(l.address);
    if (host && isLoopback(host)) { plan.localOnly.push(l); continue; }
    const protocol = l.protocol === 'udp' ? 'UDP' : 'TCP';
    const ports = portsOf(l);
    plan.rules.push({ listener: l.name, label: l.label, protocol, ports, name: `Relaybox ${l.label} ${protocol} ${ports}` });
  }
  return plan;
}

/** netsh quotes: a value with spaces goes in double quotes; a double quote cannot appear inside. */
const quoted = (s: string) => `"${s.replace(/"/g, "'")}"`;

export function netshAddRule(rule: FirewallRule, profile: FirewallProfile = 'private'): string {
  return `netsh advfirewall firewall add rule name=${quoted(rule.name)} dir=in action=allow protocol=${rule.protocol} localport=${rule.ports} profile=${profile}`;
}

export function netshDeleteRule(rule: FirewallRule): string {
  return `netsh advfirewall firewall delete rule name=${quoted(rule.name)} dir=in protocol=${rule.protocol} localport=${rule.ports}`;
}

/** All add commands, one per line, for one paste into an elevated Command Prompt. */
export function netshScript(rules: readonly FirewallRule[], profile: FirewallProfile = 'private'): string {
  return rules.map((r) => netshAddRule(r, profile)).join('\r\n') + (rules.length ? '\r\n' : '');
}
