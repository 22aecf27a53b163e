// A fixed-size ring: O(1) append that overwrites the oldest item, so the log history never
// shifts or reallocates an array however long the server runs.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Index of the oldest item. */
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      // Full: the slot of the oldest item becomes the newest.
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Item `index` counted from the oldest (0) to the newest (size - 1). */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** Items from `from` (inclusive) to `to` (exclusive), oldest first, as a new array. */
  slice(from = 0, to = this.count): T[] {
    const begin = Math.max(0, Math.min(from, this.count));
    const end = Math.max(begin, Math.min(to, this.count));
    const out = new Array<T>(end - begin);
    for (let i = begin; i < end; i++) out[i - begin] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
