// A forked engine host on free loopback ports, the host-process entry run under tsx.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForkedHost, nodeForkChild, type HostChild } from '../../../src/main/engine-host/forked';
import type { EngineHost } from '../../../src/main/engine-host/engine-host';
import { testConfig } from '../../helpers/engine';

export const HOST_ENTRY = join(__dirname, '../../../src/main/engine-host/host-process.ts');

export interface StartedHost {
  host: EngineHost;
  /** Every child the host spawned, newest last. */
  children: HostChild[];
  warnings: string[];
  rtmpPort: number;
}

export async function forkedTestHost(opts: { startMedia?: boolean } = {}): Promise<StartedHost> {
  const { config, ports } = await testConfig();
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-shell-host-'));
  const children: HostChild[] = [];
  const warnings: string[] = [];
  const host = createForkedHost({
    spawn: () => {
      const c = nodeForkChild(HOST_ENTRY, ['--import', 'tsx']);
      children.push(c);
      return c;
    },
    // The whole config as overrides: free ports, no stdout log, recordings in the temp dir.
    init: { configFile: join(dir, 'relaybox.yml'), overrides: { ...config, logFile: join(dir, 'relaybox.log') }, startMedia: opts.startMedia ?? false },
    version: 'test',
    warn: (m) => warnings.push(m),
    stopGraceMs: 20_000,
  });
  return { host, children, warnings, rtmpPort: ports.rtmp };
}
