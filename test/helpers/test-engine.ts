// A started engine on free loopback ports, the setup most integration tests share: testConfig
// (with the test's settings and paths) → createEngine → start, and one stop for afterAll.
import { createEngine, type Engine } from '../../src/main/engine';
import type { Config } from '../../src/shared/config';
import { testConfig, type TestPorts } from './engine';
import { stopAll } from './ffmpeg';

export interface TestEngine {
  engine: Engine;
  ports: TestPorts;
  config: Config;
  /** Kills the FFmpeg clients the test started (helpers/ffmpeg), then stops the engine. */
  stop(): Promise<void>;
}

/**
 * `overrides` may hold `paths` too (cast: path confs are partial in tests); `prepare` edits the
 * config once the ports are known (paths that point at this engine's own listeners).
 */
export async function startTestEngine(overrides: Partial<Config> = {}, prepare?: (config: Config, ports: TestPorts) => void): Promise<TestEngine> {
  const { config, ports } = await testConfig(overrides);
  prepare?.(config, ports);
  const engine = createEngine({ config });
  await engine.start();
  return {
    engine, ports, config,
    async stop() {
      await stopAll();
      await engine.stop();
    },
  };
}
