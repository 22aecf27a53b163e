// Runs one OS tool for the owner lookups. Never throws: a missing tool, a timeout or a refusal
// all mean "we could not find out", which the callers report as an unknown owner.
import { execFile } from 'node:child_process';

export interface CommandOutput {
  stdout: Buffer;
  /** lsof exits 1 when it finds nothing, so a non-zero status is not a failure by itself. */
  exitCode: number;
}

const TIMEOUT_MS = 10_000;

export function runCommand(file: string, args: string[]): Promise<CommandOutput | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(
        file,
        args,
        { encoding: 'buffer', timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout) => {
          if (!err) return resolve({ stdout, exitCode: 0 });
          // A number is the tool's exit status; anything else (ENOENT, a timeout kill,
          // maxBuffer) means we got no usable answer.
          const code: unknown = (err as { code?: unknown }).code;
          resolve(typeof code === 'number' ? { stdout, exitCode: code } : undefined);
        },
      );
    } catch {
      resolve(undefined);
    }
  });
}
