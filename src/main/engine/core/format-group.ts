// The readers of one stream that share one output format, and that format's encoder.
import type { AccessUnit } from '../protocols/media/types';
import type { EncodedUnit, FormatEncoder } from './format';
import type { StreamReader } from './reader';

export class FormatGroup<T> {
  /** Copy-on-write: the fan-out loop iterates a snapshot while readers come and go. */
  readers: readonly StreamReader<T>[] = [];
  readonly header: EncodedUnit<T> | null;
  /**
   * Encodings of the GOP cache entries, index-aligned with GopCache.entries (null where the
   * format carries nothing). Replaced, never truncated, so replaying readers keep their view.
   */
  cache: (EncodedUnit<T> | null)[] = [];
  encodeErrors = 0;
  lastEncodeError: unknown = null;
  /**
   * The format leaves out the stream's video track (a legacy RTMP reader of H.265, an audio-only
   * WebRTC subscription): its readers would wait forever for a keyframe they never get, so every
   * unit it does carry is a resume point. Learnt from the encoder: a video keyframe it drops.
   */
  private withoutVideo = false;

  constructor(
    readonly key: string,
    private readonly encoder: FormatEncoder<T>,
  ) {
    const header = encoder.header?.() ?? null;
    this.header = header === null ? null : { item: header, size: encoder.byteLength(header), resumePoint: true };
  }

  /** Encode one unit for every reader of this format. A throwing encoder loses the unit only. */
  encode(au: AccessUnit, resumePoint: boolean, isVideo: boolean): EncodedUnit<T> | null {
    let item: T | null;
    try {
      item = this.encoder.encode(au);
    } catch (err) {
      this.encodeErrors++;
      this.lastEncodeError = err;
      return null;
    }
    if (isVideo) {
      if (item === null && au.key) this.withoutVideo = true;
      else if (item !== null) this.withoutVideo = false;
    }
    if (item === null) return null;
    return { item, size: this.encoder.byteLength(item), resumePoint: resumePoint || this.withoutVideo };
  }

  dropCacheFront(count: number): void {
    this.cache = count >= this.cache.length ? [] : this.cache.slice(count);
  }

  addReader(reader: StreamReader<T>): void {
    this.readers = [...this.readers, reader];
  }

  removeReader(reader: StreamReader<T>): boolean {
    const i = this.readers.indexOf(reader);
    if (i === -1) return false;
    this.readers = this.readers.filter((r) => r !== reader);
    return true;
  }
}
