// Capture and "Send test stream" end to end: `relaybox serve --ui`, headless Chromium, FFmpeg
// pipelines started from the page, and ffprobe reading what they publish over RTSP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineInfo } from '../../src/shared/pipelines';
import { probe, stopAll } from '../helpers/ffmpeg';
import { openRunningStudio, sendTestStream, shotLanguagesAndThemes, type Studio } from './studio-harness';

let studio: Studio;

const listPipelines = async (): Promise<PipelineInfo[]> =>
  ((await (await fetch(`http://127.0.0.1:${studio.ports.api}/v3/relaybox/pipelines/list`)).json()) as { items: PipelineInfo[] }).items;

beforeAll(async () => {
  studio = await openRunningStudio();
});

afterEach(() => {
  // A render error unmounts the app: fail the test that caused it, not the next one.
  expect(studio.output()).not.toContain('[page error]');
});

afterAll(async () => {
  await studio?.close();
  await stopAll();
});

describe('capture in the studio GUI', () => {
  it('"Send test stream" starts the test pattern; it appears in Streams and ffprobe reads it over RTSP', async () => {
    const { page, ports } = studio;
    const card = await sendTestStream(page);
    const probed = await probe(`rtsp://127.0.0.1:${ports.rtsp}/test`, ['-rtsp_transport', 'tcp']);
    expect(probed.error).toBe('');
    expect(probed.streams).toEqual([
      expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 1280, height: 720 }),
      expect.objectContaining({ codec_type: 'audio', codec_name: 'aac' }),
    ]);
    // The same pipeline is listed on the Capture screen, running.
    await page.locator('[data-nav="capture"]').click();
    await page.locator('[data-pipeline="test-pattern"][data-state="running"]').waitFor();
    await page.locator('[data-pipeline="test-pattern"] button.pipeline-stop').click();
    await page.locator('[data-pipeline="test-pattern"][data-state="stopped"]').waitFor();
    await page.locator('[data-nav="streams"]').click();
    await card.waitFor({ state: 'detached' });
  });

  it('adds a test pattern at a chosen size, shows its live stats, stops and deletes it', async () => {
    const { page, ports } = studio;
    await page.locator('[data-nav="capture"]').click();
    await page.locator('button.pipeline-new').click();
    const form = page.locator('form.pipeline-editor');
    await form.locator('input[name="name"]').fill('e2e-tp');
    await form.locator('select[name="kind"]').selectOption('testPattern');
    await form.locator('select[name="resolution"]').selectOption('640x360');
    await form.locator('input[name="fps"]').fill('25');
    await form.locator('input[name="path"]').fill('e2e/capture');
    // Hardware encoders are offered only when they opened here; 'auto' and libx264 always are.
    expect(await form.locator('select[name="encoder"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).slice(0, 2))).toEqual(['auto', 'libx264']);
    await form.locator('select[name="encoder"]').selectOption('libx264');
    await form.locator('input[name="autoStart"]').uncheck();
    await studio.shot('capture-en-editor');
    await form.locator('button.pipeline-save').click();
    const card = page.locator('[data-pipeline="e2e-tp"]');
    await card.locator('button.pipeline-start').waitFor();
    expect(await card.getAttribute('data-state')).toMatch(/^(idle|stopped)$/);
    expect((await listPipelines()).find((p) => p.name === 'e2e-tp')?.def).toMatchObject({ width: 640, height: 360, fps: 25, encoder: 'libx264', path: 'e2e/capture' });

    await card.locator('button.pipeline-start').click();
    await page.locator('[data-pipeline="e2e-tp"][data-state="running"]').waitFor({ timeout: 30_000 });
    // Live numbers from FFmpeg's -progress, pushed over the event stream about once a second.
    await card.locator('[data-stat="fps"]').filter({ hasText: /^(2[0-9]|3[0-2])(\.\d)? fps$/ }).waitFor({ timeout: 30_000 });
    await card.locator('[data-stat="bitrate"]').filter({ hasText: /[1-9][\d.]* (k|M)bit\/s/ }).waitFor();
    await card.locator('[data-stat="speed"]').filter({ hasText: /\d\.\d\d× speed/ }).waitFor();
    await card.locator('.pipeline-command summary').click();
    expect(await card.locator('.pipeline-command code').innerText()).toContain('libx264');
    const probed = await probe(`rtsp://127.0.0.1:${ports.rtsp}/e2e/capture`, ['-rtsp_transport', 'tcp']);
    expect(probed.error).toBe('');
    expect(probed.streams).toContainEqual(expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 640, height: 360 }));
    await shotLanguagesAndThemes(studio, 'capture', card.locator('.state', { hasText: '运行中' }));

    await card.locator('button.pipeline-stop').click();
    await page.locator('[data-pipeline="e2e-tp"][data-state="stopped"]').waitFor();
    expect(await card.locator('[data-stat="fps"]').count()).toBe(0);
    await card.locator('button.pipeline-delete').click();
    await card.locator('button.pipeline-delete-confirm').click();
    await card.waitFor({ state: 'detached' });
    expect((await listPipelines()).map((p) => p.name)).not.toContain('e2e-tp');
  });
  it('shows a restream that cannot open its input as retrying, with FFmpeg\'s error line', async () => {
    const { page } = studio;
    await page.locator('[data-nav="capture"]').click();
    await page.locator('button.pipeline-new').click();
    const form = page.locator('form.pipeline-editor');
    await form.locator('input[name="name"]').fill('e2e-broken');
    await form.locator('select[name="kind"]').selectOption('restream');
    // Nothing listens on port 1: FFmpeg fails at once and the supervisor backs off.
    await form.locator('input[name="input"]').fill('rtsp://127.0.0.1:1/nothing');
    await form.locator('button.pipeline-save').click();
    const card = page.locator('[data-pipeline="e2e-broken"]');
    await card.locator('.pipeline-error').waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-state')).toMatch(/^(retrying|failed)$/);
    expect(await card.locator('.pipeline-error').innerText()).toMatch(/^Last error: .*\S/);
    await studio.shot('capture-en-error');
    await card.locator('button.pipeline-delete').click();
    await card.locator('button.pipeline-delete-confirm').click();
    await card.waitFor({ state: 'detached' });
  });
});
