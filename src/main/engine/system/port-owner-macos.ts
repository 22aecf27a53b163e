// Port owner on macOS (and other BSDs with lsof): `lsof -nP -iTCP:PORT -sTCP:LISTEN -Fpcn`.
// Without root, lsof sees only the current user's processes; others come out as unknown.
import { lsofOwner, parseLsofFields } from './lsof-fields';
import type { PortOwner, PortProtocol } from './port-types';
import { runCommand } from './run-command';

// macOS keeps lsof in /usr/sbin, which is not on PATH for every login; fall back to PATH elsewhere.
const LSOF_PATHS = ['/usr/sbin/lsof', 'lsof'];

export async function findPortOwnerLsof(protocol: PortProtocol, port: number): Promise<PortOwner | undefined> {
  // -n/-P: no DNS or service-name lookups (slow, and they would hide the port number).
  // +c 0: the whole command name rather than its first 9 characters.
  const args = ['+c', '0', '-nP', `-i${protocol.toUpperCase()}:${port}`];
  if (protocol === 'tcp') args.push('-sTCP:LISTEN');
  args.push('-Fpcn');
  for (const lsof of LSOF_PATHS) {
    const out = await runCommand(lsof, args);
    if (!out) continue; // not there: try the next path
    const owner = lsofOwner(parseLsofFields(out.stdout.toString('utf8')), port);
    if (!owner) return undefined;
    const command = await commandLineFromPs(owner.pid);
    return { pid: owner.pid, name: owner.command ?? `PID ${owner.pid}`, ...(command ? { command } : {}) };
  }
  return undefined;
}

async function commandLineFromPs(pid: number): Promise<string | undefined> {
  const out = await runCommand('/bin/ps', ['-o', 'command=', '-p', String(pid)]);
  const line = out && out.exitCode === 0 ? out.stdout.toString('utf8').trim() : '';
  return line || undefined;
}
