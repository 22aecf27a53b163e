// The recorder follows config reloads: switching `record` on for a published path starts
// writing segments, switching it off stops the recorder and no new data is written.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import type { RecordService } from '../../../src/main/engine/record';
import { publishTestPattern, stopAll, waitFor, type Proc } from '../../helpers/ffmpeg';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';

describe('recording follows config reloads', () => {
  let engine: Engine;
  let ports: TestPorts;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-rec-reload-'));
    ({ engine, ports } = await startTestEngine({
      paths: { toggle: { record: false, recordPath: `${dir}/%path/%Y-%m-%d_%H-%M-%S-%f`, recordPartDuration: '200ms' }, all_others: {} },
    } as never));
  });
  afterAll(async () => {
    await stopAll();
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts on record: yes and stops on record: no', async () => {
    const api = createEngineApi(engine);
    const recorder = () => engine.service<RecordService>('record')!;
    const url = `rtmp://127.0.0.1:${ports.rtmp}/toggle`;
    let pub: Proc = publishTestPattern(url, { size: '320x240' });
    await waitFor(() => engine.paths.get('toggle')?.ready === true, 'path ready');
    expect(recorder().recording()).toEqual([]);

    await api.patchPathConf('toggle', { record: true });
    // If applying the change ended the publisher's session, publish again.
    const republished = async () => {
      if (pub.child.exitCode !== null || pub.child.signalCode !== null) pub = publishTestPattern(url, { size: '320x240' });
      return (await readdir(join(dir, 'toggle')).catch(() => [])).length > 0;
    };
    await waitFor(republished, 'a segment file', 100);
    expect(recorder().recording()).toEqual(['toggle']);

    await api.patchPathConf('toggle', { record: false });
    await waitFor(() => recorder().recording().length === 0, 'recorder stopped');
    await recorder().settled();
    const files = await readdir(join(dir, 'toggle'));
    const sizes = await Promise.all(files.map(async (f) => (await stat(join(dir, 'toggle', f))).size));
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readdir(join(dir, 'toggle'))).toEqual(files);
    expect(await Promise.all(files.map(async (f) => (await stat(join(dir, 'toggle', f))).size))).toEqual(sizes);
  }, 60_000);
});
