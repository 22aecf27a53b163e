// Who holds a port, per OS. Every failure (no permission, tool missing, process gone) ends as
// undefined: a port check must never fail because the diagnosis did.
import { findPortOwnerLinux } from './port-owner-linux';
import { findPortOwnerLsof } from './port-owner-macos';
import { findPortOwnerWindows, findReservedPortRangeWindows } from './port-owner-windows';
import type { PortOwner, PortProtocol, ReservedPortRange } from './port-types';

export async function findPortOwner(protocol: PortProtocol, port: number): Promise<PortOwner | undefined> {
  try {
    switch (process.platform) {
      case 'win32':
        return await findPortOwnerWindows(protocol, port);
      case 'linux':
      case 'android':
        return await findPortOwnerLinux(protocol, port);
      default:
        return await findPortOwnerLsof(protocol, port);
    }
  } catch {
    return undefined;
  }
}

/** Windows only: the reserved (excluded) port range holding `port`; undefined elsewhere. */
export async function findReservedPortRange(
  protocol: PortProtocol,
  port: number,
): Promise<ReservedPortRange | undefined> {
  if (process.platform !== 'win32') return undefined;
  try {
    return await findReservedPortRangeWindows(protocol, port);
  } catch {
    return undefined;
  }
}

/** True for this very process: a running Relaybox checking ports it already holds. */
export function isOwnProcess(pid: number): boolean {
  return pid === process.pid;
}
