// "Copy diagnostics": everything a bug report needs, and no secret.
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../src/shared/api';
import { defaultConfig } from '../../../src/shared/config';
import type { LogEntry } from '../../../src/shared/log';
import { diagnosticsText, ffmpegLine, recentProblems } from '../../../src/renderer/src/features/diagnostics/diagnostics-text';
import { configYamlText } from '../../../src/renderer/src/features/settings/config-yaml';

const status: EngineStatus = {
  state: 'partial', version: 'v0.1.0', listeners: [
    { name: 'rtsp', label: 'RTSP', key: 'rtspAddress', protocol: 'tcp', address: ':8554', port: 8554, state: 'port-conflict', owner: { pid: 4242, name: 'vlc' }, suggestion: 8555 },
    { name: 'rtmp', label: 'RTMP', key: 'rtmpAddress', protocol: 'tcp', address: ':1935', port: 1935, state: 'listening' },
  ],
};

const entry = (seq: number, level: LogEntry['level'], message: string): LogEntry => ({ seq, time: 1_700_000_000_000 + seq, level, module: 'rtsp', message });

describe('diagnostics text', () => {
  it('lists versions, FFmpeg, listeners with port owners, LAN addresses and recent problems', () => {
    const text = diagnosticsText({
      status, addresses: ['192.168.1.20'], userAgent: 'UA',
      capabilities: { ffmpeg: { path: '/usr/bin/ffmpeg', source: 'path', version: '7.1' }, platform: 'linux', encoders: [], workingHardwareH264: [], inputDevices: [], desktopMethods: [], drawtext: true },
      problems: recentProblems([entry(1, 'info', 'fine'), entry(2, 'warn', 'slow reader'), entry(3, 'error', 'listen failed')]),
    });
    expect(text).toContain('ffmpeg: 7.1 at /usr/bin/ffmpeg (from path)');
    expect(text).toContain('RTSP: tcp :8554 (port 8554) port-conflict held by vlc (PID 4242)');
    expect(text).toContain('LAN addresses: 192.168.1.20');
    expect(text).toContain('warn [rtsp] slow reader');
    expect(text).not.toContain('fine');
  });

  it('replaces passwords in the config and credentials in URLs and queries with ***', () => {
    const config = {
      ...defaultConfig(),
      authInternalUsers: [{ user: 'admin', pass: 'hunter2', ips: [], permissions: [{ action: 'publish' as const, path: '' }] }],
      paths: { cam1: { source: 'rtsp://cam:camsecret@10.0.0.9/stream', readUser: 'r', readPass: 'readsecret' } },
    };
    const text = diagnosticsText({
      status, addresses: [], userAgent: 'UA', configYaml: configYamlText(config, { redact: true }),
      problems: [entry(1, 'error', 'publish to rtmp://h/live?user=u&pass=querysecret refused')],
    });
    for (const secret of ['hunter2', 'camsecret', 'readsecret', 'querysecret']) expect(text).not.toContain(secret);
    expect(text).toContain('admin');
    expect(text).toContain('rtsp://cam:***@10.0.0.9/stream');
  });

  it('says why FFmpeg is unknown or missing', () => {
    expect(ffmpegLine(undefined)).toMatch(/unknown/);
    expect(ffmpegLine({ error: 'HTTP 404' })).toBe('unknown: HTTP 404');
    expect(ffmpegLine({ ffmpeg: { error: 'not on PATH' }, platform: 'linux', encoders: [], workingHardwareH264: [], inputDevices: [], desktopMethods: [], drawtext: false })).toBe('not found: not on PATH');
  });

  it('keeps the newest problems only', () => {
    const many = Array.from({ length: 50 }, (_, i) => entry(i, 'error', `e${i}`));
    expect(recentProblems(many, 5).map((e) => e.message)).toEqual(['e45', 'e46', 'e47', 'e48', 'e49']);
  });
});
