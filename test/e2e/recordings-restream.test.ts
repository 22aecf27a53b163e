// Recordings, pulled sources, restreams and the log tools end to end: `relaybox serve --ui`,
// headless Chromium, FFmpeg's test pattern. Record a path from the Recordings screen, play the
// segment back through the playback server; restream one path into another over RTMP; pull a
// path over RTSP; filter the log by module and export it.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stopAll } from '../helpers/ffmpeg';
import { freePort } from '../helpers/ports';
import { openRunningStudio, sendTestStream, shotLanguagesAndThemes, type Studio } from './studio-harness';

let studio: Studio;
let playbackPort: number;

beforeAll(async () => {
  playbackPort = await freePort();
  // Playback stays off (the default) so the screen's "Enable playback" is what turns it on.
  studio = await openRunningStudio(`logDestinations: [stdout]\nplaybackAddress: 127.0.0.1:${playbackPort}\n`);
});

afterEach(() => {
  expect(studio.output()).not.toContain('[page error]');
});

afterAll(async () => {
  await studio?.close();
  await stopAll();
});

/** Streams → "Add source": a path pulling `url` all the time (not on demand). */
async function addSource(page: Page, name: string, url: string): Promise<void> {
  await page.locator('button.add-source-open').click();
  const form = page.locator('form.add-source');
  await form.locator('input[name="path"]').fill(name);
  await form.locator('input[name="source"]').fill(url);
  await form.locator('input[name="sourceOnDemand"]').uncheck();
  await form.locator('button.form-save').click();
  await form.waitFor({ state: 'detached' });
}

describe('recordings, sources and restreams in the studio GUI', () => {
  it('records a path chosen on the Recordings screen and plays its segment back', async () => {
    const { page } = studio;
    await page.locator('[data-nav="recordings"]').click();
    await page.locator('[data-playback="off"]').waitFor();
    await page.locator('button.playback-enable').click();
    await page.locator('[data-playback="on"]').filter({ hasText: String(playbackPort) }).waitFor();

    await page.locator('input[name="record-path"]').fill('test');
    await page.locator('button.record-add-submit').click();
    await page.locator('[data-record-conf="test"] input.record-toggle:checked').waitFor();

    await sendTestStream(page);
    // A few seconds of recording: the recorder flushes a part every second (recordPartDuration).
    await page.waitForTimeout(6000);
    await page.locator('[data-nav="recordings"]').click();
    const rec = page.locator('li.recording[data-recording="test"]');
    const play = rec.locator('button.segment-play:not([disabled])').first();
    await play.waitFor({ timeout: 20_000 });
    expect(await rec.locator('[data-length]').first().innerText()).toMatch(/^\d+(\.\d)? s$|^\d+:\d\d$/);
    await play.click();
    const video = rec.locator('.recording-player video');
    expect(await video.getAttribute('src')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${playbackPort}/get\\?path=test&start=.+&format=mp4$`));
    // It plays: currentTime advances past a second (the span is ≥ 5 s long).
    await page.waitForFunction(() => ((document.querySelector('.recording-player video') as HTMLVideoElement | null)?.currentTime ?? 0) > 1,
      undefined, { timeout: 20_000 });
    const t = await video.evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, w: v.videoWidth, error: v.error?.message }));
    expect(t.error).toBeUndefined();
    expect(t.time).toBeGreaterThan(1);
    expect(t.w).toBe(1280);
    await shotLanguagesAndThemes(studio, 'recordings', page.locator('.recordings h2', { hasText: '录像' }));

    // Record off, then delete every segment: the path leaves the list.
    await page.locator('[data-record-conf="test"] input.record-toggle').uncheck();
    await page.locator('[data-record-conf="test"] input.record-toggle:not(:checked)').waitFor();
    for (let i = 0; i < 5 && await rec.count() > 0; i++) {
      await rec.locator('button.segment-delete').first().click();
      await rec.locator('button.segment-delete-confirm').first().click();
      await page.waitForTimeout(500);
    }
    await rec.waitFor({ state: 'detached' });
  });

  it('restreams path "test" to B over RTMP, and pulls a path over RTSP, from the Streams forms', async () => {
    const { page, ports } = studio;
    await page.locator('[data-nav="streams"]').click();
    await page.locator('li.stream[data-path="test"] .state[data-ready="true"]').waitFor();

    await page.locator('button.add-restream-open').click();
    const form = page.locator('form.add-restream');
    await form.locator('input[name="from"]').fill('test');
    await form.locator('input[name="dest"]').fill(`rtmp://127.0.0.1:${ports.rtmp}/B`);
    await form.locator('button.form-save').click();
    await page.locator('.path-conf-note').waitFor();
    await page.locator(`li.stream[data-path="test"] [data-forward="rtmp://127.0.0.1:${ports.rtmp}/B"][data-state="running"]`).waitFor({ timeout: 30_000 });
    await page.locator('li.stream[data-path="B"] .state[data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('li.stream[data-path="B"] [data-tracks]').innerText()).toMatch(/H264/);
    await page.locator('li.stream[data-path="test"] button.forward-remove').click();
    await page.locator('li.stream[data-path="test"] .forwards').waitFor({ state: 'detached' });
    await page.locator('li.stream[data-path="B"]').waitFor({ state: 'detached', timeout: 30_000 });

    await addSource(page, 'pulled', `rtsp://127.0.0.1:${ports.rtsp}/test`);
    const pulled = page.locator('li.stream[data-path="pulled"]');
    await pulled.locator('.source-status[data-source-state="ready"]').waitFor({ timeout: 30_000 });
    await pulled.locator('.state[data-ready="true"]').waitFor();

    // A source nothing answers: retrying, with the error and the attempts counted.
    await addSource(page, 'broken', 'rtsp://127.0.0.1:1/none');
    const broken = page.locator('li.stream[data-path="broken"]');
    await broken.locator('.source-status[data-source-state="retrying"] .source-error').waitFor({ timeout: 30_000 });

    // The QR code of the player page for the chosen host.
    const card = page.locator('li.stream[data-path="test"]');
    await card.locator('.qr summary').click();
    expect(await card.locator('svg.qr-code').getAttribute('data-qr')).toBe(`http://127.0.0.1:${ports.webrtc}/test`);
    await shotLanguagesAndThemes(studio, 'streams-sources', page.locator('.source-status', { hasText: '拉流来源' }).first());
  });

  it('filters the log by module and exports the lines shown', async () => {
    const { page } = studio;
    await page.locator('[data-nav="logs"]').click();
    const select = page.locator('select.log-module-filter');
    const modules = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(modules.length).toBeGreaterThan(1);
    const chosen = modules.includes('forward') ? 'forward' : modules[0];
    await select.selectOption(chosen);
    const shown = await page.locator('.log-line .log-module').allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set([`[${chosen}]`]));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.log-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^relaybox-logs-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.txt$/);
    const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(shown.length);
    for (const l of lines) expect(l).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z (ERROR|WARN |INFO |DEBUG) \\[${chosen}\\] `));
    await select.selectOption('');
  });
});
