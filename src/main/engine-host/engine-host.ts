// Where the engine runs, seen from the shell: calls by method name with errors as values (the
// shape src/main/ipc.ts forwards), the engine's events, and a lifecycle. Two implementations:
// in-process.ts (the engine in this process, as the headless CLI runs it) and forked.ts (the
// engine in a child process, so the Electron main process stays responsive under load).
import type { RelayboxEvent } from '../../shared/api';
import type { IpcResult } from '../../shared/ipc';
import type { LogLevel } from '../../shared/log';

export type HostState = 'idle' | 'starting' | 'ready' | 'crashed' | 'stopping' | 'stopped';

export interface EngineHost {
  readonly kind: 'in-process' | 'forked';
  state(): HostState;
  /** Starts the host; after a crash, starts a new one (the engine reloads its config file). */
  start(): Promise<void>;
  /** A RelayboxApi call by name; never rejects (errors come back as `{ ok: false }`). */
  call(method: string, args: unknown[]): Promise<IpcResult>;
  /** Engine events (logs, status, pipelines); a crash arrives as a status event in state error. */
  onEvent(listener: (event: RelayboxEvent) => void): () => void;
  /** The host died without being asked to stop (exit code or signal in `why`). */
  onCrash(listener: (why: string) => void): () => void;
  /** Writes a shell line into the engine's log (file and Logs screen). */
  log(level: LogLevel, module: string, message: string): void;
  /** Clean shutdown: listeners and FFmpeg children stop before this resolves. */
  stop(): Promise<void>;
}

/** The status event a crashed host shows (tray and window display state "error"). */
export function crashedStatusEvent(version: string): RelayboxEvent {
  return { type: 'status', status: { state: 'error', version, listeners: [] } };
}

/** A Logger-like view that writes into the host's engine log (the shell's own lines). */
export function hostLogger(host: Pick<EngineHost, 'log'>, module: string): Record<LogLevel, (message: string) => void> {
  return {
    error: (m) => host.log('error', module, m),
    warn: (m) => host.log('warn', module, m),
    info: (m) => host.log('info', module, m),
    debug: (m) => host.log('debug', module, m),
  };
}
