import { describe, expect, it } from 'vitest';
import { collectingLogger, nullLogger } from '../../../src/main/engine/log';

describe('nullLogger', () => {
  it('accepts every call, builds children, and reports every level as disabled', () => {
    const log = nullLogger('rtsp');
    log.error('e');
    log.info('i');
    const child = log.child('conn 1');
    child.debug('d');
    expect(child.module).toBe('rtsp conn 1');
    expect(log.isEnabled?.('error')).toBe(false);
  });
});

describe('collectingLogger', () => {
  it('records entries from itself and its children, in order, with seqs', () => {
    const log = collectingLogger('rtmp');
    log.info('listening');
    log.child('conn 7').warn('slow reader');
    log.debug('detail');
    expect(log.entries.map((e) => [e.seq, e.level, e.module, e.message])).toEqual([
      [1, 'info', 'rtmp', 'listening'],
      [2, 'warn', 'rtmp conn 7', 'slow reader'],
      [3, 'debug', 'rtmp', 'detail'],
    ]);
    expect(log.messages('warn')).toEqual(['slow reader']);
    expect(log.messages()).toEqual(['listening', 'slow reader', 'detail']);
    log.clear();
    expect(log.entries).toEqual([]);
  });

  it('applies a level when given one', () => {
    const log = collectingLogger('x', { level: 'warn' });
    log.info('no');
    log.error('yes');
    expect(log.messages()).toEqual(['yes']);
  });

  it('redacts like the hub, so password tests elsewhere can use it', () => {
    const log = collectingLogger();
    log.warn('auth failed for rtsp://alice:wonderland@h/cam');
    expect(log.messages()).toEqual(['auth failed for rtsp://alice:***@h/cam']);
  });
});
