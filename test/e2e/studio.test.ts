// The studio GUI end to end: the real engine (`relaybox serve --ui`), the built renderer, headless
// Chromium (the system one; never downloaded), FFmpeg publishing over RTMP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { testConfigYaml, type TestPorts } from '../helpers/engine';
import { freePorts } from '../helpers/ports';
import { publishTestPattern, stopAll } from '../helpers/ffmpeg';

const ROOT = join(__dirname, '../..');
const SHOTS = join(__dirname, 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let ports: TestPorts;
let engine: ChildProcess;
let engineOut = '';
let uiUrl: string;
let context: BrowserContext;
let page: Page;

function waitForUiUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no UI URL within ${timeoutMs} ms:\n${engineOut}`)), timeoutMs);
    const onData = (d: Buffer) => {
      engineOut += d.toString();
      const m = /Relaybox UI: (http:\/\/\S+)/.exec(engineOut);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { engineOut += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`engine exited (${code}):\n${engineOut}`)); });
  });
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'relaybox-e2e-'));
  const [rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics] = await freePorts(9);
  ports = { rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics };
  const config = join(dir, 'relaybox.yml');
  writeFileSync(config, testConfigYaml(ports, 'logDestinations: [stdout]\n'));
  engine = spawn(process.execPath, [join(ROOT, 'bin/relaybox.js'), 'serve', '--ui', '--config', config],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  uiUrl = await waitForUiUrl(engine, 15_000);
  context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await stopAll();
  if (engine && engine.exitCode === null) {
    const exited = new Promise((r) => engine.once('exit', r));
    engine.kill('SIGTERM');
    const timer = setTimeout(() => engine.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
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

  it('lists a published stream with OBS fields and plays its preview', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/e2e/cam1`, { audio: false });
    await page.locator('[data-nav="streams"]').click();
    const card = page.locator('li.stream[data-path="e2e/cam1"]');
    await card.locator('.state[data-ready="true"]').waitFor();
    expect(await card.locator('[data-field="obs-server"] input').inputValue()).toBe(`rtmp://127.0.0.1:${ports.rtmp}/e2e`);
    expect(await card.locator('[data-field="obs-key"] input').inputValue()).toBe('cam1');
    expect(await card.locator('[data-field="flv"] input').inputValue()).toBe(`http://127.0.0.1:${ports.hls}/e2e/cam1.flv`);
    await card.locator('.preview video').waitFor();
    const frames = await card.locator('.preview video').evaluate((v: HTMLVideoElement) => new Promise<number>((resolve) => {
      let n = 0;
      const timer = setTimeout(() => resolve(n), 10_000);
      const onFrame = () => {
        n++;
        if (n > 30) { clearTimeout(timer); resolve(n); } else v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    }));
    expect(frames).toBeGreaterThan(30);
    await shot('streams-en-light');
    // Hiding the preview stops it (no video element left, so no reader is held).
    await card.locator('.preview-toggle').click();
    expect(await card.locator('.preview video').count()).toBe(0);
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

  it('switches to 简体中文 and back, in light and dark', async () => {
    await page.locator('.lang-select').selectOption('zh-CN');
    await expect.poll(() => page.locator('[data-nav="home"]').innerText()).toBe('首页');
    for (const screen of ['home', 'streams', 'logs']) {
      await page.locator(`[data-nav="${screen}"]`).click();
      await shot(`${screen}-zh-light`);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const screen of ['home', 'streams', 'logs']) {
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
    expect(engineOut.split(token).length - 1).toBe(1);
    const logs = await (await fetch(`http://127.0.0.1:${ports.api}/v3/relaybox/logs?limit=10000`)).text();
    expect(logs).not.toContain(token);
  });
});
