// @vitest-environment happy-dom
// The Recordings screen as a component against the real engine API in-process (media not
// started): "Enable playback" patches the global config, the record switch and "Record a path"
// edit path configurations, and a segment on disk is listed and deleted after confirming.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/shared/config';
import type { RelayboxApi } from '../../../src/shared/api';
import { createEngine, type Engine } from '../../../src/main/engine/engine';
import { createEngineApi } from '../../../src/main/engine/engine-api';
import { Recordings } from '../../../src/renderer/src/features/recordings/Recordings';
import { useApp } from '../../../src/renderer/src/store';
import { mountScreen, setInputValue, settle as settleTurns, type MountedScreen } from './dom-screen';

let screen: MountedScreen;
let engine: Engine;
let api: RelayboxApi;
let dir: string;

const $ = <T extends Element = HTMLElement>(sel: string) => screen.host.querySelector<T>(sel);
const click = (sel: string) => act(async () => { $(sel)!.click(); });
const settle = () => settleTurns(8);
const type = (input: HTMLInputElement, value: string) => act(async () => setInputValue(input, value));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relaybox-rec-view-'));
  const config = defaultConfig();
  config.pathDefaults = { ...config.pathDefaults, recordPath: join(dir, '%path/%Y-%m-%d_%H-%M-%S-%f') };
  engine = createEngine({ config });
  api = createEngineApi(engine);
  useApp.setState({ lang: 'en', api, status: await api.getStatus(), paths: [] });
  screen = await mountScreen(Recordings);
});

afterEach(async () => {
  await screen.unmount();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Recordings screen', () => {
  it('turns playback on from "Enable playback"', async () => {
    expect($('[data-playback="off"]')!.textContent).toContain('The playback server is off');
    await click('button.playback-enable');
    await settle();
    expect(engine.config.playback).toBe(true);
    // Media is not started here: the listener exists now but is not listening.
    expect($('[data-playback="off"]')).toBeNull();
    expect($('.playback-state')!.getAttribute('data-playback')).not.toBe('off');
  });

  it('records a path by name, then switches it off, and shows the folder', async () => {
    expect($('.rec-folder')!.textContent).toContain(`Recording folder: ${dir.replace(/\\/g, '/')}`);
    await type($<HTMLInputElement>('input[name="record-path"]')!, 'cam');
    await act(async () => { $<HTMLFormElement>('form.record-add')!.requestSubmit(); });
    await settle();
    expect(engine.config.paths.cam).toEqual({ record: true });
    const toggle = $<HTMLInputElement>('[data-record-conf="cam"] input.record-toggle')!;
    expect(toggle.checked).toBe(true);
    await act(async () => { toggle.click(); });
    await settle();
    expect(engine.config.paths.cam.record).toBe(false);
    expect($<HTMLInputElement>('[data-record-conf="cam"] input.record-toggle')!.checked).toBe(false);
  });

  it('lists a segment on disk and deletes it after confirming', async () => {
    mkdirSync(join(dir, 'cam'));
    const file = join(dir, 'cam', '2026-11-22_07-00-00-000000.mp4');
    writeFileSync(file, Buffer.alloc(16));
    await act(async () => { useApp.setState({ lang: 'zh-CN' }); });
    // The list is polled; unmount and mount again instead of waiting for the next poll.
    await screen.render('div');
    await screen.render(Recordings);
    await settle();
    const card = $('[data-recording="cam"]')!;
    expect(card.textContent).toContain('1 个分段');
    expect(card.querySelector('[data-length]')!.textContent).toBe('正在写入');
    expect(card.querySelector<HTMLButtonElement>('button.segment-play')!.disabled).toBe(true);
    await click('button.segment-delete');
    await click('button.segment-delete-confirm');
    await settle();
    expect(existsSync(file)).toBe(false);
    expect($('[data-recording="cam"]')).toBeNull();
    expect($('.rec-empty')!.textContent).toBe('还没有录像。');
  });
});
