// An engine on free loopback ports with FFmpeg test patterns published over RTMP, for the WebRTC
// tests; stop() ends the publishers, the viewers handed to it and the engine.
import { createEngine, type Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import type { WheperiftClient } from './clients';

export interface PublishedEngine {
  engine: Engine;
  ports: TestPorts;
  /** The WHEP URL of a path. */
  whep(path: string): string;
  /** Viewers to abort in stop(). */
  clients: WheperiftClient[];
  stop(): Promise<void>;
}

export async function publishedEngine(
  publish: Record<string, Parameters<typeof publishTestPattern>[1]>,
  overrides: Partial<Config> = {},
  setup?: (engine: Engine) => void,
): Promise<PublishedEngine> {
  const t = await testConfig(overrides);
  const engine = createEngine({ config: t.config });
  setup?.(engine);
  await engine.start();
  for (const [path, opts] of Object.entries(publish)) publishTestPattern(`rtmp://127.0.0.1:${t.ports.rtmp}/${path}`, opts);
  const names = Object.keys(publish);
  await waitFor(() => names.every((n) => engine.paths.list().some((p) => p.name === n && p.ready)), `paths ${names.join(', ')} ready`, 100, 100);
  const clients: WheperiftClient[] = [];
  return {
    engine,
    ports: t.ports,
    whep: (path) => `http://127.0.0.1:${t.ports.webrtc}/${path}/whep`,
    clients,
    async stop() {
      for (const c of clients.splice(0)) await c.abort();
      await stopAll();
      await engine.stop();
    },
  };
}
