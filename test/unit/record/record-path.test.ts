// recordPath templates: written names and reading them back (MediaMTX placeholders).
import { describe, expect, it } from 'vitest';
import { formatRecordPath, parseRecordPath, recordBaseDir } from '../../../src/main/engine/record/record-path';

const DEFAULT = './recordings/%path/%Y-%m-%d_%H-%M-%S-%f';

describe('recordPath', () => {
  const start = new Date(2026, 10, 22, 7, 5, 9, 123); // local time, as MediaMTX names files

  it.each([
    [DEFAULT, 'cam1', 'fmp4', './recordings/cam1/2026-11-22_07-05-09-123000.mp4'],
    [DEFAULT, 'site/cam2', 'mpegts', './recordings/site/cam2/2026-11-22_07-05-09-123000.ts'],
    ['/data/%path/%s', 'cam', 'fmp4', `/data/cam/${Math.floor(start.getTime() / 1000)}.mp4`],
  ] as const)('%s for %s (%s) → %s', (template, path, format, expected) => {
    expect(formatRecordPath(template, path, start, format)).toBe(expected);
  });

  it('reads every placeholder back to the same path and start', () => {
    for (const template of [DEFAULT, '/r/%path/%Y/%m/%d/%H-%M-%S-%f', '/r/%path/%Y%m%d_%H%M%S_%f_%z', '/r/%path/%s-%f']) {
      for (const path of ['cam1', 'a/b/c']) {
        const file = formatRecordPath(template, path, start, 'fmp4');
        expect(parseRecordPath(template, 'fmp4', file), `${template} ${path}`).toEqual({ pathName: path, start });
        expect(parseRecordPath(template, 'fmp4', file, path)?.start).toEqual(start);
        expect(parseRecordPath(template, 'mpegts', file)).toBeNull();
        expect(parseRecordPath(template, 'fmp4', file, 'other')).toBeNull();
      }
    }
  });

  it('rejects files that do not follow the template', () => {
    expect(parseRecordPath(DEFAULT, 'fmp4', './recordings/cam1/notes.mp4')).toBeNull();
    expect(parseRecordPath(DEFAULT, 'fmp4', './recordings/cam1/2026-11-22_07-05-09-123000.mp4.tmp')).toBeNull();
  });

  it.each([
    [DEFAULT, 'cam1', './recordings/cam1'],
    [DEFAULT, undefined, './recordings'],
    ['/data/%path/%Y/%m', 'a/b', '/data/a/b'],
    ['%path/%Y', 'cam', 'cam'],
    ['%Y-%path', 'cam', '.'],
  ])('base folder of %s for %s is %s', (template, path, expected) => {
    expect(recordBaseDir(template, path)).toBe(expected);
  });
});
