import { describe, expect, it } from 'vitest';
import type { PortReport } from '../../../src/shared/api';
import { formatListenAddress, formatPortTable, type PortCheck } from '../../../src/main/engine/system';

// A PortCheck goes to the UI as a PortReport without conversion.
const _sameShape: PortReport = {} as PortCheck;

describe('formatListenAddress', () => {
  it.each([
    ['', 8554, ':8554'],
    ['127.0.0.1', 9997, '127.0.0.1:9997'],
    ['::1', 9997, '[::1]:9997'],
    ['::', 8889, '[::]:8889'],
  ])('%j %i → %s', (host, port, text) => {
    expect(formatListenAddress(host, port)).toBe(text);
  });
});

describe('formatPortTable', () => {
  it('prints one aligned row per port: free, or who holds it and what to try instead', () => {
    const checks: PortCheck[] = [
      { key: 'rtspAddress', label: 'RTSP', protocol: 'tcp', host: '', port: 8554, free: true },
      {
        key: 'rtpAddress',
        label: 'RTP',
        protocol: 'udp',
        host: '',
        port: 8000,
        free: false,
        code: 'EADDRINUSE',
        owner: { pid: 15880, name: 'mediamtx.exe' },
        suggestion: 8002,
      },
      {
        key: 'rtmpAddress',
        label: 'RTMP',
        protocol: 'tcp',
        host: '',
        port: 1935,
        free: false,
        code: 'EADDRINUSE',
        owner: { pid: 4, name: 'System' },
        suggestion: 1936,
      },
      {
        key: 'hlsAddress',
        label: 'HLS',
        protocol: 'tcp',
        host: '',
        port: 8888,
        free: false,
        code: 'EACCES',
        reserved: { start: 8870, end: 8969, administered: false },
        error: 'port 8888 is reserved by Windows (excluded range 8870-8969, usually Hyper-V, WSL2 or Docker)',
        suggestion: 8970,
      },
      { key: 'apiAddress', label: 'Control API', protocol: 'tcp', host: '127.0.0.1', port: 9997, free: false, code: 'EADDRINUSE' },
    ];
    expect(formatPortTable(checks)).toBe(
      [
        'Listener     Protocol  Address         State  Details',
        'RTSP         TCP       :8554           free',
        'RTP          UDP       :8000           busy   held by mediamtx.exe (PID 15880); try :8002',
        'RTMP         TCP       :1935           busy   held by System (PID 4, HTTP.sys); try :1936',
        'HLS          TCP       :8888           busy   port 8888 is reserved by Windows (excluded range 8870-8969, usually Hyper-V, WSL2 or Docker); try :8970',
        'Control API  TCP       127.0.0.1:9997  busy   held by an unknown process',
        '',
        '4 of 5 ports are busy.',
      ].join('\n'),
    );
  });

  it('says so when everything is free', () => {
    const table = formatPortTable([{ key: 'rtmpAddress', label: 'RTMP', protocol: 'tcp', host: '', port: 1935, free: true }]);
    expect(table.split('\n').at(-1)).toBe('All 1 ports are free.');
  });

  it('marks this very process', () => {
    const table = formatPortTable([
      { key: 'rtmpAddress', label: 'RTMP', protocol: 'tcp', host: '', port: 1935, free: false, owner: { pid: process.pid, name: 'node' } },
    ]);
    expect(table).toContain(`held by this Relaybox process (PID ${process.pid})`);
  });
});
