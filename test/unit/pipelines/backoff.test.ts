import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, DEFAULT_BACKOFF } from '../../../src/main/engine/pipelines/backoff';

describe('backoff schedule', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect(Array.from({ length: 8 }, (_, i) => backoffDelay(i))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('keeps climbing while runs are short and resets after a stable minute', () => {
    const b = new Backoff();
    expect([b.next(500), b.next(2000), b.next(59_999)]).toEqual([1000, 2000, 4000]);
    expect(b.next(DEFAULT_BACKOFF.stableMs)).toBe(1000);
    expect(b.next(10)).toBe(2000);
  });

  it('gives up after maxRetries consecutive failures', () => {
    const b = new Backoff({ ...DEFAULT_BACKOFF, maxRetries: 2 });
    expect([b.next(0), b.next(0), b.next(0)]).toEqual([1000, 2000, null]);
    b.reset();
    expect(b.next(0)).toBe(1000);
  });
});
