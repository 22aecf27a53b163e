// Pipeline definitions in relaybox.settings.json: the schema's defaults and refusals, loading
// that skips bad entries, saving that keeps other sections, and the catalog's edit rules.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../../../src/main/engine/log';
import { PipelineCatalog } from '../../../src/main/engine/pipelines/catalog';
import { loadPipelineSettings, savePipelineSettings, settingsFileFor } from '../../../src/main/engine/pipelines/settings-file';
import { PipelineDefSchema } from '../../../src/shared/pipelines';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'relaybox-settings-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PipelineDefSchema', () => {
  it('fills defaults', () => {
    expect(PipelineDefSchema.parse({ kind: 'testPattern' })).toEqual({
      kind: 'testPattern', autoStart: true, width: 1280, height: 720, fps: 30, encoder: 'auto', audioBitrateKbps: 128, toneHz: 440, clock: true,
    });
  });

  it.each([
    [{ kind: 'testPattern', path: '/lead' }, 'path'],
    [{ kind: 'testPattern', fps: 0 }, 'fps'],
    [{ kind: 'file' }, 'file'],
    [{ kind: 'camera' }, 'camera'],
    [{ kind: 'desktop', method: 'vnc' }, 'method'],
    [{ kind: 'webcam' }, 'kind'],
  ])('refuses %j (at %s)', (input, at) => {
    const r = PipelineDefSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(at);
  });
});

describe('settings file', () => {
  it('sits beside the config file', () => {
    expect(settingsFileFor('/etc/relaybox/mediamtx.yml')).toBe('/etc/relaybox/relaybox.settings.json');
  });

  it('loads valid entries and reports the others', async () => {
    const file = join(dir, 'load.json');
    writeFileSync(file, JSON.stringify({
      ffmpeg: { path: '/opt/ffmpeg' },
      pipelines: { good: { kind: 'testPattern' }, 'bad/name': { kind: 'testPattern' }, broken: { kind: 'file' } },
    }));
    const s = await loadPipelineSettings(file);
    expect([...s.pipelines.keys()]).toEqual(['good']);
    expect(s.ffmpegPath).toBe('/opt/ffmpeg');
    expect(s.problems).toEqual([expect.stringMatching(/^pipeline "bad\/name": /), expect.stringMatching(/^pipeline "broken": file: /)]);
  });

  it('a missing file has no pipelines; a broken one is reported and never overwritten', async () => {
    expect((await loadPipelineSettings(join(dir, 'none.json'))).pipelines.size).toBe(0);
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "shell": ');
    expect((await loadPipelineSettings(file)).problems).toHaveLength(1);
    await expect(savePipelineSettings(file, new Map())).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('{ "shell": ');
  });

  it('saving replaces only the pipelines section', async () => {
    const file = join(dir, 'save.json');
    writeFileSync(file, JSON.stringify({ shell: { openAtLogin: true }, window: { x: 1 }, pipelines: { old: {} } }));
    await savePipelineSettings(file, new Map([['p', PipelineDefSchema.parse({ kind: 'testPattern' })]]));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ shell: { openAtLogin: true }, window: { x: 1 } });
    expect(Object.keys(saved.pipelines as object)).toEqual(['p']);
  });
});

describe('PipelineCatalog', () => {
  it('adds, patches (null removes a field), refuses duplicates and bad names, removes, and persists', async () => {
    const configFile = join(dir, 'cat', 'relaybox.yml');
    const log = collectingLogger();
    const c = await PipelineCatalog.open(configFile, log);
    await c.add('cam', { kind: 'testPattern', bitrateKbps: 900 });
    await expect(c.add('cam', { kind: 'testPattern' })).rejects.toMatchObject({ status: 409 });
    await expect(c.add('no/slash', { kind: 'testPattern' })).rejects.toMatchObject({ status: 400 });
    const patched = await c.patch('cam', { width: 640, bitrateKbps: null });
    expect(patched).toMatchObject({ width: 640 });
    expect(patched.bitrateKbps).toBeUndefined();
    await expect(c.patch('cam', { kind: 'file' })).rejects.toMatchObject({ status: 400 });
    expect(c.get('cam')).toEqual(patched);
    const again = await PipelineCatalog.open(configFile, log);
    expect(again.get('cam')).toEqual(patched);
    await again.remove('cam');
    await expect(again.remove('cam')).rejects.toMatchObject({ status: 404 });
    expect((await PipelineCatalog.open(configFile, log)).names()).toEqual([]);
  });
});
