// Output formats and sinks for stream tests.
import type { FormatEncoder, OutputFormat, ReaderSink } from '../../src/main/engine/core/format';
import type { AccessUnit } from '../../src/main/engine/protocols/media/types';

/** What a counting encoder produced for one unit: identity matters (shared, not copied). */
export interface TaggedItem {
  readonly format: string;
  readonly track: number;
  readonly dts: number;
  readonly key: boolean;
  readonly bytes: Buffer;
}

/**
 * A format that counts encode() calls across every stream it serves. Items carry the unit's
 * identity, so tests can check order and that readers got the very same object.
 */
export class CountingFormat implements OutputFormat<TaggedItem> {
  encodes = 0;
  encodersCreated = 0;
  headers = 0;

  constructor(
    readonly key: string,
    private readonly opts: { header?: boolean; only?: (au: AccessUnit) => boolean } = {},
  ) {}

  createEncoder(): FormatEncoder<TaggedItem> {
    this.encodersCreated++;
    return {
      header: this.opts.header
        ? () => {
            this.headers++;
            return { format: this.key, track: -1, dts: -1, key: false, bytes: Buffer.alloc(10) };
          }
        : undefined,
      encode: (au) => {
        this.encodes++;
        if (this.opts.only && !this.opts.only(au)) return null;
        const size = (au.payload?.length ?? 0) + (au.nalus ?? []).reduce((n, b) => n + b.length, 0);
        return { format: this.key, track: au.track, dts: au.dts, key: au.key, bytes: Buffer.alloc(size + 4) };
      },
      byteLength: (item) => item.bytes.length,
    };
  }
}

/**
 * A sink that records what it got. `accept` decides write()'s answer: true always (a fast
 * reader), false always (a reader whose socket never drains), or a function.
 */
export class RecordingSink<T> implements ReaderSink<T> {
  readonly items: T[] = [];
  ended: string | null = null;

  constructor(public accept: boolean | ((item: T, index: number) => boolean) = true) {}

  write(item: T): boolean {
    this.items.push(item);
    return typeof this.accept === 'function' ? this.accept(item, this.items.length - 1) : this.accept;
  }

  end(reason: string): void {
    this.ended = reason;
  }
}

export class ThrowingSink<T> implements ReaderSink<T> {
  write(_item: T): boolean {
    throw new Error('socket exploded');
  }
}
