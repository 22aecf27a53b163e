import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/main/engine/log/ring-buffer';

describe('RingBuffer', () => {
  it('keeps items in order below capacity', () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.slice()).toEqual([1, 2]);
    expect(ring.at(0)).toBe(1);
    expect(ring.at(2)).toBeUndefined();
  });

  it('overwrites the oldest item once full, keeping oldest-first order', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) {
      ring.push(i);
      const expected = Array.from({ length: Math.min(i, 3) }, (_, k) => i - Math.min(i, 3) + 1 + k);
      expect(ring.slice()).toEqual(expected);
    }
    expect(ring.size).toBe(3);
    expect(ring.at(0)).toBe(8);
    expect(ring.at(2)).toBe(10);
  });

  it('slices a range across the wrap point', () => {
    const ring = new RingBuffer<string>(4);
    for (const s of 'abcdef') ring.push(s); // holds c d e f, physically e f c d
    expect(ring.slice(1, 3)).toEqual(['d', 'e']);
    expect(ring.slice(2)).toEqual(['e', 'f']);
    expect(ring.slice(-5, 99)).toEqual(['c', 'd', 'e', 'f']);
    expect(ring.slice(3, 1)).toEqual([]);
  });

  it('clears', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.clear();
    expect(ring.size).toBe(0);
    ring.push(4);
    expect(ring.slice()).toEqual([4]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });
});
