// Parser for `lsof -F` field output (lsof(8) "OUTPUT FOR OTHER PROGRAMS"): one field per line,
// the first character names it. A `p` line starts a process set, `c` is its command name,
// `f` starts a file set and `n` is that file's name, for sockets "*:8554", "[::1]:8554",
// or "10.0.0.2:5000->10.0.0.9:6000" when connected. Unknown fields are skipped.

export interface LsofProcess {
  pid: number;
  command?: string;
  /** The `n` fields of its files, in order. */
  names: string[];
}

export function parseLsofFields(text: string): LsofProcess[] {
  const processes: LsofProcess[] = [];
  let current: LsofProcess | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.length < 2) continue;
    const value = line.slice(1);
    switch (line[0]) {
      case 'p':
        if (/^\d+$/.test(value)) {
          current = { pid: Number(value), names: [] };
          processes.push(current);
        } else {
          current = undefined;
        }
        break;
      case 'c':
        if (current) current.command = value;
        break;
      case 'n':
        current?.names.push(value);
        break;
    }
  }
  return processes;
}

/**
 * The first process with a socket whose local end is on `port`. lsof's -iUDP:PORT also
 * matches sockets whose remote end is PORT (a DNS client talking to :53), so the local half
 * of "local->remote" decides. A process listed without names (-F pc) is taken as is.
 */
export function lsofOwner(processes: LsofProcess[], port: number): LsofProcess | undefined {
  return processes.find(
    (p) => p.names.length === 0 || p.names.some((n) => n.split('->')[0].endsWith(`:${port}`)),
  );
}
