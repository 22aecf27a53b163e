// The vocabulary of port diagnostics. Structurally the same as PortOwner/PortReport in
// src/shared/api.ts, so a PortCheck can be sent to the UI as it is.

export type PortProtocol = 'tcp' | 'udp';

/** The process that holds a port. */
export interface PortOwner {
  pid: number;
  /** Executable name as the OS shows it: "node" on Linux/macOS, "node.exe" on Windows. */
  name: string;
  /** Full command line, where the OS lets us read it (Linux, macOS). */
  command?: string;
}

/** One port a listener wants, as configured. */
export interface PortSpec {
  /** Config key holding the address, e.g. "rtspAddress". */
  key: string;
  /** Human label, e.g. "RTSP". */
  label: string;
  protocol: PortProtocol;
  /** Bind address; '' = all interfaces (like Node's `listen(port)`). */
  host: string;
  port: number;
}

/** Windows keeps some port ranges for itself (Hyper-V, WSL2, Docker's WinNAT): binding there fails with no owner. */
export interface ReservedPortRange {
  start: number;
  end: number;
  /** Marked `*` by netsh: added by an administrator (netsh … add excludedportrange). */
  administered: boolean;
}

export interface PortCheck extends PortSpec {
  free: boolean;
  /** Who holds the port, when it is busy and the OS lets us see. */
  owner?: PortOwner;
  /** A free port to use instead (also free of the other specs in the same check). */
  suggestion?: number;
  /** Why the port is not usable, in words, when there is more to say than "held by". */
  error?: string;
  /** The errno code of the failed bind: EADDRINUSE, EACCES, EADDRNOTAVAIL, … */
  code?: string;
  /** Set when the port lies in a range Windows reserves. */
  reserved?: ReservedPortRange;
  /** Key of an earlier spec in the same list that already uses this port. */
  conflictsWith?: string;
}

export type ProbeResult = { free: true } | { free: false; code: string };
