// Finding recordings on disk by their recordPath template, deleting one, and the cleaner
// (recordDeleteAfter), on real files in a temporary folder.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../../src/shared/config';
import { nullLogger } from '../../../src/main/engine/log/null-logger';
import { cleanRecordings, deleteSegment, findAllRecordings, findSegments, formatRecordPath } from '../../../src/main/engine/record';

describe('recordings on disk', () => {
  let dir: string;
  let config: Config;
  const HOUR = 3_600_000;
  const now = new Date(2026, 10, 22, 12, 0, 0, 0).getTime();

  async function touch(template: string, path: string, ageMs: number, format: 'fmp4' | 'mpegts' = 'fmp4'): Promise<string> {
    const file = formatRecordPath(template, path, new Date(now - ageMs), format);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'x');
    return file;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-store-'));
    const base = defaultConfig();
    config = {
      ...base,
      paths: {
        cam: { record: true, recordPath: `${dir}/a/%path/%Y-%m-%d_%H-%M-%S-%f`, recordDeleteAfter: '1h' },
        '~^site/': { record: true, recordPath: `${dir}/b/%path/%Y-%m-%d_%H-%M-%S-%f`, recordFormat: 'mpegts', recordDeleteAfter: '0s' },
      },
    } as Config;
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('lists each path\'s segments in time order, regex paths by the name in the file path', async () => {
    const camTpl = config.paths.cam!.recordPath!;
    const siteTpl = config.paths['~^site/']!.recordPath!;
    const newer = await touch(camTpl, 'cam', 1000);
    const older = await touch(camTpl, 'cam', 2 * HOUR);
    await touch(siteTpl, 'site/one', 5000, 'mpegts');
    await touch(siteTpl, 'site/one', 5000, 'fmp4'); // wrong extension for the path's format: not a segment
    await writeFile(join(dir, 'a', 'cam', 'notes.txt'), 'x');

    expect((await findSegments(config, 'cam')).map((s) => s.file)).toEqual([older, newer]);
    const all = await findAllRecordings(config);
    expect([...all.keys()].sort()).toEqual(['cam', 'site/one']);
    expect(all.get('site/one')).toHaveLength(1);
    expect(await findSegments(config, 'nothing')).toEqual([]);
  });

  it('deletes one segment by its start time', async () => {
    const tpl = config.paths.cam!.recordPath!;
    const keep = await touch(tpl, 'cam', 1000);
    const gone = await touch(tpl, 'cam', 2000);
    await deleteSegment(config, 'cam', new Date(now - 2000));
    expect((await findSegments(config, 'cam')).map((s) => s.file)).toEqual([keep]);
    await expect(deleteSegment(config, 'cam', new Date(now - 2000))).rejects.toThrow(/no segment/);
    expect(gone).not.toBe(keep);
  });

  it('the cleaner deletes segments older than recordDeleteAfter, never busy files, never with 0s', async () => {
    const tpl = config.paths.cam!.recordPath!;
    const fresh = await touch(tpl, 'cam', HOUR - 1000);
    const old = await touch(tpl, 'cam', HOUR + 1000);
    const busy = await touch(tpl, 'cam', 3 * HOUR);
    const forever = await touch(config.paths['~^site/']!.recordPath!, 'site/x', 100 * HOUR, 'mpegts');
    const deleted = await cleanRecordings({ config: () => config, busy: (f) => f === busy, log: nullLogger(), now: () => now });
    expect(deleted).toEqual([old]);
    expect((await readdir(join(dir, 'a', 'cam'))).length).toBe(2);
    expect((await findSegments(config, 'cam')).map((s) => s.file)).toEqual([busy, fresh]);
    expect((await findSegments(config, 'site/x')).map((s) => s.file)).toEqual([forever]);
  });
});
