// The engine host process: runs the engine outside the Electron main process, so the work of
// serving many readers does not delay window messages, IPC and the tray (measured in
// docs/benchmarks.md, "Shell responsiveness"). Started by Electron's utilityProcess.fork in the
// app and by child_process.fork elsewhere (tests); both give it a message port to the parent.
// Every message is validated (protocol.ts); a call reaches the engine only through
// parseIpcRequest, like a call from the window.
import { parseIpcRequest } from '../../shared/ipc-schemas';
import { createEngine, type Engine } from '../engine';
import { createEngineApi, engineCaller } from '../engine/engine-api';
import { loadHostConfig } from './load-config';
import { parseToHost, type FromHost, type HostInit } from './protocol';

/** Electron's utility process exposes `process.parentPort`; a Node fork has process.send. */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(msg: FromHost): void {
  if (parentPort) parentPort.postMessage(msg);
  else if (process.connected) process.send?.(msg);
}

let engine: Engine | undefined;
let call: ReturnType<typeof engineCaller> | undefined;
let stopping: Promise<void> | undefined;

async function init(i: HostInit): Promise<void> {
  const e = createEngine({ config: await loadHostConfig(i), configFile: i.configFile });
  engine = e;
  call = engineCaller(e);
  createEngineApi(e).onEvent((event) => post({ t: 'event', event }));
  process.on('uncaughtException', (err) => e.log.logger('engine-host').error(`uncaught exception: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => e.log.logger('engine-host').error(`unhandled rejection: ${String((err as Error)?.stack ?? err)}`));
  if (i.startMedia) await e.start();
  post({ t: 'ready', state: e.status().state });
}

/** Listeners and FFmpeg children stop before the process exits (engine.stop()). */
function stop(): Promise<void> {
  stopping ??= (async () => {
    await engine?.stop().catch(() => {});
    post({ t: 'stopped' });
    process.exit(0);
  })();
  return stopping;
}

function onMessage(raw: unknown): void {
  const parsed = parseToHost(raw);
  if (!parsed.ok) {
    engine?.log.logger('engine-host').warn(parsed.error);
    return;
  }
  const msg = parsed.msg;
  switch (msg.t) {
    case 'init':
      if (engine) return;
      init(msg.init).catch((err: Error) => {
        post({ t: 'fatal', message: err.message });
        process.exit(1);
      });
      return;
    case 'call': {
      const req = parseIpcRequest({ method: msg.method, args: msg.args });
      if (!req.ok) return post({ t: 'result', id: msg.id, result: req });
      if (!call || stopping) return post({ t: 'result', id: msg.id, result: { ok: false, error: { message: 'the engine is not running', status: 503 } } });
      void call(req.method, req.args).then((result) => post({ t: 'result', id: msg.id, result }));
      return;
    }
    case 'log':
      engine?.log.logger(msg.module)[msg.level](msg.message);
      return;
    case 'stop':
      void stop();
  }
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else {
  process.on('message', onMessage);
  // The parent is gone (quit, crash, SIGKILL): the pipe closes, and this process must not
  // outlive it holding the ports.
  process.on('disconnect', () => void stop());
}
