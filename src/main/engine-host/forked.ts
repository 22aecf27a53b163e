// The engine in a child process (host-process.ts). The parent's side: spawns it through a
// HostChild (Electron's utilityProcess in the app, child_process.fork elsewhere), relays calls
// and events over its message channel, validates what comes back, and reports a child that dies
// on its own: pending calls fail as values, listeners see state "error", start() makes a new one.
import { fork } from 'node:child_process';
import type { RelayboxEvent } from '../../shared/api';
import type { IpcResult } from '../../shared/ipc';
import { crashedStatusEvent, type EngineHost, type HostState } from './engine-host';
import { parseFromHost, type HostInit, type ToHost } from './protocol';

/** What the host needs of a child process; utility-process.ts and nodeForkChild() adapt to it. */
export interface HostChild {
  readonly pid: number | undefined;
  post(msg: ToHost): void;
  onMessage(listener: (raw: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export interface ForkedHostOptions {
  spawn: () => HostChild;
  init: HostInit;
  /** Shown in crash status events. */
  version: string;
  /** Problems seen on the parent's side (malformed messages, crashes), for the main process's log. */
  warn: (message: string) => void;
  /** After `stop` is sent, how long the child gets for a clean shutdown before it is killed. */
  stopGraceMs?: number;
}

/** child_process.fork with an IPC channel: the host outside Electron (tests, benchmarks). */
export function nodeForkChild(entry: string, execArgv: string[] = []): HostChild {
  // stdio inherit: the engine's stdout log destination still reaches the terminal.
  const proc = fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    get pid() { return proc.pid; },
    post: (msg) => { if (proc.connected) proc.send(msg); },
    onMessage: (listener) => proc.on('message', listener),
    onExit: (listener) => proc.once('exit', listener),
    kill: () => { proc.kill('SIGKILL'); },
  };
}

const unavailable = (message: string): IpcResult => ({ ok: false, error: { message, status: 503 } });

export function createForkedHost(opts: ForkedHostOptions): EngineHost {
  let state: HostState = 'idle';
  let child: HostChild | undefined;
  let ready: Promise<void> | undefined;
  let exited: Promise<void> = Promise.resolve();
  let nextId = 1;
  /** Why the previous host died, written into the next one's log once it is up. */
  let lastCrash: string | undefined;
  const pending = new Map<number, (r: IpcResult) => void>();
  const eventListeners = new Set<(e: RelayboxEvent) => void>();
  const crashListeners = new Set<(why: string) => void>();
  const emit = (e: RelayboxEvent) => { for (const l of eventListeners) l(e); };

  function failPending(message: string): void {
    for (const resolve of pending.values()) resolve(unavailable(message));
    pending.clear();
  }

  function spawnChild(): Promise<void> {
    const c = opts.spawn();
    child = c;
    state = 'starting';
    let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
    const started = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
    exited = new Promise<void>((resolveExit) => {
      c.onExit((code, signal) => {
        resolveExit();
        if (child !== c) return;
        child = undefined;
        const why = `engine host process exited (${signal ?? `code ${code}`})`;
        failPending(why);
        if (state === 'stopping' || state === 'stopped') {
          state = 'stopped';
          return;
        }
        state = 'crashed';
        lastCrash = why;
        settle?.reject(new Error(why));
        opts.warn(why);
        for (const l of crashListeners) l(why);
        emit(crashedStatusEvent(opts.version));
      });
    });
    c.onMessage((raw) => {
      if (child !== c) return;
      const parsed = parseFromHost(raw);
      if (!parsed.ok) return opts.warn(parsed.error);
      const msg = parsed.msg;
      if (msg.t === 'result') {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else if (msg.t === 'event') emit(msg.event);
      else if (msg.t === 'ready') {
        state = 'ready';
        if (lastCrash) c.post({ t: 'log', level: 'error', module: 'engine-host', message: `restarted after: ${lastCrash}` });
        lastCrash = undefined;
        settle?.resolve();
      } else if (msg.t === 'fatal') {
        opts.warn(`engine host could not start: ${msg.message}`);
        settle?.reject(new Error(msg.message));
      }
    });
    c.post({ t: 'init', init: opts.init });
    return started;
  }

  return {
    kind: 'forked',
    state: () => state,
    start() {
      if (state === 'starting' || state === 'ready') return ready ?? Promise.resolve();
      ready = spawnChild();
      return ready;
    },
    async call(method, args) {
      // "Start server" from the window after a crash brings up a new host first, like the tray's Start.
      if (state === 'crashed' && method === 'startServer') await this.start().catch(() => {});
      if (state === 'starting') await ready?.catch(() => {});
      const c = child;
      if (!c || state !== 'ready') return unavailable(`the engine is not running (${state}); start it again`);
      const id = nextId++;
      return new Promise<IpcResult>((resolve) => {
        pending.set(id, resolve);
        c.post({ t: 'call', id, method, args });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => { eventListeners.delete(listener); };
    },
    onCrash(listener) {
      crashListeners.add(listener);
      return () => { crashListeners.delete(listener); };
    },
    log(level, module, message) {
      child?.post({ t: 'log', level, module, message });
    },
    async stop() {
      const c = child;
      state = 'stopping';
      if (c) {
        c.post({ t: 'stop' });
        const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), opts.stopGraceMs ?? 10_000).unref());
        if ((await Promise.race([exited, grace])) === 'timeout') {
          opts.warn('engine host did not stop in time; killed');
          c.kill();
          await exited;
        }
      }
      state = 'stopped';
    },
  };
}
