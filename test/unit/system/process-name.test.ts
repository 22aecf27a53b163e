import { describe, expect, it } from 'vitest';
import { chooseLinuxProcessName, type LinuxProcessFacts } from '../../../src/main/engine/system';

describe('chooseLinuxProcessName', () => {
  it.each<[string, LinuxProcessFacts, string]>([
    [
      'Node 24 renames its main thread: the executable name wins',
      { exe: '/work/main/node_modules/node/bin/node', argv: ['/work/main/node_modules/.bin/node', '/tmp/hold.js'], comm: 'MainThread' },
      'node',
    ],
    ['plain program', { exe: '/usr/sbin/nginx', argv: ['nginx: master process /usr/sbin/nginx'], comm: 'nginx' }, 'nginx'],
    [
      'script keeps its own name rather than the interpreter',
      { exe: '/usr/bin/python3.11', argv: ['/usr/bin/python3', '/usr/local/bin/rtsp-relay'], comm: 'rtsp-relay' },
      'rtsp-relay',
    ],
    [
      'comm cut to 15 bytes still matches',
      { exe: '/opt/bin/gst-launch-1.0-custom', argv: ['gst-launch-1.0-custom'], comm: 'gst-launch-1.0-' },
      'gst-launch-1.0-',
    ],
    ['binary replaced while running', { exe: '/usr/bin/mediamtx (deleted)', argv: ['./mediamtx'], comm: 'mediamtx' }, 'mediamtx'],
    ['exe not readable: argv[0]', { argv: ['/usr/local/bin/node', 'server.js'], comm: 'MainThread' }, 'node'],
    ['exe not readable, argv rewritten: comm', { argv: ['postgres: checkpointer'], comm: 'postgres' }, 'postgres'],
    ['login shell argv[0]', { exe: '/usr/bin/bash', argv: ['-bash'], comm: 'bash' }, 'bash'],
    ['kernel thread: comm only', { argv: [], comm: 'kworker/0:1' }, 'kworker/0:1'],
    ['nothing readable', { argv: [] }, '?'],
  ])('%s', (_what, facts, name) => {
    expect(chooseLinuxProcessName(facts)).toBe(name);
  });
});
