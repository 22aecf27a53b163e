import { describe, expect, it } from 'vitest';
import { LogHub, type LogHubOptions } from '../../../src/main/engine/log';
import type { LogEntry } from '../../../src/shared/log';

const LINE = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} (ERR|WAR|INF|DEB) (.*)$/;

function hubWithStdout(opts: LogHubOptions = {}): { hub: LogHub; lines: string[] } {
  const lines: string[] = [];
  const hub = new LogHub({ ...opts, stdout: (line) => lines.push(line) });
  return { hub, lines };
}

describe('LogHub levels', () => {
  it('defaults to info: debug is dropped, the rest is kept', () => {
    const { hub, lines } = hubWithStdout();
    const log = hub.logger('core');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(hub.recent().map((e) => [e.level, e.message])).toEqual([
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(lines.map((l) => LINE.exec(l.trimEnd())?.[1])).toEqual(['INF', 'WAR', 'ERR']);
  });

  it.each([
    ['error', ['error']],
    ['warn', ['warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
  ] as const)('level %s keeps %j', (level, kept) => {
    const hub = new LogHub({ level, destinations: [] });
    const log = hub.logger('x');
    log.debug('m');
    log.info('m');
    log.warn('m');
    log.error('m');
    expect(hub.recent().map((e) => e.level)).toEqual(kept);
    expect(log.isEnabled?.('debug')).toBe(level === 'debug');
  });

  it('does no work for a disabled level: the message is not even converted to text', () => {
    const hub = new LogHub({ level: 'info', destinations: [] });
    let stringified = 0;
    const costly = { toString: () => `built ${++stringified}` } as unknown as string;
    hub.logger('x').debug(costly);
    expect(stringified).toBe(0);
    expect(hub.recent()).toEqual([]);
    hub.logger('x').info(costly);
    expect(stringified).toBe(1);
    expect(hub.recent()[0].message).toBe('built 1');
  });

  it('changes level at runtime (hot reload)', () => {
    const hub = new LogHub({ level: 'info', destinations: [] });
    const log = hub.logger('x');
    log.debug('before');
    hub.configure({ level: 'debug' });
    log.debug('after');
    hub.configure({ level: 'error' });
    log.warn('muted');
    expect(hub.level).toBe('error');
    expect(hub.recent().map((e) => e.message)).toEqual(['after']);
  });

  it('rejects an unknown level', () => {
    const hub = new LogHub({ destinations: [] });
    expect(() => hub.configure({ level: 'verbose' as never })).toThrow(/logLevel/);
  });
});

describe('LogHub module tags', () => {
  it('tags entries and lines with the module, child() adds sub-tags', () => {
    const { hub, lines } = hubWithStdout();
    const rtmp = hub.logger('rtmp');
    const conn = rtmp.child('conn 127.0.0.1:50312');
    const session = conn.child('session 7');
    rtmp.info('listener opened on :1935');
    session.info('publishing to cam1');
    expect(rtmp.module).toBe('rtmp');
    expect(conn.module).toBe('rtmp conn 127.0.0.1:50312');
    expect(hub.recent().map((e) => e.module)).toEqual(['rtmp', 'rtmp conn 127.0.0.1:50312 session 7']);
    expect(LINE.exec(lines[0].trimEnd())?.[2]).toBe('[RTMP] listener opened on :1935');
    expect(LINE.exec(lines[1].trimEnd())?.[2]).toBe('[RTMP] [conn 127.0.0.1:50312] [session 7] publishing to cam1');
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('redacts module names built from user data', () => {
    const hub = new LogHub({ destinations: [] });
    const src = hub.logger('source').child('rtsp://admin:hunter2@cam/1');
    expect(src.module).toBe('source rtsp://admin:***@cam/1');
  });

  it('writes nothing to stdout when stdout is not a destination, but still keeps the ring', () => {
    const { hub, lines } = hubWithStdout({ destinations: [] });
    hub.logger('x').info('quiet');
    expect(lines).toEqual([]);
    expect(hub.recent()).toHaveLength(1);
    hub.configure({ destinations: ['stdout'] });
    hub.logger('x').info('loud');
    expect(lines).toHaveLength(1);
  });

  it('redacts every message before the ring, subscribers and stdout see it', () => {
    const { hub, lines } = hubWithStdout();
    const seen: LogEntry[] = [];
    hub.subscribe((e) => seen.push(e));
    hub.logger('rtsp').info('pulling rtsp://admin:hunter2@10.0.0.5/ch1?token=abc123');
    const all = [lines[0], hub.recent()[0].message, seen[0].message].join('\n');
    expect(all).not.toMatch(/hunter2|abc123/);
    expect(seen[0].message).toBe('pulling rtsp://admin:***@10.0.0.5/ch1?token=***');
  });
});

describe('LogHub ring buffer', () => {
  it('keeps the last `capacity` entries with consecutive seqs across the wrap', () => {
    const hub = new LogHub({ capacity: 5, destinations: [] });
    const log = hub.logger('x');
    for (let i = 1; i <= 12; i++) log.info(`m${i}`);
    const recent = hub.recent();
    expect(recent.map((e) => e.message)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);
    expect(recent.map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(recent.every((e, i) => i === 0 || e.time >= recent[i - 1].time)).toBe(true);
  });

  it('defaults to 10,000 entries', () => {
    const hub = new LogHub({ destinations: [] });
    const log = hub.logger('x');
    for (let i = 1; i <= 10_050; i++) log.info(`m${i}`);
    const recent = hub.recent();
    expect(recent).toHaveLength(10_000);
    expect(recent[0].seq).toBe(51);
    expect(recent[9_999].seq).toBe(10_050);
  });

  it('recent(limit, sinceSeq) returns the newest `limit` entries after sinceSeq, oldest first', () => {
    const hub = new LogHub({ capacity: 10, destinations: [] });
    const log = hub.logger('x');
    for (let i = 1; i <= 15; i++) log.info(`m${i}`); // holds 6..15
    const seqs = (entries: LogEntry[]) => entries.map((e) => e.seq);
    expect(seqs(hub.recent(3))).toEqual([13, 14, 15]);
    expect(seqs(hub.recent(undefined, 12))).toEqual([13, 14, 15]);
    expect(seqs(hub.recent(2, 12))).toEqual([14, 15]);
    expect(seqs(hub.recent(10, 12))).toEqual([13, 14, 15]);
    expect(seqs(hub.recent(undefined, 2))).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]); // 3..5 overwritten: gap visible
    expect(seqs(hub.recent(undefined, 15))).toEqual([]);
    expect(seqs(hub.recent(0))).toEqual([]);
    expect(new LogHub({ destinations: [] }).recent(5, 0)).toEqual([]);
  });

  it('stores frozen entries, so one consumer cannot alter what others see', () => {
    const hub = new LogHub({ destinations: [] });
    hub.logger('x').info('m');
    expect(Object.isFrozen(hub.recent()[0])).toBe(true);
  });
});

describe('LogHub subscribers', () => {
  it('delivers every entry at or above the level until unsubscribed', () => {
    const hub = new LogHub({ destinations: [] });
    const log = hub.logger('x');
    const got: string[] = [];
    const off = hub.subscribe((e) => got.push(e.message));
    log.info('a');
    log.debug('dropped');
    log.error('b');
    off();
    log.info('c');
    expect(got).toEqual(['a', 'b']);
    off(); // twice is harmless
  });

  it('a throwing subscriber does not break logging or other subscribers, and is reported once', () => {
    const { hub, lines } = hubWithStdout();
    const good: string[] = [];
    hub.subscribe(() => {
      throw new Error('boom');
    });
    hub.subscribe((e) => good.push(e.message));
    const log = hub.logger('x');
    log.info('one');
    log.info('two');
    expect(good.filter((m) => !m.includes('subscriber'))).toEqual(['one', 'two']);
    const reports = hub.recent().filter((e) => e.module === 'log');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ level: 'warn' });
    expect(reports[0].message).toContain('boom');
    expect(lines.filter((l) => l.includes('boom'))).toHaveLength(1);
    expect(hub.recent().map((e) => e.message)).toContain('two');
  });

  it('delivers in seq order even when a subscriber logs', () => {
    const hub = new LogHub({ destinations: [] });
    const log = hub.logger('x');
    const seqsA: number[] = [];
    const seqsB: number[] = [];
    hub.subscribe((e) => {
      seqsA.push(e.seq);
      if (e.message === 'first') log.info('logged by a subscriber');
    });
    hub.subscribe((e) => seqsB.push(e.seq));
    log.info('first');
    expect(seqsA).toEqual([1, 2]);
    expect(seqsB).toEqual([1, 2]);
  });

  it('a subscriber that unsubscribes another mid-delivery stops its deliveries', () => {
    const hub = new LogHub({ destinations: [] });
    const got: string[] = [];
    let offB = () => {};
    hub.subscribe(() => offB());
    offB = hub.subscribe((e) => got.push(e.message));
    hub.logger('x').info('a');
    expect(got).toEqual([]);
  });
});

describe('LogHub syslog', () => {
  it('accepts syslog as unsupported: one warning, no crash, other destinations work', () => {
    const { hub, lines } = hubWithStdout({ destinations: ['stdout', 'syslog'] });
    hub.configure({ destinations: ['syslog', 'stdout'] });
    hub.configure({ level: 'debug' });
    hub.logger('x').info('still here');
    const warnings = hub.recent().filter((e) => e.message.includes('syslog'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe('warn');
    expect(lines.some((l) => l.includes('still here'))).toBe(true);
  });
});

describe('LogHub stdout failures', () => {
  it('keeps the ring and subscribers working when writing stdout throws', () => {
    const hub = new LogHub({
      stdout: () => {
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    });
    const got: string[] = [];
    hub.subscribe((e) => got.push(e.message));
    hub.logger('x').info('a');
    expect(got).toEqual(['a']);
    expect(hub.recent()).toHaveLength(1);
  });
});
