// The publish page in headless Chromium with its fake camera and microphone: getUserMedia → WHIP;
// the path becomes ready with H.264 (+ Opus) and a werift WHEP viewer receives its frames.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { stopAll, waitFor } from '../../helpers/ffmpeg';
import { wheperiftClient } from './clients';

describe('publish page in headless Chromium', () => {
  let engine: Engine;
  let ports: TestPorts;
  let browser: BrowserContext | undefined;
  let profile: string;

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    profile = await mkdtemp(join(tmpdir(), 'relaybox-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await engine?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('publishes the camera over WHIP; WHEP viewers get its frames; leaving the page ends it', async () => {
    const page = await browser!.newPage();
    await page.goto(`http://127.0.0.1:${ports.webrtc}/pub/publish`);
    await waitFor(() => engine.paths.list().some((p) => p.name === 'pub' && p.ready), 'path pub ready', 100, 100);
    expect(engine.paths.list().find((p) => p.name === 'pub')!.tracks).toEqual(['H264', 'Opus']);
    expect(await page.textContent('#message')).toBe('Publishing');

    const viewer = await wheperiftClient(`http://127.0.0.1:${ports.webrtc}/pub/whep`);
    try {
      expect(viewer.reply.status, viewer.reply.body).toBe(201);
      await waitFor(() => viewer.frames > 30, '> 30 frames from the page', 100, 100);
      expect(viewer.audioPackets).toBeGreaterThan(0);
    } finally {
      await viewer.close();
    }
    await page.close({ runBeforeUnload: true });
    await waitFor(() => !engine.paths.list().some((p) => p.name === 'pub' && p.ready), 'path pub gone', 100, 100);
  }, 40_000);
});
