// engine/system: port probing, port-owner lookup per OS, LAN addresses.
export type {
  PortCheck,
  PortOwner,
  PortProtocol,
  PortSpec,
  ProbeResult,
  ReservedPortRange,
} from './port-types';
export { probePort, findFreePort, type FindFreePortOptions } from './port-probe';
export { findPortOwner, findReservedPortRange, isOwnProcess } from './port-owner';
export { checkPorts } from './port-check';
export { formatPortTable, formatListenAddress, describePortCheck } from './port-table';
export { lanAddresses, hostForUrl, type LanAddress } from './lan-addresses';

// Pure parsers of the OS tools' output (tested against captured outputs in test/fixtures/ports).
export { parseNetstatWindows, netstatOwnerPid, type NetstatRow } from './netstat-windows';
export { parseTasklistCsv, type TasklistRow } from './tasklist-csv';
export { parseExcludedPortRanges, rangeContaining } from './netsh-excluded-ports';
export { parseProcNet, decodeProcNetEndpoint, procNetSocketInodes, TCP_LISTEN, type ProcNetRow } from './proc-net';
export { parseLsofFields, lsofOwner, type LsofProcess } from './lsof-fields';
export { parseSsSockets, type SsSocket } from './ss-output';
export { chooseLinuxProcessName, type LinuxProcessFacts } from './process-name';
