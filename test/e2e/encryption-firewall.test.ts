// Encrypted listeners and the Windows Firewall help in the real GUI: `relaybox serve --ui` with
// RTSPS only (rtspEncryption strict) and RTMPS beside RTMP (rtmpEncryption optional), a
// self-signed certificate made with openssl, headless Chromium. The OBS fields and play URLs
// follow the modes; an FFmpeg reader over RTSPS is kicked from Streams (through the TLS list);
// Settings shows the key/cert fields; Diagnostics shows the firewall help.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run, stopAll } from '../helpers/ffmpeg';
import { freePorts } from '../helpers/ports';
import { makeTestCert, type TestCert } from '../integration/tls/certs';
import { openRunningStudio, sendTestStream, shotLanguagesAndThemes, type Studio } from './studio-harness';

let studio: Studio;
let cert: TestCert;
let rtsps: number;
let rtmps: number;

beforeAll(async () => {
  cert = await makeTestCert();
  [rtsps, rtmps] = await freePorts(2);
  studio = await openRunningStudio([
    'logDestinations: [stdout]',
    'rtspEncryption: strict', `rtspsAddress: 127.0.0.1:${rtsps}`, `rtspServerKey: ${cert.keyFile}`, `rtspServerCert: ${cert.certFile}`,
    'rtmpEncryption: optional', `rtmpsAddress: 127.0.0.1:${rtmps}`, `rtmpServerKey: ${cert.keyFile}`, `rtmpServerCert: ${cert.certFile}`,
    '',
  ].join('\n'));
});

afterEach(() => {
  expect(studio.output()).not.toContain('[page error]');
});

afterAll(async () => {
  await studio?.close();
  await stopAll();
  await cert?.remove();
});

const value = (sel: string) => studio.page.locator(sel).inputValue();

describe('encrypted listeners in the GUI', () => {
  it('gives OBS both servers under "optional", and only RTSPS play URLs under "strict"', async () => {
    const { page, ports } = studio;
    await page.locator('[data-listener="rtsps"] .state[data-state="listening"]').waitFor();
    await page.locator('[data-field="guide-obs-server-tls"]').waitFor();
    expect(await value('[data-field="guide-obs-server"] input')).toBe(`rtmp://127.0.0.1:${ports.rtmp}`);
    expect(await value('[data-field="guide-obs-server-tls"] input')).toBe(`rtmps://127.0.0.1:${rtmps}`);
    expect(await value('[data-field="guide-obs-key"] input')).toBe('mystream');

    const card = await sendTestStream(page);
    expect(await card.locator('[data-field="rtsps"] input').inputValue()).toBe(`rtsps://127.0.0.1:${rtsps}/test`);
    expect(await card.locator('[data-field="rtsp"]').count()).toBe(0);
    expect(await card.locator('[data-field="rtmp"] input').inputValue()).toBe(`rtmp://127.0.0.1:${ports.rtmp}/test`);
    expect(await card.locator('[data-field="rtmps"] input').inputValue()).toBe(`rtmps://127.0.0.1:${rtmps}/test`);
    expect(await card.locator('[data-field="obs-server-tls"] input').inputValue()).toBe(`rtmps://127.0.0.1:${rtmps}`);
    await studio.shot('encryption-streams-en-light');
  });

  it('kicks an RTSPS reader from Streams', async () => {
    const { page } = studio;
    // FFmpeg does not verify the certificate unless told to (tls_verify=0 is its default).
    const reader = run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp',
      '-i', `rtsps://127.0.0.1:${rtsps}/test`, '-t', '60', '-f', 'null', '-']);
    const card = page.locator('li.stream[data-path="test"]');
    const sessions = card.locator('details.sessions');
    const readerRow = sessions.locator('li', { hasText: 'rtspsSession' });
    await sessions.locator('summary').click();
    await readerRow.waitFor({ timeout: 20_000 });
    await readerRow.locator('button.kick').click();
    await sessions.locator('.note[role="status"]').waitFor().catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await sessions.innerHTML()}\n${reader.stderr()}`);
    });
    expect(await readerRow.locator('.error').count()).toBe(0);
    const code = await Promise.race([reader.exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    expect(code).not.toBe('still running');
    expect(studio.output()).toMatch(/kicked through the API/);
  });

  it('shows the key and certificate fields next to each encryption switch', async () => {
    const { page } = studio;
    await page.locator('[data-nav="settings"]').click();
    await page.locator('[data-tab="ports"]').click();
    const group = page.locator('[data-group="rtsp"]');
    expect(await group.locator('[data-setting="global:rtspEncryption"] select').inputValue()).toBe('strict');
    expect(await group.locator('[data-setting="global:rtspServerKey"] input').inputValue()).toBe(cert.keyFile);
    expect(await group.locator('.tls-file[data-tls-on="true"] [data-setting="global:rtspServerCert"]').count()).toBe(1);
    expect(await page.locator('.tls-file[data-tls-on="false"] [data-setting="global:hlsServerKey"]').count()).toBe(1);
    await shotLanguagesAndThemes(studio, 'settings-ports-tls', page.locator('[data-tab="ports"]', { hasText: '端口' }));
  });

  it('explains the firewall prompt and lists what needs no rule', async () => {
    const { page } = studio;
    await page.locator('[data-nav="diagnostics"]').click();
    const help = page.locator('details.firewall-help');
    await help.locator('summary').click();
    await help.locator('.fw-local').waitFor();
    // Every listener here is bound to 127.0.0.1, so none needs an inbound rule.
    expect(await help.locator('.fw-none').count()).toBe(1);
    expect(await help.locator('.fw-local').textContent()).toContain('RTSPS');
    await shotLanguagesAndThemes(studio, 'diagnostics-firewall', help.locator('summary', { hasText: 'Windows 防火墙' }));
  });
});
