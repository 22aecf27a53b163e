// @vitest-environment happy-dom
// The Settings screen as a component against the real engine API in-process (no listeners
// started): validator messages at the field, nothing sent while invalid, Save applies the edit,
// passwords masked until revealed, a new path saved with only its own settings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { defaultConfig } from '../../../src/shared/config';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { Settings } from '../../../src/renderer/src/features/settings/Settings';
import { useSettings } from '../../../src/renderer/src/features/settings/settings-store';
import { useApp } from '../../../src/renderer/src/store';
import { mountScreen, setInputValue as type, settle, type MountedScreen } from './dom-screen';

let screen: MountedScreen;
let engine: Engine;

const $ = <T extends Element = HTMLElement>(sel: string) => screen.host.querySelector<T>(sel);
const click = (sel: string) => act(async () => { $(sel)!.click(); });

beforeEach(async () => {
  engine = createEngine({ config: { ...defaultConfig(), paths: { cam1: { readUser: 'viewer', readPass: 'hidden-pass' } } } });
  useSettings.setState({ data: undefined, drafts: {}, newPaths: [], errors: {}, warnings: {}, saved: undefined, failure: undefined, saving: false });
  useApp.setState({ lang: 'en', api: createEngineApi(engine) });
  screen = await mountScreen(Settings);
});

afterEach(async () => {
  await screen.unmount();
  await engine.stop();
});

describe('Settings screen', () => {
  it('shows the validator message at the field, sends nothing while invalid, then saves', async () => {
    await click('[data-tab="ports"]');
    const input = () => $<HTMLInputElement>('[data-setting="global:rtspAddress"] input')!;
    expect(input().value).toBe(':8554');
    await act(async () => type(input(), ':99999'));
    expect($('[data-setting="global:rtspAddress"] .field-error')!.textContent).toMatch(/rtspAddress ":99999".*1–65535/);
    await click('button.settings-save');
    await settle();
    expect(engine.config.rtspAddress).toBe(':8554');
    await act(async () => type(input(), ':9554'));
    expect($('[data-setting="global:rtspAddress"] .field-error')).toBeNull();
    await click('button.settings-save');
    await settle();
    expect(engine.config.rtspAddress).toBe(':9554');
    expect($('.settings-saved')!.textContent).toMatch(/^Saved\./);
    expect(input().value).toBe(':9554');
  });

  it('masks passwords until "Show" is pressed', async () => {
    await click('[data-tab="paths"]');
    await act(async () => { [...screen.host.querySelectorAll<HTMLButtonElement>('.paths-list li button')].find((b) => b.textContent === 'cam1')!.click(); });
    const pass = $<HTMLInputElement>('[data-setting="path:cam1:readPass"] input')!;
    expect(pass.type).toBe('password');
    expect(pass.value).toBe('hidden-pass');
    await click('[data-setting="path:cam1:readPass"] button.reveal');
    expect($<HTMLInputElement>('[data-setting="path:cam1:readPass"] input')!.type).toBe('text');
  });

  it('adds a path with only the settings that differ from pathDefaults', async () => {
    await click('[data-tab="paths"]');
    await act(async () => type($<HTMLInputElement>('input[name="new-path"]')!, 'cam9'));
    await act(async () => { $<HTMLFormElement>('form.add-path')!.requestSubmit(); });
    await act(async () => type($<HTMLInputElement>('[data-setting="path:cam9:source"] input')!, 'rtsp://10.0.0.9/live'));
    await click('button.settings-save');
    await settle();
    expect(engine.config.paths.cam9).toEqual({ source: 'rtsp://10.0.0.9/live' });
  });

  it('edits users in a table, with the same checks as the server', async () => {
    await click('[data-tab="security"]');
    const rows = () => screen.host.querySelectorAll('[data-setting="global:authInternalUsers"] tbody tr');
    expect(rows()).toHaveLength(2);
    await click('[data-setting="global:authInternalUsers"] tfoot button');
    const row = rows()[2];
    await act(async () => type(row.querySelector<HTMLInputElement>('input[name="user"]')!, 'any'));
    await act(async () => type(row.querySelector<HTMLInputElement>('input[name="pass"]')!, 'x'));
    // MediaMTX rule, from the shared schema: user "any" cannot have a password.
    expect($('[data-setting="global:authInternalUsers"] .field-error')!.textContent).toMatch(/password cannot be used with user "any"/);
  });

  it('shows the effective YAML without secrets and imports a MediaMTX file through the API', async () => {
    await click('[data-tab="yaml"]');
    const view = $('.yaml-view')!.textContent!;
    expect(view).toContain('readUser: viewer');
    expect(view).not.toContain('hidden-pass');
    const input = $<HTMLInputElement>('input.yaml-import')!;
    const file = new File(['rtmpAddress: :2935\npaths:\n  cam2:\n    source: rtsp://10.0.0.2/x\n'], 'mediamtx.yml');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => { input.dispatchEvent(new Event('change', { bubbles: true })); });
    await settle();
    expect($('.import-result')!.textContent).toContain('3 change(s)');
    await click('button.yaml-apply');
    await settle();
    expect(engine.config.rtmpAddress).toBe(':2935');
    expect(Object.keys(engine.config.paths)).toEqual(['cam2']);
    expect($('.yaml-view')!.textContent).toContain('rtmpAddress: :2935');
  });

  it('refuses an invalid file and lists why', async () => {
    await click('[data-tab="yaml"]');
    const input = $<HTMLInputElement>('input.yaml-import')!;
    Object.defineProperty(input, 'files', { value: [new File(['rtmpAddress: 1935x\n'], 'bad.yml')], configurable: true });
    await act(async () => { input.dispatchEvent(new Event('change', { bubbles: true })); });
    await settle();
    expect($('.import-result .issues')!.textContent).toMatch(/rtmpAddress/);
    expect($('button.yaml-apply')).toBeNull();
    expect(engine.config.rtmpAddress).toBe(':1935');
  });
});
