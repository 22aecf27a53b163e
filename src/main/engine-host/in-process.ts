// The engine in this process: what the headless CLI does, and the shell's fallback
// (RELAYBOX_ENGINE_IN_PROCESS=1) when a separate process is not wanted, e.g. to debug the engine.
import type { Engine } from '../engine';
import { createEngineApi, engineCaller } from '../engine/engine-api';
import type { EngineHost, HostState } from './engine-host';

export function createInProcessHost(engine: Engine, opts: { startMedia: boolean }): EngineHost {
  const call = engineCaller(engine);
  const api = createEngineApi(engine);
  let state: HostState = 'idle';
  return {
    kind: 'in-process',
    state: () => state,
    async start() {
      state = 'starting';
      if (opts.startMedia) await engine.start();
      state = 'ready';
    },
    call,
    onEvent: (listener) => api.onEvent(listener),
    // A crash here takes the whole app down; there is nothing left to report it to.
    onCrash: () => () => {},
    log: (level, module, message) => engine.log.logger(module)[level](message),
    async stop() {
      state = 'stopping';
      await engine.stop();
      state = 'stopped';
    },
  };
}
