// Where the Electron shell runs the engine (docs/benchmarks.md, "Shell responsiveness"): in a
// utility process by default, so serving hundreds of readers does not delay the main process's
// window messages, IPC and tray; in the main process with RELAYBOX_ENGINE_IN_PROCESS=1.
import { createEngine } from '../engine';
import type { EngineHost } from './engine-host';
import { createForkedHost, type HostChild } from './forked';
import { createInProcessHost } from './in-process';
import { loadHostConfig } from './load-config';
import type { HostInit } from './protocol';

export { crashedStatusEvent, hostLogger, type EngineHost, type HostState } from './engine-host';
export { createForkedHost, nodeForkChild, type HostChild, type ForkedHostOptions } from './forked';
export { createInProcessHost } from './in-process';
export { registerHostIpc } from './register-ipc';
export { utilityProcessChild } from './utility-process';
export type { HostInit } from './protocol';

export async function createShellEngineHost(opts: {
  init: HostInit;
  spawn: () => HostChild;
  version: string;
  warn: (message: string) => void;
}): Promise<EngineHost> {
  if (process.env.RELAYBOX_ENGINE_IN_PROCESS === '1') {
    const engine = createEngine({ config: await loadHostConfig(opts.init), configFile: opts.init.configFile });
    return createInProcessHost(engine, { startMedia: opts.init.startMedia });
  }
  return createForkedHost(opts);
}
