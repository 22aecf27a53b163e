// `relaybox check-ports` and the engine's pre-flight: probe every configured port, name who
// holds the busy ones, and suggest a port that is free now and not wanted by another listener.
import { findPortOwner, findReservedPortRange, isOwnProcess } from './port-owner';
import { findFreePort, probePort } from './port-probe';
import type { PortCheck, PortSpec } from './port-types';

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

function hostsOverlap(a: string, b: string): boolean {
  return WILDCARDS.has(a) || WILDCARDS.has(b) || a === b;
}

export async function checkPorts(specs: PortSpec[]): Promise<PortCheck[]> {
  // One at a time: two specs on the same port probed in parallel would see each other.
  const checks: PortCheck[] = [];
  for (const spec of specs) {
    const probe = await probePort(spec.protocol, spec.host, spec.port);
    if (probe.free) {
      const earlier = specs
        .slice(0, checks.length)
        .find((s) => s.protocol === spec.protocol && s.port === spec.port && hostsOverlap(s.host, spec.host));
      checks.push(
        earlier
          ? {
              ...spec,
              free: false,
              code: 'EADDRINUSE',
              conflictsWith: earlier.key,
              error: `${spec.key} uses the same ${spec.protocol.toUpperCase()} port as ${earlier.key} (${earlier.label})`,
            }
          : { ...spec, free: true },
      );
    } else {
      checks.push({ ...spec, free: false, code: probe.code });
    }
  }

  await Promise.all(checks.map((check) => diagnose(check)));

  // Suggestions one after another, so two busy listeners are not offered the same port.
  const wanted = new Set(specs.map((s) => s.port));
  for (const check of checks) {
    if (check.free || !canSuggest(check.code)) continue;
    // Past a Windows-reserved block at once; for a privileged port (< 1024, EACCES on Unix)
    // offer its 8000s twin, 554 → 8554, 80 → 8080.
    const from = check.reserved
      ? check.reserved.end
      : check.code === 'EACCES' && check.port < 1024
        ? check.port + 7999
        : check.port;
    try {
      check.suggestion = await findFreePort(check.protocol, check.host, from, { exclude: wanted });
      wanted.add(check.suggestion);
    } catch {
      // Nothing free nearby: the table says so by offering nothing.
    }
  }
  return checks;
}

function canSuggest(code: string | undefined): boolean {
  return code === 'EADDRINUSE' || code === 'EACCES';
}

async function diagnose(check: PortCheck): Promise<void> {
  if (check.free || check.conflictsWith) return;
  const { protocol, port } = check;
  switch (check.code) {
    case 'EADDRINUSE': {
      check.owner = await findPortOwner(protocol, port);
      if (!check.owner) check.error = `${protocol.toUpperCase()} port ${port} is in use by a process we cannot see; ${seeAllHint()}`;
      else if (isOwnProcess(check.owner.pid)) check.error = 'held by this Relaybox process';
      return;
    }
    case 'EACCES': {
      check.reserved = await findReservedPortRange(protocol, port);
      if (check.reserved) {
        check.error =
          `port ${port} is reserved by Windows (excluded range ${check.reserved.start}-${check.reserved.end}, ` +
          `${check.reserved.administered ? 'added by an administrator' : 'usually Hyper-V, WSL2 or Docker'})`;
        return;
      }
      // Windows reports a port held with SO_EXCLUSIVEADDRUSE as EACCES too.
      check.owner = await findPortOwner(protocol, port);
      if (!check.owner) {
        check.error =
          port < 1024 && process.platform !== 'win32'
            ? `ports below 1024 need root here; use a port from 1024 up`
            : `permission denied binding port ${port}`;
      }
      return;
    }
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      check.error = `${check.host} is not an address of this machine; use '' (all interfaces) or one of its addresses`;
      return;
    default:
      check.error = `cannot bind ${protocol.toUpperCase()} port ${port}: ${check.code ?? 'unknown error'}`;
  }
}

function seeAllHint(): string {
  switch (process.platform) {
    case 'win32':
      return 'run `netstat -ano` as administrator to see it';
    case 'linux':
      return 'it belongs to another user; run as root to see which';
    default:
      return 'it belongs to another user; run with sudo to see which';
  }
}
