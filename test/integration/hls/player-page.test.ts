// Issue 5 item 3: the built-in player page plays in headless Chromium (hls.js served by the
// engine): video.currentTime advances and requestVideoFrameCallback counts > 30 frames in 10 s.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('HLS player page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--autoplay-policy=no-user-gesture-required'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const variant of ['mpegts', 'lowLatency'] as const) {
    describe(variant, () => {
      let engine: Engine;
      let ports: TestPorts;
      beforeAll(async () => {
        const t = await testConfig({ hlsVariant: variant });
        ports = t.ports;
        engine = createEngine({ config: t.config });
        await engine.start();
      });
      afterAll(async () => {
        await stopAll();
        await engine?.stop();
      });

      it('plays: currentTime advances and more than 30 frames are shown in 10 s', async () => {
        const page = await browser.newPage();
        try {
          // The page retries while nobody publishes yet; the stream starts after it loaded.
          const response = await page.goto(`http://127.0.0.1:${ports.hls}/live/cam1`);
          expect(response?.status()).toBe(200);
          expect(page.url()).toBe(`http://127.0.0.1:${ports.hls}/live/cam1/`);
          await page.waitForFunction(() => document.getElementById('message')?.hidden === false, undefined, { timeout: 10_000 });
          expect(await page.textContent('#message')).toMatch(/not ready/);
          publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live/cam1`);
          await waitFor(() => engine.paths.get('live/cam1')?.ready === true, 'live/cam1 ready');
          await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
          const { frames, advanced } = await page.evaluate(
            () =>
              new Promise<{ frames: number; advanced: number }>((resolve) => {
                const video = document.querySelector('video')!;
                const start = video.currentTime;
                let frames = 0;
                const onFrame = () => {
                  frames++;
                  video.requestVideoFrameCallback(onFrame);
                };
                video.requestVideoFrameCallback(onFrame);
                setTimeout(() => resolve({ frames, advanced: video.currentTime - start }), 10_000);
              }),
          );
          expect(frames).toBeGreaterThan(30);
          expect(advanced).toBeGreaterThan(5);
          expect(await page.isHidden('#message')).toBe(true);
        } finally {
          await page.close();
        }
      }, 60_000);
    });
  }
});
