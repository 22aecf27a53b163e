// @vitest-environment happy-dom
// Diagnostics → Windows Firewall as a component, fed the listener table of a real engine: one row
// and one command per reachable listener, the public-network switch, open on Windows, 简体中文.
import { afterEach, describe, expect, it } from 'vitest';
import { act, createElement } from 'react';
import { defaultConfig } from '../../../src/shared/config';
import { createEngine } from '../../../src/main/engine/engine';
import { FirewallHelp } from '../../../src/renderer/src/features/diagnostics/FirewallHelp';
import { useApp } from '../../../src/renderer/src/store';
import { mountScreen, type MountedScreen } from './dom-screen';

let screen: MountedScreen | undefined;
const $ = <T extends Element = HTMLElement>(sel: string) => screen!.host.querySelector<T>(sel);
const status = createEngine({ config: { ...defaultConfig(), logDestinations: [] } }).status();

afterEach(async () => { await screen?.unmount(); screen = undefined; });

const mount = (platform: string) => mountScreen(() => createElement(FirewallHelp, { status, platform }));

describe('FirewallHelp', () => {
  it('lists the rules and the exact commands, open on Windows', async () => {
    useApp.setState({ lang: 'en' });
    screen = await mount('win32');
    expect($<HTMLDetailsElement>('.firewall-help')!.open).toBe(true);
    expect([...screen.host.querySelectorAll('[data-fw-rule]')].map((r) => r.getAttribute('data-fw-rule')))
      .toEqual(['rtsp', 'rtp', 'rtcp', 'rtmp', 'hls', 'webrtc', 'webrtcUdp']);
    const script = $('.fw-script')!.textContent!;
    expect(script).toContain('netsh advfirewall firewall add rule name="Relaybox WebRTC media (UDP) UDP 8189-8444" dir=in action=allow protocol=UDP localport=8189-8444 profile=private');
    expect(script.trim().split('\r\n')).toHaveLength(7);
    expect($('.fw-local')!.textContent).toContain('Control API');
    expect($('.firewall-help')!.textContent).toContain('"Private networks"');

    await act(async () => { $<HTMLInputElement>('.fw-public input')!.click(); });
    expect($('.fw-script')!.textContent).toContain('profile=private,public');
    expect($<HTMLInputElement>('[data-field="fw-rtsp"] input')!.value).toMatch(/localport=8554 profile=private,public$/);
    expect($<HTMLInputElement>('[data-field="fw-del-rtsp"] input')!.value).toBe('netsh advfirewall firewall delete rule name="Relaybox RTSP TCP 8554" dir=in protocol=TCP localport=8554');
  });

  it('starts closed elsewhere and is translated', async () => {
    useApp.setState({ lang: 'zh-CN' });
    screen = await mount('linux');
    expect($<HTMLDetailsElement>('.firewall-help')!.open).toBe(false);
    expect($('.firewall-help summary')!.textContent).toBe('Windows 防火墙');
    expect($('.firewall-help')!.textContent).toContain('专用网络');
    expect($('.fw-copy-all')!.textContent).toBe('复制全部命令');
  });
});
