// runOnConnect (+ runOnConnectRestart) and runOnDisconnect, as MediaMTX runs them for RTSP and
// RTMP connections and WebRTC sessions (internal/hooks/on_connect.go): the command starts when
// a client connects and gets SIGINT when it disconnects, then runOnDisconnect runs once. Both
// are taken from the config of the moment the client connected, as MediaMTX does.
import type { Config } from '../../../../shared/config';
import type { ConnEvent } from '../../engine';
import { connHookEnv } from './env';
import type { HookRunner } from './hook-runner';
import type { RunningHookCommand } from './run-command';

/** What the connection hooks need from the engine. */
export interface ConnHooksHost {
  readonly config: Config;
  on(event: 'conn', listener: (e: ConnEvent) => void): unknown;
  off(event: 'conn', listener: (e: ConnEvent) => void): unknown;
}

interface Connected {
  cmd: RunningHookCommand | null;
  onDisconnect: string;
  env: Record<string, string>;
}

export class ConnectHooks {
  /** "kind id" → the connection's running hook. */
  private readonly conns = new Map<string, Connected>();
  private readonly onConn = (e: ConnEvent): void => this.handle(e);
  private stopped = false;

  constructor(
    private readonly host: ConnHooksHost,
    private readonly runner: HookRunner,
  ) {
    host.on('conn', this.onConn);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.host.off('conn', this.onConn);
    const cmds = [...this.conns.values()].map((c) => c.cmd);
    this.conns.clear();
    await Promise.all(cmds.map((c) => c?.stop()));
  }

  private handle(e: ConnEvent): void {
    if (this.stopped) return;
    const key = `${e.kind} ${e.id}`;
    const tags = [`conn ${e.kind} ${e.id}`];
    if (e.phase === 'open') {
      const { runOnConnect, runOnConnectRestart, runOnDisconnect } = this.host.config;
      if (!runOnConnect && !runOnDisconnect) return;
      const env = connHookEnv(this.host.config, e.kind, e.id);
      const cmd = this.runner.startCommand(runOnConnect, runOnConnectRestart, [...tags, 'runOnConnect'], env);
      this.conns.set(key, { cmd, onDisconnect: runOnDisconnect, env });
      return;
    }
    const c = this.conns.get(key);
    if (!c) return;
    this.conns.delete(key);
    void c.cmd?.stop();
    this.runner.fireCommand(c.onDisconnect, [...tags, 'runOnDisconnect'], c.env);
  }
}
