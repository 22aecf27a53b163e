// @vitest-environment happy-dom
// The Capture screen as a component against the real engine API in-process, media not started
// (definitions are editable offline): add a test pattern with a chosen resolution, schema
// messages at the field with nothing sent, edit, delete after confirming, the engine's refusal to
// start while stopped shown, encoders/devices from this machine's FFmpeg, and 简体中文.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { defaultConfig } from '../../../src/shared/config';
import type { RelayboxApi } from '../../../src/shared/api';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { Capture } from '../../../src/renderer/src/features/capture/Capture';
import { useCapture } from '../../../src/renderer/src/features/capture/capture-store';
import { useApp } from '../../../src/renderer/src/store';
import { mountScreen, setInputValue, settle, type MountedScreen } from './dom-screen';

let screen: MountedScreen;
let engine: Engine;
let api: RelayboxApi;

const $ = <T extends Element = HTMLElement>(sel: string) => screen.host.querySelector<T>(sel);
const click = (sel: string) => act(async () => { $(sel)!.click(); });

const type = (input: HTMLInputElement, value: string) => act(async () => setInputValue(input, value));

function choose(sel: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(sel)!;
  return act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(select, value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Waits for something that needs FFmpeg to answer (capabilities, devices): bounded by turns, not time. */
async function settleUntil(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await act(async () => { await new Promise((r) => setTimeout(r, 25)); });
  expect(ok()).toBe(true);
}

const stored = async (name: string) => (await api.listPipelines()).items.find((p) => p.name === name);

beforeEach(async () => {
  engine = createEngine({ config: defaultConfig() });
  api = createEngineApi(engine);
  useCapture.setState({ items: [], caps: undefined, capsError: undefined, devices: undefined, devicesLoading: false, error: undefined });
  useApp.setState({ lang: 'en', api, status: undefined });
  screen = await mountScreen(Capture);
});

afterEach(async () => {
  await screen.unmount();
  await engine.stop();
});

async function addTestPattern(name: string, resolution: string): Promise<void> {
  await click('button.pipeline-new');
  await type($<HTMLInputElement>('input[name="name"]')!, name);
  await choose('select[name="resolution"]', resolution);
  await act(async () => { $<HTMLFormElement>('form.pipeline-editor')!.requestSubmit(); });
  await settle();
}

describe('Capture screen', () => {
  it('adds a test pattern with the chosen resolution and lists it', async () => {
    expect($('.cap-empty')!.textContent).toBe('No pipelines yet.');
    expect($('.cap-needs-server')).not.toBeNull();
    await addTestPattern('tp', '640x360');
    expect((await stored('tp'))!.def).toMatchObject({ kind: 'testPattern', width: 640, height: 360, fps: 30, encoder: 'auto' });
    expect($('form.pipeline-editor')).toBeNull();
    const card = $('[data-pipeline="tp"]')!;
    expect(card.querySelector('.state')!.textContent).toBe('stopped');
    expect(card.textContent).toContain('Test pattern → path tp');
    expect(card.querySelector('button.pipeline-start')).not.toBeNull();
  });

  it('shows schema messages at the field and sends nothing while one shows', async () => {
    await addTestPattern('lobby', '1280x720');
    await click('button.pipeline-new');
    await type($<HTMLInputElement>('input[name="name"]')!, 'lobby');
    expect($('[data-field="name"] .field-error')!.textContent).toBe('a pipeline with this name already exists');
    await type($<HTMLInputElement>('input[name="name"]')!, 'big');
    await choose('select[name="resolution"]', 'custom');
    await type($<HTMLInputElement>('input[name="width"]')!, '99999');
    expect($('[data-field="resolution"] .field-error')!.textContent).toMatch(/7680/);
    expect($<HTMLButtonElement>('button.pipeline-save')!.disabled).toBe(true);
    await act(async () => { $<HTMLFormElement>('form.pipeline-editor')!.requestSubmit(); });
    await settle();
    expect(await stored('big')).toBeUndefined();
    await choose('select[name="kind"]', 'restream');
    await type($<HTMLInputElement>('input[name="width"]')!, '1920');
    expect($('[data-field="input"] .field-error')).not.toBeNull();
    await type($<HTMLInputElement>('input[name="input"]')!, 'srt://127.0.0.1:9000');
    await act(async () => { $<HTMLFormElement>('form.pipeline-editor')!.requestSubmit(); });
    await settle();
    expect((await stored('big'))!.def).toMatchObject({ kind: 'restream', input: 'srt://127.0.0.1:9000', width: 1920, height: 720 });
  });

  it('edits a pipeline (cleared fields removed) and deletes it after confirming', async () => {
    await api.addPipeline('cam', { kind: 'testPattern', path: 'studio/a', bitrateKbps: 3000 });
    await act(async () => useCapture.getState().load(api));
    await click('[data-pipeline="cam"] button.pipeline-edit');
    expect($<HTMLInputElement>('input[name="path"]')!.value).toBe('studio/a');
    await type($<HTMLInputElement>('input[name="path"]')!, '');
    await type($<HTMLInputElement>('input[name="fps"]')!, '25');
    await act(async () => { $<HTMLFormElement>('form.pipeline-editor')!.requestSubmit(); });
    await settle();
    const def = (await stored('cam'))!.def;
    expect(def).toMatchObject({ fps: 25, bitrateKbps: 3000 });
    expect(def.path).toBeUndefined();
    expect($('[data-pipeline="cam"]')!.textContent).toContain('→ path cam');
    await click('[data-pipeline="cam"] button.pipeline-delete');
    expect(await stored('cam')).toBeDefined();
    await click('[data-pipeline="cam"] button.pipeline-delete-confirm');
    await settle();
    expect(await stored('cam')).toBeUndefined();
    expect($('[data-pipeline="cam"]')).toBeNull();
  });

  it('shows the engine\'s answer when a pipeline cannot start (server stopped)', async () => {
    await addTestPattern('tp', '640x360');
    await click('[data-pipeline="tp"] button.pipeline-start');
    await settle();
    expect($('.capture [role="alert"]')!.textContent).toMatch(/media server is stopped/);
  });

  it('offers encoders and devices from this machine\'s FFmpeg', async () => {
    await settleUntil(() => useCapture.getState().caps !== undefined || useCapture.getState().capsError !== undefined);
    const caps = useCapture.getState().caps!;
    await click('button.pipeline-new');
    const encoders = [...screen.host.querySelectorAll<HTMLOptionElement>('select[name="encoder"] option')].map((o) => o.value);
    expect(encoders).toEqual(['auto', ...(caps.encoders.includes('libx264') ? ['libx264'] : []), ...caps.workingHardwareH264]);
    await choose('select[name="kind"]', 'camera');
    await settleUntil(() => useCapture.getState().devices !== undefined);
    const listing = await api.listCaptureDevices();
    const cameras = [...screen.host.querySelectorAll<HTMLOptionElement>('select[name="camera"] option')].map((o) => o.value);
    expect(cameras[0]).toBe('');
    expect(cameras.length - 1).toBe(listing.devices.filter((d) => d.backend === 'v4l2' || d.backend === 'dshow' || d.backend === 'avfoundation').filter((d) => d.kinds.includes('video') || d.kinds.length === 0).length);
    // Neither chosen: the schema's cross-field rule shows at the camera picker.
    expect($('[data-field="camera"] .field-error')!.textContent).toMatch(/camera, a microphone or both/);
  });

  it('speaks 简体中文', async () => {
    await act(async () => useApp.setState({ lang: 'zh-CN' }));
    expect($('.capture h2')!.textContent).toBe('采集管线');
    await click('button.pipeline-new');
    expect([...screen.host.querySelectorAll('select[name="kind"] option')].map((o) => o.textContent)).toEqual(['测试图案', '媒体文件', '桌面', '摄像头和麦克风', '转推 URL']);
  });
});
