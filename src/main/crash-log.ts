// Crashes and unhandled rejections go to the engine log (and so to the log file and the Logs
// screen) instead of vanishing with the console of a GUI app.
import type { Logger } from './engine/log';

type ErrorLogger = Pick<Logger, 'error'>;

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

interface ProcessEvents {
  on(event: 'uncaughtException', fn: (err: Error) => void): unknown;
  on(event: 'unhandledRejection', fn: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', fn: (err: Error) => void): unknown;
  off(event: 'unhandledRejection', fn: (reason: unknown) => void): unknown;
}

/** Returns the function that removes the handlers again. */
export function logProcessFailures(proc: ProcessEvents, log: ErrorLogger): () => void {
  const onException = (err: Error) => log.error(`uncaught exception in the main process: ${describe(err)}`);
  const onRejection = (reason: unknown) => log.error(`unhandled promise rejection in the main process: ${describe(reason)}`);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

/** Electron's renderer/GPU/utility crashes: `details` as in app's render-process-gone / child-process-gone. */
export function describeGone(kind: string, details: { reason: string; exitCode: number; type?: string }): string {
  return `${details.type ?? kind} process gone: ${details.reason} (exit code ${details.exitCode})`;
}
