// WHEP playback in headless Chromium (DESIGN §9): a minimal page POSTs its offer cross-origin
// (CORS preflight for application/sdp), counts decoded frames with requestVideoFrameCallback and
// reads the Opus audio (transcoded from the publisher's AAC) from getStats.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';

const CHROMIUM = '/usr/bin/chromium';

// Runs in the page: WHEP without trickle (the answer carries every candidate).
const PAGE = `<!doctype html><video id="v" muted autoplay playsinline></video><script>
window.frames_ = 0;
window.whep = async (url) => {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const v = document.getElementById('v');
  pc.ontrack = (e) => { if (e.track.kind === 'video') v.srcObject = e.streams[0] || new MediaStream([e.track]); };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); else pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); }; setTimeout(r, 2000); });
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
  const answer = await res.text();
  if (res.status !== 201) return { status: res.status, answer };
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  const count = () => { window.frames_++; v.requestVideoFrameCallback(count); };
  v.requestVideoFrameCallback(count);
  window.pc_ = pc;
  return { status: res.status, location: res.headers.get('Location') };
};
</script>`;

describe('WHEP in headless Chromium', () => {
  let engine: Engine;
  let ports: TestPorts;
  let browser: BrowserContext | undefined;
  let profile: string;

  beforeAll(async () => {
    const t = await testConfig({ readTimeout: '3s' });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`);
    await waitFor(() => engine.paths.list().some((p) => p.name === 'cam' && p.ready), 'path cam ready', 100, 100);
    profile = await mkdtemp(join(tmpdir(), 'relaybox-chromium-'));
    // A fresh profile per run; playwright takes it as launchPersistentContext's userDataDir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await engine?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('plays: requestVideoFrameCallback counts more than 30 frames within 10 s, and the AAC audio arrives as Opus', async () => {
    const page = await browser!.newPage();
    await page.setContent(PAGE);
    const r = await page.evaluate((url) => (window as unknown as { whep(u: string): Promise<{ status: number; location?: string; answer?: string }> }).whep(url),
      `http://127.0.0.1:${ports.webrtc}/cam/whep`);
    expect(r.status, r.answer).toBe(201);
    // The page read Location: CORS exposes it.
    expect(r.location).toMatch(/^\/cam\/whep\//);
    const frames = () => page.evaluate(() => (window as unknown as { frames_: number }).frames_);
    await waitFor(async () => (await frames()) > 30, '> 30 decoded frames', 100, 100);
    expect(await frames()).toBeGreaterThan(30);
    // The publisher's AAC arrives as Opus (the transcoder) and Chromium's decoder takes it: at
    // least half a second of samples, nearly none of them concealment (a decoder fed garbage
    // conceals). audioLevel stays 0 without an audio output device, so it is not checked here;
    // opus-transcoder.test.ts checks that the decoded samples are the sine, not silence.
    const audio = () => page.evaluate(async () => {
      const stats = await (window as unknown as { pc_: RTCPeerConnection }).pc_.getStats();
      let out = { samples: 0, concealed: 0, codec: '' };
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          out = { samples: s.totalSamplesReceived ?? 0, concealed: s.concealedSamples ?? 0, codec: (stats.get(s.codecId) as { mimeType?: string } | undefined)?.mimeType ?? '' };
        }
      });
      return out;
    });
    await waitFor(async () => (await audio()).samples > 24_000, 'Opus decoded in Chromium', 100, 100);
    const a = await audio();
    expect(a.codec.toLowerCase()).toBe('audio/opus');
    expect(a.concealed).toBeLessThan(a.samples * 0.1);
    // This page leaves without DELETE: its session ends when the browser's RTCP stops (readTimeout).
    await page.close();
    await waitFor(() => engine.conns('webrtcsessions')!.list().length === 0, 'the abandoned session ended', 100, 100);
  }, 30_000);

  it('the read page at /PATH plays (> 30 frames within 10 s) and ends its session when left', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const before = engine.conns('webrtcsessions')!.list().length;
    await page.goto(`http://127.0.0.1:${ports.webrtc}/cam`);
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number };
      w.frames_ = 0;
      const v = document.getElementById('video') as HTMLVideoElement;
      const count = () => { w.frames_++; v.requestVideoFrameCallback(count); };
      v.requestVideoFrameCallback(count);
    });
    const frames = () => page.evaluate(() => (window as unknown as { frames_: number }).frames_);
    await waitFor(async () => (await frames()) > 30, '> 30 decoded frames on the read page', 100, 100);
    expect(errors, errors.join('\n')).toEqual([]);
    expect(engine.conns('webrtcsessions')!.list().length).toBe(before + 1);
    await page.close({ runBeforeUnload: true });
    await waitFor(() => engine.conns('webrtcsessions')!.list().length === before, 'the page session ended', 100, 100);
  }, 30_000);
});
