import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingQueue } from '../../../src/main/engine/core/ring-queue';

describe('RingQueue', () => {
  it('behaves like an array FIFO through growth and wrap-around', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant('shift' as const), fc.constant('clear' as const)), { maxLength: 300, size: 'max' }), (ops) => {
        const q = new RingQueue<number>(2);
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') expect(q.shift()).toBe(model.shift());
          else if (op === 'clear') {
            q.clear();
            model.length = 0;
          } else {
            q.push(op);
            model.push(op);
          }
          expect(q.length).toBe(model.length);
        }
        const rest: number[] = [];
        while (q.length > 0) rest.push(q.shift()!);
        expect(rest).toEqual(model);
      }),
    );
  });
});
