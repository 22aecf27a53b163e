// The e2e harness for the studio GUI: the real engine (`relaybox serve --ui` on free ports, in a
// temporary folder), headless Chromium (the system one; never downloaded) on its tokenised URL,
// and small page helpers. One studio per test file; close() stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { testConfigYaml, type TestPorts } from '../helpers/engine';
import { freePorts } from '../helpers/ports';

const ROOT = join(__dirname, '../..');
export const SHOTS = join(__dirname, 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Studio {
  /** Temporary folder holding relaybox.yml (and relaybox.settings.json once pipelines are saved). */
  dir: string;
  ports: TestPorts;
  /** The URL the CLI printed, with its per-run token. */
  uiUrl: string;
  engine: ChildProcess;
  context: BrowserContext;
  page: Page;
  /** Everything the engine printed so far (stdout and stderr). */
  output(): string;
  /** Full-page screenshot under test/e2e/screenshots/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

function waitForUiUrl(child: ChildProcess, out: { text: string }, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no UI URL within ${timeoutMs} ms:\n${out.text}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out.text += d.toString();
      const m = /Relaybox UI: (http:\/\/\S+)/.exec(out.text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out.text += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`engine exited (${code}):\n${out.text}`)); });
  });
}

async function stopEngine(engine: ChildProcess): Promise<void> {
  if (engine.exitCode !== null || engine.signalCode !== null) return;
  const exited = new Promise((r) => engine.once('exit', r));
  engine.kill('SIGTERM');
  const timer = setTimeout(() => engine.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts `relaybox serve --ui` on free ports and opens Chromium (not yet on the UI URL). */
export async function startStudio(extraYaml = 'logDestinations: [stdout]\n'): Promise<Studio> {
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-e2e-'));
  const [rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics] = await freePorts(9);
  const ports: TestPorts = { rtsp, rtp, rtcp, rtmp, hls, webrtc, webrtcUdp, api, metrics };
  const config = join(dir, 'relaybox.yml');
  writeFileSync(config, testConfigYaml(ports, extraYaml));
  const out = { text: '' };
  const engine = spawn(process.execPath, [join(ROOT, 'bin/relaybox.js'), 'serve', '--ui', '--config', config],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let context: BrowserContext | undefined;
  try {
    const uiUrl = await waitForUiUrl(engine, out, 15_000);
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(15_000);
    // A render error unmounts the whole app; keep its message beside the engine's output.
    page.on('pageerror', (e) => { out.text += `\n[page error] ${e.message}\n${e.stack ?? ''}\n`; });
    const ctx = context;
    return {
      dir, ports, uiUrl, engine, context: ctx, page,
      output: () => out.text,
      shot: async (name) => { await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }); },
      async close() {
        await ctx.close().catch(() => undefined);
        await stopEngine(engine);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await stopEngine(engine);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** startStudio, then the page on the UI with the server running and its RTMP listener up. */
export async function openRunningStudio(extraYaml?: string): Promise<Studio> {
  const studio = await startStudio(extraYaml);
  try {
    const { page, uiUrl } = studio;
    await page.goto(uiUrl);
    await page.locator('.server-state[data-state="running"], .server-state[data-state="partial"]').waitFor();
    await page.locator('[data-listener="rtmp"] .state[data-state="listening"]').waitFor();
    return studio;
  } catch (e) {
    await studio.close();
    throw e;
  }
}

/**
 * Screenshots <name>-en-light, then in 简体中文 <name>-zh-light and <name>-zh-dark, and switches
 * back to English and light. `zhShown` appears once the screen has re-rendered in Chinese.
 */
export async function shotLanguagesAndThemes(studio: Studio, name: string, zhShown: Locator): Promise<void> {
  const { page } = studio;
  await studio.shot(`${name}-en-light`);
  await page.locator('.lang-select').selectOption('zh-CN');
  await zhShown.waitFor();
  await studio.shot(`${name}-zh-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await studio.shot(`${name}-zh-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('.lang-select').selectOption('en');
}

/** Frames the page actually presented (requestVideoFrameCallback), counting up to 31 within 10 s. */
export function framesShown(video: Locator): Promise<number> {
  return video.evaluate((v: HTMLVideoElement) => new Promise<number>((resolve) => {
    let n = 0;
    const timer = setTimeout(() => resolve(n), 10_000);
    const onFrame = () => {
      n++;
      if (n > 30) { clearTimeout(timer); resolve(n); } else v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  }));
}

/** Home → "Send test stream" → its link to Streams; resolves with the stream card once it is live. */
export async function sendTestStream(page: Page, path = 'test'): Promise<Locator> {
  await page.locator('[data-nav="home"]').click();
  await page.locator('button.test-stream-start').click();
  await page.locator('.test-stream .note').waitFor();
  await page.locator('.test-stream button.link').click();
  const card = page.locator(`li.stream[data-path="${path}"]`);
  await card.locator('.state[data-ready="true"]').waitFor({ timeout: 30_000 });
  return card;
}
