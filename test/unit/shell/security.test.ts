// The window, navigation and permission rules the app really uses, read from src/main/security.ts
// with electron replaced by stand-ins that record what they are given.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Record<string, any>[]);
vi.mock('electron', () => ({
  BrowserWindow: class { constructor(opts: Record<string, unknown>) { created.push(opts); } },
}));

const { createSecureWindow, hardenWebContents, installPermissionPolicy, isAppUrl, isExternalLink, permissionAllowed } =
  await import('../../../src/main/security');

describe('main window options', () => {
  it('follow the Electron security checklist', () => {
    createSecureWindow('/app/out/preload/index.js', { x: 10, y: 20, width: 1000, height: 700 });
    const opts = created.at(-1)!;
    expect(opts).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(opts.webPreferences.enableBlinkFeatures).toBeUndefined();
  });
});

function fakeWebContents() {
  const wc = new EventEmitter() as EventEmitter & { openHandler?: (d: { url: string }) => { action: string } };
  Object.assign(wc, { setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => { wc.openHandler = fn; } });
  return wc;
}

function navEvent() {
  return { prevented: false, preventDefault() { this.prevented = true; } };
}

describe('navigation and window.open', () => {
  it('deny every new window and hand only http(s) links to the system browser', async () => {
    const wc = fakeWebContents();
    const opened: string[] = [];
    hardenWebContents(wc as never, async (u) => { opened.push(u); });
    for (const url of ['https://obsproject.com/', 'http://192.168.1.5:8888/cam1', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://obsproject.com/', 'http://192.168.1.5:8888/cam1']);
  });

  it('block in-window navigation, redirects and webviews', () => {
    const wc = fakeWebContents();
    const opened: string[] = [];
    hardenWebContents(wc as never, async (u) => { opened.push(u); });
    for (const [name, url] of [['will-navigate', 'https://evil.example/'], ['will-navigate', 'file:///tmp/x.html'], ['will-redirect', 'https://x/'], ['will-attach-webview', '']]) {
      const e = navEvent();
      wc.emit(name, e, url);
      expect(e.prevented, name).toBe(true);
    }
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('classify links', () => {
    expect(isExternalLink('https://a.b/')).toBe(true);
    expect(isExternalLink('not a url')).toBe(false);
    expect(isAppUrl('file:///x/index.html')).toBe(true);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });
});

describe('permissions', () => {
  it.each([
    ['media', 'file:///app/index.html#/capture', true],
    ['media', 'file:///app/index.html#/capture/screen', true],
    ['media', 'file:///app/index.html#/streams', false],
    ['media', 'https://evil.example/#/capture', false],
    ['geolocation', 'file:///app/index.html#/capture', false],
    ['notifications', 'file:///app/index.html', false],
    ['openExternal', 'file:///app/index.html', false],
    ['clipboard-read', 'file:///app/index.html', false],
  ])('%s from %s → %s', (permission, url, allowed) => {
    expect(permissionAllowed(permission, url)).toBe(allowed);
  });

  it('are wired into the session for requests and checks', () => {
    let request: any;
    let check: any;
    installPermissionPolicy({ setPermissionRequestHandler: (f: unknown) => { request = f; }, setPermissionCheckHandler: (f: unknown) => { check = f; } } as never);
    const answers: boolean[] = [];
    request({ getURL: () => 'file:///a/index.html' }, 'media', (ok: boolean) => answers.push(ok), { requestingUrl: 'file:///a/index.html#/capture' });
    request({ getURL: () => 'file:///a/index.html' }, 'media', (ok: boolean) => answers.push(ok), { requestingUrl: 'file:///a/index.html#/logs' });
    request({ getURL: () => 'file:///a/index.html' }, 'midiSysex', (ok: boolean) => answers.push(ok), {});
    expect(answers).toEqual([true, false, false]);
    expect(check(null, 'media', 'file://', { requestingUrl: 'file:///a/index.html#/capture' })).toBe(true);
    expect(check(null, 'hid', 'file://', { requestingUrl: 'file:///a/index.html#/capture' })).toBe(false);
  });
});

describe('renderer CSP', () => {
  const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directives = new Map(content.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));

  it('is strict for scripts and objects', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(content).not.toContain('unsafe-eval');
    // No wildcard hosts: only loopback may be reached over plain HTTP, on any port.
    const sources = [...directives.values()].flat();
    expect(sources.filter((s) => s === '*' || /^(https?|wss?):\/\/\*/.test(s) || s === 'https:' || s === 'http:')).toEqual([]);
  });

  it('still allows the preview sources: loopback HTTP, blob: and mediastream:', () => {
    expect(directives.get('media-src')).toEqual(expect.arrayContaining(['blob:', 'mediastream:', 'http://127.0.0.1:*']));
    expect(directives.get('connect-src')).toEqual(expect.arrayContaining(['http://127.0.0.1:*']));
  });
});
