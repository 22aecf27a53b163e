// "Record this path" / "restream this path" / "pull this source" as one path-config edit, applied
// to a real in-process engine API so the planned call is one the engine accepts.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../../src/shared/config';
import { createEngine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { applyPathEdit, ownSettings, planPathEdit } from '../../../src/renderer/src/path-conf-edit';

function apiWith(paths: Config['paths']) {
  return createEngineApi(createEngine({ config: { ...defaultConfig(), paths } }));
}

describe('planPathEdit', () => {
  it('patches a path that has its own configuration, from its current settings', async () => {
    const api = apiWith({ cam: { forward: [{ dest: 'rtmp://a/x', destFingerprint: '', whipBearerToken: '' }] } });
    const confs = (await api.listPathConfs()).items;
    const edit = planPathEdit('cam', (cur) => ({ forward: [...cur.forward, { dest: 'srt://b:9000', destFingerprint: '', whipBearerToken: '' }] }),
      confs, await api.getPathDefaults());
    expect(edit).toMatchObject({ kind: 'patch', name: 'cam' });
    await applyPathEdit(api, edit);
    expect((await api.getPathConf('cam')).forward.map((f) => f.dest)).toEqual(['rtmp://a/x', 'srt://b:9000']);
  });

  it('gives a path matched by "~regex" its own entry carrying the regex entry\'s settings', async () => {
    const api = apiWith({ '~^cam': { maxReaders: 3, sourceOnDemand: false }, all_others: {} });
    const confs = (await api.listPathConfs()).items;
    const defaults = await api.getPathDefaults();
    const edit = planPathEdit('cam7', () => ({ record: true }), confs, defaults, '~^cam');
    expect(edit).toEqual({ kind: 'add', name: 'cam7', conf: { maxReaders: 3, record: true }, takesOverFrom: '~^cam' });
    await applyPathEdit(api, edit);
    const added = await api.getPathConf('cam7');
    expect([added.record, added.maxReaders]).toEqual([true, 3]);
    // The regex entry itself is untouched.
    expect((await api.getPathConf('~^cam')).record).toBe(false);
  });

  it('adds a path that is not live with just the change', async () => {
    const api = apiWith({ all_others: {} });
    const edit = planPathEdit('pulled', () => ({ source: 'rtsp://10.0.0.9/s', sourceOnDemand: true }),
      (await api.listPathConfs()).items, await api.getPathDefaults());
    expect(edit).toEqual({ kind: 'add', name: 'pulled', conf: { source: 'rtsp://10.0.0.9/s', sourceOnDemand: true } });
    await applyPathEdit(api, edit);
    expect((await api.getPathConf('pulled')).source).toBe('rtsp://10.0.0.9/s');
  });

  it('surfaces the schema\'s message for a bad destination', async () => {
    const api = apiWith({ cam: {} });
    const edit = planPathEdit('cam', (cur) => ({ forward: [...cur.forward, { dest: 'http://x', destFingerprint: '', whipBearerToken: '' }] }),
      (await api.listPathConfs()).items, await api.getPathDefaults());
    await expect(applyPathEdit(api, edit)).rejects.toThrow(/rtmp:\/\//);
  });
});

describe('ownSettings', () => {
  it('keeps only what differs from pathDefaults, never the name', () => {
    const d = defaultConfig().pathDefaults;
    expect(ownSettings({ ...d, record: true, name: 'x' } as never, d)).toEqual({ record: true });
    expect(ownSettings(d, d)).toEqual({});
  });
});
