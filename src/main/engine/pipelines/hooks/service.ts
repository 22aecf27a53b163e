// The hooks service (registered as 'hooks'): MediaMTX's per-path run-on commands while media is
// on. Global runOnConnect/runOnDisconnect are not run: the protocol servers expose their
// connections as lists to poll (engine.conns), not as connect/disconnect events.
import type { Config } from '../../../../shared/config';
import type { Logger } from '../../log/logger';
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
  private readonly runner: HookRunner;
  private readonly onReload = (e: { next: Config }): void => this.warnConnectHooks(e.next);

  constructor(
    private readonly host: HooksHost,
    private readonly log: Logger,
    opts: HooksServiceOptions = {},
  ) {
    this.runner = new HookRunner(log, opts.restartDelayMs);
    this.events = new PathEventHooks(host, this.runner);
    this.demand = new DemandHooks(host, this.runner, log);
    host.on('reload', this.onReload);
    this.warnConnectHooks(host.config);
  }

  async stop(): Promise<void> {
    this.host.off('reload', this.onReload);
    await Promise.all([this.events.stop(), this.demand.stop()]);
    await this.runner.stop();
  }

  private warnConnectHooks(config: Config): void {
    if (config.runOnConnect || config.runOnDisconnect) {
      this.log.warn('runOnConnect/runOnDisconnect are not supported yet and will not run');
    }
  }
}

export function createHooksService(host: HooksHost, log: Logger): HooksService {
  return new HooksService(host, log);
}
