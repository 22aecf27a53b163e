// The studio GUI end to end: the real engine (`relaybox serve --ui`), the built renderer, headless
// Chromium (the system one; never downloaded), FFmpeg publishing over RTMP.
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestPorts } from '../helpers/engine';
import { freePort } from '../helpers/ports';
import { probe, publishTestPattern, stopAll } from '../helpers/ffmpeg';
import { framesShown, sendTestStream, startStudio, type Studio } from './studio-harness';

let studio: Studio;
let ports: TestPorts;
let uiUrl: string;
let page: Page;

const shot = (name: string) => studio.shot(name);

beforeAll(async () => {
  studio = await startStudio();
  ({ ports, uiUrl, page } = studio);
});

afterAll(async () => {
  await studio?.close();
  await stopAll();
});

describe('relaybox serve --ui', () => {
  it('prints a tokenised loopback URL and answers 401 without the token', async () => {
    const url = new URL(uiUrl);
    expect(url.origin).toBe(`http://127.0.0.1:${ports.api}`);
    expect(url.pathname).toBe('/ui/');
    expect(url.searchParams.get('token')).toMatch(/^[\w-]{24,}$/);
    expect((await fetch(`${url.origin}/ui/`)).status).toBe(401);
    expect((await fetch(`${url.origin}/ui/?token=wrong`)).status).toBe(401);
    // An API call that looks like the page's own (fetch metadata) needs the token too.
    expect((await fetch(`${url.origin}/v3/relaybox/status`, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(401);
    expect((await fetch(uiUrl)).status).toBe(200);
  });

  it('starts and stops the server from the Home screen', async () => {
    await page.goto(uiUrl);
    // The token moved into sessionStorage, out of the address bar.
    await expect.poll(() => page.url()).not.toContain('token=');
    const state = page.locator('.server-state');
    await expect.poll(() => state.getAttribute('data-state')).toMatch(/^(running|partial)$/);
    await page.locator('[data-listener="rtmp"] .state[data-state="listening"]').waitFor();
    await shot('home-en-light');
    await page.locator('button.start').click();
    await expect.poll(() => state.getAttribute('data-state')).toBe('stopped');
    await expect.poll(() => page.locator('[data-listener="rtmp"] .state').getAttribute('data-state')).toBe('stopped');
    await page.locator('button.start').click();
    await expect.poll(() => state.getAttribute('data-state')).toMatch(/^(running|partial)$/);
    await page.locator('[data-listener="rtmp"] .state[data-state="listening"]').waitFor();
    // First-run guide points OBS at this server.
    expect(await page.locator('[data-field="guide-obs-server"] input').inputValue()).toBe(`rtmp://127.0.0.1:${ports.rtmp}`);
  });

  it('"Send test stream" publishes the test pattern, which appears in Streams', async () => {
    const card = await sendTestStream(page);
    expect(await card.locator('[data-tracks]').innerText()).toBe('H264, MPEG-4 Audio');
    await card.locator('[data-warning="aac_webrtc"]').waitFor();
    await page.locator('[data-nav="home"]').click();
    await page.locator('button.test-stream-stop').click();
    await page.locator('button.test-stream-start').waitFor();
    await page.locator('[data-nav="streams"]').click();
    await card.waitFor({ state: 'detached' });
  });

  it('lists a published stream with OBS fields and plays its preview', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/e2e/cam1`, { audio: false });
    await page.locator('[data-nav="streams"]').click();
    const card = page.locator('li.stream[data-path="e2e/cam1"]');
    await card.locator('.state[data-ready="true"]').waitFor();
    expect(await card.locator('[data-field="obs-server"] input').inputValue()).toBe(`rtmp://127.0.0.1:${ports.rtmp}/e2e`);
    expect(await card.locator('[data-field="obs-key"] input').inputValue()).toBe('cam1');
    expect(await card.locator('[data-field="flv"] input').inputValue()).toBe(`http://127.0.0.1:${ports.hls}/e2e/cam1.flv`);
    // URLs for other devices: each LAN address of this machine can be picked (this box has at least one).
    const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (lan) {
      await page.locator('.host-picker select').selectOption(lan);
      expect(await card.locator('[data-field="rtsp"] input').inputValue()).toBe(`rtsp://${lan}:${ports.rtsp}/e2e/cam1`);
      await page.locator('.host-picker select').selectOption('127.0.0.1');
    }
    await card.locator('.preview video').waitFor();
    expect(await framesShown(card.locator('.preview video'))).toBeGreaterThan(30);
    await shot('streams-en-light');
    // Hiding the preview stops it (no video element left, so no reader is held).
    await card.locator('.preview-toggle').click();
    expect(await card.locator('.preview video').count()).toBe(0);
  });

  it('moves RTSP to a new port from Settings, and ffprobe reads the stream there', async () => {
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/e2e/moved`, { audio: false });
    await page.locator('[data-nav="settings"]').click();
    await page.locator('[data-tab="ports"]').click();
    const address = page.locator('[data-setting="global:rtspAddress"]');
    const original = await address.locator('input').inputValue();
    // The shared validator's message shows at the field while typing; nothing is sent.
    await address.locator('input').fill(':99999');
    await expect.poll(() => address.locator('.field-error').innerText()).toContain('1–65535');
    await shot('settings-en-invalid');
    const newPort = await freePort();
    await address.locator('input').fill(`:${newPort}`);
    await expect.poll(() => address.locator('.field-error').count()).toBe(0);
    await page.locator('button.settings-save').click();
    await expect.poll(() => page.locator('.settings-saved').innerText()).toContain('rtsp');
    await shot('settings-en-light');
    await page.locator(`[data-nav="streams"]`).click();
    await page.locator('li.stream[data-path="e2e/moved"] .state[data-ready="true"]').waitFor();
    expect(await page.locator('li.stream[data-path="e2e/moved"] [data-field="rtsp"] input').inputValue()).toBe(`rtsp://127.0.0.1:${newPort}/e2e/moved`);
    const moved = await probe(`rtsp://127.0.0.1:${newPort}/e2e/moved`, ['-rtsp_transport', 'tcp']);
    expect(moved.error).toBe('');
    expect(moved.streams).toEqual([expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 640, height: 360 })]);
    const old = await probe(`rtsp://127.0.0.1:${ports.rtsp}/e2e/moved`, ['-rtsp_transport', 'tcp'], 5);
    expect(old.streams).toEqual([]);
    // Back to the original port through the same form, for the tests that follow.
    await page.locator('[data-nav="settings"]').click();
    await page.locator('[data-tab="ports"]').click();
    await page.locator('[data-setting="global:rtspAddress"] input').fill(original);
    await page.locator('button.settings-save').click();
    await expect.poll(() => page.locator('.settings-saved').innerText()).toContain('rtsp');
    publisher.kill();
    await publisher.exited;
  });

  it('previews an H.264/Opus stream over WebRTC (FLV cannot carry Opus), shows its latency, and stops its publisher', async () => {
    const publisher = publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/e2e/opus`, {
      format: 'rtsp', extra: ['-c:a', 'libopus', '-b:a', '64k', '-rtsp_transport', 'tcp'],
    });
    await page.locator('[data-nav="streams"]').click();
    const card = page.locator('li.stream[data-path="e2e/opus"]');
    await card.locator('.state[data-ready="true"]').waitFor();
    expect(await card.locator('[data-tracks]').innerText()).toBe('H264, Opus');
    await card.locator('[data-warning="opus_rtmp"]').waitFor();
    const preview = card.locator('.preview');
    // Previews play only while on screen (each one is a reader on the server).
    await preview.scrollIntoViewIfNeeded();
    await expect.poll(() => preview.getAttribute('data-preview-kind'), { timeout: 15_000 }).toBe('whep');
    expect(await framesShown(preview.locator('video'))).toBeGreaterThan(30);
    await expect.poll(() => preview.locator('.preview-facts').innerText(), { timeout: 15_000 }).toMatch(/latency ≈ \d+(\.\d)? m?s · 640×360/);
    await card.locator('[data-bitrate]').filter({ hasText: /[1-9][\d.]* (k|M)bit\/s/ }).waitFor();
    await shot('streams-en-webrtc-preview');
    // "Stop publisher" kicks the RTSP session: FFmpeg loses its connection and the path goes away.
    await card.locator('.sessions summary').click();
    await card.locator('.sessions li').first().locator('button.kick').click();
    await card.waitFor({ state: 'detached' });
    expect(await Promise.race([publisher.exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 10_000))])).toBe('exited');
  });

  it('shows and filters the log tail', async () => {
    await page.locator('[data-nav="logs"]').click();
    const lines = page.locator('.log-line');
    await lines.filter({ hasText: 'listener opened' }).first().waitFor();
    await page.locator('.log-search').fill('listener opened');
    await expect.poll(async () => {
      const texts = await lines.allInnerTexts();
      return texts.length > 0 && texts.every((t) => t.includes('listener opened'));
    }).toBe(true);
    await shot('logs-en-light');
    await page.locator('.log-level-filter').selectOption('error');
    await expect.poll(() => lines.filter({ hasText: 'listener opened' }).count()).toBe(0);
    await page.locator('.log-level-filter').selectOption('');
    await page.locator('.log-search').fill('');
  });

  it('shows diagnostics: FFmpeg, listeners, port check, and a redacted text for bug reports', async () => {
    await page.locator('[data-nav="diagnostics"]').click();
    await page.locator('[data-listener-row="rtmp"] .state[data-state="listening"]').waitFor();
    await page.locator('[data-ffmpeg="found"]').waitFor({ timeout: 30_000 });
    await page.locator('button.check-ports').click();
    await page.locator('.ports-table [data-port-row="rtmpAddress"]').waitFor();
    const text = await page.locator('.diag-text').innerText();
    expect(text).toContain(`RTMP: tcp 127.0.0.1:${ports.rtmp}`);
    expect(text).toMatch(/ffmpeg: \S+ at \S+/);
    expect(text).not.toContain(new URL(uiUrl).searchParams.get('token')!);
    // LAN addresses: this machine's non-loopback IPv4 addresses, as the OS lists them.
    const lan = Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address);
    const status = await (await fetch(`http://127.0.0.1:${ports.api}/v3/relaybox/status`)).json() as { addresses: string[] };
    expect(status.addresses).toEqual(lan);
    expect(await page.locator('[data-lan]').innerText()).toBe(lan.join(', ') || 'none');
    await shot('diagnostics-en-light');
  });

  it('switches to 简体中文 and back, in light and dark', async () => {
    await page.locator('.lang-select').selectOption('zh-CN');
    await expect.poll(() => page.locator('[data-nav="home"]').innerText()).toBe('首页');
    for (const screen of ['home', 'streams', 'settings', 'logs', 'diagnostics']) {
      await page.locator(`[data-nav="${screen}"]`).click();
      await shot(`${screen}-zh-light`);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const screen of ['home', 'streams', 'settings', 'logs', 'diagnostics']) {
      await page.locator(`[data-nav="${screen}"]`).click();
      await shot(`${screen}-zh-dark`);
    }
    await page.locator('.lang-select').selectOption('en');
    await expect.poll(() => page.locator('[data-nav="home"]').innerText()).toBe('Home');
    await page.locator('[data-nav="home"]').click();
    await shot('home-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('names the program holding a port and moves the listener with "Use port N instead"', async () => {
    await page.locator('[data-nav="home"]').click();
    const state = page.locator('.server-state');
    await page.locator('button.start').click();
    await expect.poll(() => state.getAttribute('data-state')).toBe('stopped');
    const squatter: Server = createServer();
    await new Promise<void>((resolve, reject) => { squatter.once('error', reject); squatter.listen(ports.rtsp, '127.0.0.1', resolve); });
    try {
      await page.locator('button.start').click();
      const card = page.locator('[data-listener="rtsp"]');
      await card.locator('.state[data-state="port-conflict"]').waitFor();
      expect(await card.locator('.conflict').innerText()).toContain(`(PID ${process.pid})`);
      await shot('home-en-port-conflict');
      await card.locator('button.use-port').click();
      await card.locator('.state[data-state="listening"]').waitFor();
      expect(await page.locator('.note').innerText()).toContain('rtsp');
      const moved = Number(await card.getAttribute('data-port'));
      expect(moved).not.toBe(ports.rtsp);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });

  it('keeps the token out of the logs (only the one CLI line shows it)', async () => {
    const token = new URL(uiUrl).searchParams.get('token')!;
    expect(studio.output().split(token).length - 1).toBe(1);
    const logs = await (await fetch(`http://127.0.0.1:${ports.api}/v3/relaybox/logs?limit=10000`)).text();
    expect(logs).not.toContain(token);
  });
});
