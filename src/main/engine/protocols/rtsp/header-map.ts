// RTSP headers: names compare case-insensitively (RFC 2326 §4.2 inherits RFC 2616 §4.2), but we
// keep the sender's spelling and order so a message serializes back byte for byte, and repeated
// headers (WWW-Authenticate with Basic and Digest) stay separate values.

export class RtspHeaderMap {
  private readonly names: string[] = [];
  private readonly lower: string[] = [];
  private readonly values: string[] = [];

  constructor(init?: Iterable<readonly [string, string]> | Record<string, string>) {
    if (!init) return;
    const entries = Symbol.iterator in init ? (init as Iterable<readonly [string, string]>) : Object.entries(init);
    for (const [name, value] of entries) this.append(name, value);
  }

  get size(): number {
    return this.names.length;
  }

  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined {
    const i = this.lower.indexOf(name.toLowerCase());
    return i < 0 ? undefined : this.values[i];
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.lower.length; i++) if (this.lower[i] === key) out.push(this.values[i]);
    return out;
  }

  has(name: string): boolean {
    return this.lower.includes(name.toLowerCase());
  }

  /** Replaces every value of `name` with one (kept at the first one's position). */
  set(name: string, value: string): this {
    const key = name.toLowerCase();
    const i = this.lower.indexOf(key);
    if (i < 0) return this.append(name, value);
    this.values[i] = value;
    for (let j = this.lower.length - 1; j > i; j--) if (this.lower[j] === key) this.removeAt(j);
    return this;
  }

  append(name: string, value: string): this {
    this.names.push(name);
    this.lower.push(name.toLowerCase());
    this.values.push(value);
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    for (let j = this.lower.length - 1; j >= 0; j--) if (this.lower[j] === key) this.removeAt(j);
    return this;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i], this.values[i]];
  }

  entries(): [string, string][] {
    return [...this];
  }

  private removeAt(i: number): void {
    this.names.splice(i, 1);
    this.lower.splice(i, 1);
    this.values.splice(i, 1);
  }
}
