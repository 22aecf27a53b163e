// The hooks service (registered as 'hooks'): MediaMTX's per-path run-on commands while media is
// on, and the global runOnConnect/runOnDisconnect, which follow the engine's 'conn' events.
import type { Logger } from '../../log/logger';
import { ConnectHooks, type ConnHooksHost } from './connect-hooks';
import { DemandHooks } from './demand-hooks';
import { HookRunner } from './hook-runner';
import { PathEventHooks, type HooksHost } from './path-event-hooks';

export interface HooksServiceOptions {
  /** Pause before restarting a command with a restart flag; MediaMTX waits 5 s. */
  restartDelayMs?: number;
}

export class HooksService {
  readonly demand: DemandHooks;
  private readonly events: PathEventHooks;
  private readonly connects: ConnectHooks;
  private readonly runner: HookRunner;

  constructor(host: HooksHost & ConnHooksHost, log: Logger, opts: HooksServiceOptions = {}) {
    this.runner = new HookRunner(log, opts.restartDelayMs);
    this.events = new PathEventHooks(host, this.runner);
    this.demand = new DemandHooks(host, this.runner, log);
    this.connects = new ConnectHooks(host, this.runner);
  }

  async stop(): Promise<void> {
    await Promise.all([this.events.stop(), this.demand.stop(), this.connects.stop()]);
    await this.runner.stop();
  }
}

export function createHooksService(host: HooksHost & ConnHooksHost, log: Logger): HooksService {
  return new HooksService(host, log);
}
